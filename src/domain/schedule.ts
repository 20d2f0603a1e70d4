import { z } from 'zod';
import {
  addDays,
  localDate,
  localDateSchema,
  type PostTime,
  plainCalendar,
  postTimeSchema,
  type Weekday,
  weekdayOf,
  weekdaySchema,
  type ZoneCalendar,
  zonedInstant,
} from './calendar.js';
import { type HolidayLookup, holidayCalendarCodeSchema } from './holidays.js';

/**
 * When a channel's question of the day is due. Pure: time comes in as `now` (ms since the epoch).
 *
 * A channel posts once per local calendar day, on its days, at its local time. Worked example,
 * Europe/Berlin at 09:00 on weekdays, subscribed Monday 21:00:
 *   Monday 21:30   → nothing (Monday's 09:00 was before the subscription)
 *   Tuesday 08:59  → nothing; Tuesday 09:00 → due for Tuesday; Tuesday 11:00 (app was down) → still due
 *   Wednesday 00:10 → Tuesday's post is never sent any more: a missed post never goes out on a later day
 * On a spring-forward day a 02:30 post (a time that does not exist) goes out at 03:30, once; on a
 * fall-back day 02:30 happens twice and the post goes out once (the outbox key is the local date).
 *
 * A channel that skips a country's public holidays posts on none of them, as if each were skipped
 * with `/star skip`: Europe/Berlin with holidays DE posts nothing on Friday 25 December 2026 and
 * next on Monday 28 December. The day is the channel's local date, whatever its time of day or
 * summer time. Which days are holidays is a `HolidayLookup` passed in (`holidays.ts`, or a table).
 */

const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Monday to Friday. */
export const weekdays: readonly Weekday[] = [1, 2, 3, 4, 5];
export type { PostTime, Weekday } from './calendar.js';

/**
 * A channel's schedule of the question of the day: a local time on some weekdays, in a time zone,
 * with its pause and skipped days.
 */
export const channelScheduleSchema = z
  .object({
    time: postTimeSchema,
    /** An IANA time zone ("Europe/Berlin"). */
    timeZone: z.string().min(1),
    days: z.array(weekdaySchema).readonly(),
    /** Posts are due only for scheduled times after this instant (subscribing or changing settings). */
    effectiveFrom: z.number(),
    /** Paused: no posts until `pausedUntil` (a local date, posting resumes that day), or at all when null. */
    paused: z.boolean(),
    pausedUntil: localDateSchema.nullable(),
    /** Local dates to skip. */
    skips: z.set(localDateSchema).readonly(),
    /** The holiday calendar (`DE`, `DE-BY`) whose public holidays are skipped; null: none. */
    holidays: holidayCalendarCodeSchema.nullable(),
  })
  .readonly();
export type ChannelSchedule = z.infer<typeof channelScheduleSchema>;

/** Whether `date` is one of the channel's days, not skipped and not paused (holidays aside). */
function postingDay(schedule: ChannelSchedule, date: string): boolean {
  if (!schedule.days.includes(weekdayOf(date))) return false;
  if (schedule.skips.has(date)) return false;
  if (schedule.paused && (schedule.pausedUntil === null || date < schedule.pausedUntil)) return false;
  return true;
}

/** The public holiday the channel skips on `date` (its name), if its calendar has one that day. */
function holidayOn(schedule: ChannelSchedule, date: string, holidays: HolidayLookup): string | undefined {
  return schedule.holidays === null ? undefined : holidays(schedule.holidays, date);
}

/** Whether the channel posts on `date` at all (its days, skips, pause and public holidays). */
export function postsOn(schedule: ChannelSchedule, date: string, holidays: HolidayLookup): boolean {
  return postingDay(schedule, date) && holidayOn(schedule, date, holidays) === undefined;
}

/**
 * The local date whose post is due at `now`, or null. Only today's post can be due: from its
 * scheduled time until the local day ends, if that time came after `effectiveFrom`. `calendar`: the
 * zone conversions (a pass over many channels passes `rememberedCalendar()`; same answers).
 */
export function duePostDate(
  schedule: ChannelSchedule,
  now: number,
  holidays: HolidayLookup,
  calendar: ZoneCalendar = plainCalendar,
): string | null {
  return dueToday(schedule, now, calendar, (today) => postsOn(schedule, today, holidays));
}

/**
 * Today's local date (in the channel's zone) if `happens` that day and its posting time has come,
 * after `effectiveFrom`; otherwise null.
 */
