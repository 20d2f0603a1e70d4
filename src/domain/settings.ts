import { z } from 'zod';
import { joinMeridiem, quote, readTimeOfDay } from './time-words.js';

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
        message: `${read.problem.charAt(0).toUpperCase()}${read.problem.slice(1)}. Try 8:30am, 20:30, or off.`,
      });
      return z.NEVER;
    }
    return { reminderTime: read.time, hidden: form.hide };
  });
export type PersonalSettingsForm = z.output<typeof personalSettingsFormSchema>;
