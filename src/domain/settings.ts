import { z } from 'zod';
import { localDateSchema, type Weekday, weekdaySchema } from './calendar.js';
import { findHolidayCalendar, holidayCountryNamed } from './holidays.js';
import { pairsCadences } from './pairing.js';
import { joinMeridiem, quote, readTimeOfDay, readTimeZone } from './time-words.js';

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * A daily reminder's time as people type it, in `/star remind` and in the Settings window: one time
 * of day ("8:30am", "20:30", "noon") read as "HH:MM", or "off" for none (an empty field too, when
 * `emptyIsOff`). Otherwise the problem, in a few words.
 */
export function readReminderTime(
  text: string,
  options: { emptyIsOff: boolean },
): { ok: true; time: string | null } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'off') return { ok: true, time: null };
  if (trimmed === '')
    return options.emptyIsOff ? { ok: true, time: null } : { ok: false, problem: 'at what time?' };
  const words = joinMeridiem(trimmed).split(/\s+/);
  if (words.length > 1)
    return { ok: false, problem: 'a reminder takes one time (it follows your Slack time zone)' };
  const reading = readTimeOfDay(words[0] ?? '');
  if (reading.kind === 'value') return { ok: true, time: reading.value };
  return {
    ok: false,
    problem: reading.kind === 'problem' ? reading.problem : `${quote(trimmed)} is not a time of day`,
  };
}

/**
 * The personal settings of the App Home's Settings window, as submitted: the reminder field (a time
 * or "off"; empty is off) and whether "Hide me from leaderboards" is ticked. An unreadable time is an
 * issue on `reminder`, the field it names.
 */
export const personalSettingsFormSchema = z
  .object({ reminder: z.string().max(100, 'Too long for a time: try 8:30am, or off.'), hide: z.boolean() })
  .transform((form, ctx) => {
    const read = readReminderTime(form.reminder, { emptyIsOff: true });
    if (!read.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['reminder'],
        message: `${capitalised(read.problem)}. Try 8:30am, 20:30, or off.`,
      });
      return z.NEVER;
    }
    return { reminderTime: read.time, hidden: form.hide };
  });
export type PersonalSettingsForm = z.output<typeof personalSettingsFormSchema>;

/** The question of the day is posted on its days, or paused (until a day, or until resumed). */
export const channelStatuses = ['posting', 'paused'] as const;

/**
 * A channel's question of the day as its settings window submits it (App Home → Settings → a
 * channel): the time from the time picker ("HH:MM"), the zone as typed (`CET`, `Europe/Berlin`,
 * `Tokyo`), the ticked days ("1" Monday … "7" Sunday), the holiday calendar as typed (`DE`,
 * `DE-BY`, `Germany`; empty for none), posting or paused (with an optional last day of the pause),
 * one day to skip, whether the coach answers in its threads, and its mock-interview rounds (off,
 * every week or every two weeks, on a weekday). Each problem is an issue on the field it names, in
 * the words the slash commands use.
 */
export const channelSettingsFormSchema = z
  .object({
    time: z.string(),
    zone: z.string().max(100, 'Too long for a time zone: try Europe/Berlin or CET.'),
    days: z.array(z.string()),
    holidays: z.string().max(100, 'Too long for a country: try DE, DE-BY, or leave it empty.'),
    status: z.enum(channelStatuses),
    pausedUntil: z.string(),
    skip: z.string(),
    coach: z.boolean(),
    pairs: z.enum(['off', ...pairsCadences]),
    pairsDay: z.string(),
  })
  .transform((form, ctx) => {
    const fail = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    };
    const time = /^([01]\d|2[0-3]):[0-5]\d$/.test(form.time) ? form.time : undefined;
    if (!time) return fail('time', 'Pick a time of day, like 09:00.');
    const zoneText = form.zone.trim();
    const zone = zoneText === '' ? undefined : readTimeZone(zoneText);
    if (zone?.kind !== 'value')
      return fail(
        'zone',
        zone?.kind === 'problem'
          ? `${capitalised(zone.problem)}. Try Europe/Berlin, America/New_York or CET.`
          : 'Name a time zone, like Europe/Berlin, America/New_York or CET.',
      );
    const days = [...new Set(form.days.map(Number))].filter((d) => weekdaySchema.safeParse(d).success);
    if (days.length === 0) return fail('days', 'Tick at least one day.');
    const holidaysText = form.holidays.trim();
    let holidays: string | null = null;
    if (holidaysText !== '' && holidaysText.toLowerCase() !== 'off') {
      const calendar = findHolidayCalendar(holidaysText) ?? holidayCountryNamed(holidaysText);
      if (!calendar)
        return fail(
          'holidays',
          `I don’t know public holidays for ${quote(holidaysText)}. Try a country code (DE) or a region (DE-BY), or leave it empty.`,
        );
      holidays = calendar.code;
    }
    const date = (text: string) => (localDateSchema.safeParse(text).success ? text : null);
    return {
      time,
      timeZone: zone.value,
      days: (days as Weekday[]).sort((a, b) => a - b),
      holidays,
      paused: form.status === 'paused',
      pausedUntil: form.status === 'paused' ? date(form.pausedUntil) : null,
      skip: date(form.skip),
      coach: form.coach,
      pairs:
        form.pairs === 'off'
          ? null
          : {
              cadence: form.pairs,
              weekday: (weekdaySchema.safeParse(Number(form.pairsDay)).data ?? 1) as Weekday,
            },
    };
  });
export type ChannelSettingsForm = z.output<typeof channelSettingsFormSchema>;
