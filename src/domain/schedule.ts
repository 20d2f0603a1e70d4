import { z } from 'zod';
import {
  addDays,
  localDate,
  localDateSchema,
  type PostTime,
  postTimeSchema,
  type Weekday,
  weekdayOf,
  weekdaySchema,
  zonedInstant,
} from './calendar.js';

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
  })
  .readonly();
export type ChannelSchedule = z.infer<typeof channelScheduleSchema>;

/** Whether the channel posts on `date` at all (its days, skips and pause). */
export function postsOn(schedule: ChannelSchedule, date: string): boolean {
  if (!schedule.days.includes(weekdayOf(date))) return false;
  if (schedule.skips.has(date)) return false;
  if (schedule.paused && (schedule.pausedUntil === null || date < schedule.pausedUntil)) return false;
  return true;
}

/**
 * The local date whose post is due at `now`, or null. Only today's post can be due: from its
 * scheduled time until the local day ends, if that time came after `effectiveFrom`.
 */
export function duePostDate(schedule: ChannelSchedule, now: number): string | null {
  const today = localDate(now, schedule.timeZone);
  if (!postsOn(schedule, today)) return null;
  const at = zonedInstant(today, schedule.time, schedule.timeZone);
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
): { date: string; at: number } | null {
  if (schedule.paused && schedule.pausedUntil === null) return null;
  let date = localDate(now, schedule.timeZone);
  for (let i = 0; i < 800; i++, date = addDays(date, 1)) {
    if (!postsOn(schedule, date) || posted(date)) continue;
    const at = zonedInstant(date, schedule.time, schedule.timeZone);
    if (at <= schedule.effectiveFrom) continue;
    return { date, at: Math.max(at, now) };
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

/** The local date whose weekly recap is due at `now`, or null: Friday, from the posting time on. */
export function dueRecapDate(schedule: ChannelSchedule, now: number): string | null {
  const today = localDate(now, schedule.timeZone);
  if (weekdayOf(today) !== recapWeekday) return null;
  if (schedule.paused && (schedule.pausedUntil === null || today < schedule.pausedUntil)) return null;
  const at = zonedInstant(today, schedule.time, schedule.timeZone);
  return at <= now && at > schedule.effectiveFrom ? today : null;
}