function dueToday(
  schedule: ChannelSchedule,
  now: number,
  calendar: ZoneCalendar,
  happens: (today: string) => boolean,
): string | null {
  const today = calendar.localDate(now, schedule.timeZone);
  if (!happens(today)) return null;
  const at = calendar.zonedInstant(today, schedule.time, schedule.timeZone);
  return at <= now && at > schedule.effectiveFrom ? today : null;
}

/**
 * The next post: the first posting date from today whose scheduled time is after `effectiveFrom`
 * and not yet posted; today's post, when due but not sent yet, counts as "now". Null when paused
 * indefinitely or no day is chosen.
 */
export function nextPost(
  schedule: ChannelSchedule,
  now: number,
  posted: (date: string) => boolean,
  holidays: HolidayLookup,
  calendar: ZoneCalendar = plainCalendar,
): { date: string; at: number } | null {
  if (schedule.paused && schedule.pausedUntil === null) return null;
  let date = calendar.localDate(now, schedule.timeZone);
  for (let i = 0; i < 800; i++, date = addDays(date, 1)) {
    if (!postsOn(schedule, date, holidays) || posted(date)) continue;
    const at = calendar.zonedInstant(date, schedule.time, schedule.timeZone);
    if (at <= schedule.effectiveFrom) continue;
    return { date, at: Math.max(at, now) };
  }
  return null;
}

/**
 * The first public holiday from today (the channel's) to `withinDays` days ahead that takes a post
 * away: one on a day the channel would otherwise post (a Saturday holiday takes nothing from a
 * weekday channel). Null when there is none, or the channel skips no holidays.
 */
export function nextHolidaySkipped(
  schedule: ChannelSchedule,
  now: number,
  holidays: HolidayLookup,
  withinDays = 14,
): { date: string; name: string } | null {
  if (schedule.holidays === null) return null;
  const today = localDate(now, schedule.timeZone);
  for (let i = 0; i <= withinDays; i++) {
    const date = addDays(today, i);
    const name = postingDay(schedule, date) ? holidayOn(schedule, date, holidays) : undefined;
    if (name !== undefined) return { date, name };
  }
  return null;
}

export function formatTime(time: PostTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

export function describeDays(days: readonly Weekday[]): string {
  const sorted = [...days].sort();
  if (sorted.length === 7) return 'daily';
  if (sorted.join() === '1,2,3,4,5') return 'weekdays';
  return sorted.map((d) => weekdayNames[d - 1]).join(',');
}

/** The weekly recap goes out on Fridays, at the channel's posting time. */
const recapWeekday: Weekday = 5;

/**
 * The day of `date`'s week (Monday to Sunday) that gets the weekly recap: Friday; when Friday is a
 * public holiday the channel skips, the working day before it that is not one (Good Friday moves the
 * recap to Thursday; Christmas Day on a Friday, to Thursday 24th). Null when Monday to Friday are all
 * holidays: that week has no recap.
 */
function recapDayOfWeek(schedule: ChannelSchedule, date: string, holidays: HolidayLookup): string | null {
  let day = addDays(date, recapWeekday - weekdayOf(date));
  for (let weekday = recapWeekday; weekday >= 1; weekday--, day = addDays(day, -1))
    if (holidayOn(schedule, day, holidays) === undefined) return day;
  return null;
}

/**
 * Where the week of the recap on `recapDate` starts: the previous recap's day at the posting time
 * (a week before, or eight days when a holiday moved that one to Thursday), so every answer falls in
 * exactly one recap. A week back with no recap (all holidays) reaches to the one before.
 */
export function recapSince(schedule: ChannelSchedule, recapDate: string, holidays: HolidayLookup): number {
  for (let back = 7; back <= 28; back += 7) {
    const day = recapDayOfWeek(schedule, addDays(recapDate, -back), holidays);
    if (day) return zonedInstant(day, schedule.time, schedule.timeZone);
  }
  return zonedInstant(addDays(recapDate, -7), schedule.time, schedule.timeZone);
}

/**
 * The local date whose weekly recap is due at `now`, or null: Friday (or the day `recapDayOfWeek`
 * moves it to), from the posting time on.
 */
export function dueRecapDate(
  schedule: ChannelSchedule,
  now: number,
  holidays: HolidayLookup,
  calendar: ZoneCalendar = plainCalendar,
): string | null {
  return dueToday(
    schedule,
    now,
    calendar,
    (today) =>
      recapDayOfWeek(schedule, today, holidays) === today &&
      !(schedule.paused && (schedule.pausedUntil === null || today < schedule.pausedUntil)),
  );
}
