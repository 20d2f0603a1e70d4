import { localDate } from './practice.js';

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

export const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** ISO weekday: 1 Monday … 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type PostTime = { readonly hour: number; readonly minute: number };

export type Schedule = {
  readonly time: PostTime;
  readonly timeZone: string;
  readonly days: readonly Weekday[];
};

export type ChannelSchedule = Schedule & {
  /** Posts are due only for scheduled times after this instant (subscribing or changing settings). */
  readonly effectiveFrom: number;
  /** Paused: no posts until `pausedUntil` (a local date, posting resumes that day), or at all when null. */
  readonly paused: boolean;
  readonly pausedUntil: string | null;
  /** Local dates to skip. */
  readonly skips: ReadonlySet<string>;
};

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Berlin in winter: +3 600 000). */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

export function zoneOffset(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - (instant - (instant % 1000));
}

function dateParts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

/** The instant when the wall clock in `timeZone` shows `time` on `date`; a time skipped by DST maps past the gap. */
export function zonedInstant(date: string, time: PostTime, timeZone: string): number {
  const [y, m, d] = dateParts(date);
  const wall = Date.UTC(y, m - 1, d, time.hour, time.minute);
  const first = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(first, timeZone);
  if (second === first) return first;
  // The offset changes between our guesses: either a gap (the wall time does not exist) or an overlap.
  const third = wall - zoneOffset(second, timeZone);
  return third === second ? second : Math.max(first, second);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): Weekday {
  const [y, m, d] = dateParts(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (day === 0 ? 7 : day) as Weekday;
}

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
