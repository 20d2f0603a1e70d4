import { z } from 'zod';
import { boundedMemo } from './built-once.js';

/**
 * Calendar arithmetic in IANA time zones, with Intl only (instants come in; nothing reads the clock).
 * Formatters are cached per zone: the scheduler evaluates every channel every minute.
 */

/** ISO weekday: 1 Monday … 7 Sunday. */
export const weekdaySchema = z.literal([1, 2, 3, 4, 5, 6, 7]);
export type Weekday = z.infer<typeof weekdaySchema>;

const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** "Monday" … "Sunday". */
export function weekdayName(day: Weekday): string {
  return weekdayNames[day - 1] as string;
}

/** A time of day on the wall clock, 00:00 to 23:59. */
export const postTimeSchema = z
  .object({ hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59) })
  .readonly();
export type PostTime = z.infer<typeof postTimeSchema>;

/** A time of day as it is written and stored, "HH:MM" ("09:30"), read as a `PostTime`. */
export const postTimeTextSchema = z
  .string()
  .regex(/^\d\d:\d\d$/, 'expected a time of day, HH:MM')
  .transform((text) => ({ hour: Number(text.slice(0, 2)), minute: Number(text.slice(3)) }))
  .pipe(postTimeSchema);

/** A calendar date, YYYY-MM-DD (as `localDate` gives it). */
export const localDateSchema = z.iso.date();

/** A formatter per time zone, made on first use (making one costs far more than using it). */
function formatPerZone(locale: string, options: Intl.DateTimeFormatOptions) {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (timeZone: string): Intl.DateTimeFormat => {
    let format = formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      formats.set(timeZone, format);
    }
    return format;
  };
}

const dateFormat = formatPerZone('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: number, timeZone: string): string {
  return dateFormat(timeZone).format(at);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

const offsetFormat = formatPerZone('en-US', {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Offset of `timeZone` from UTC at `instant`, in ms (Berlin in winter: +3 600 000). */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = offsetFormat(timeZone).formatToParts(instant);
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

/** The first instant of the next local day: what "today" means in a time zone ends just before it. */
export function endOfLocalDay(at: number, timeZone: string): number {
  return zonedInstant(addDays(localDate(at, timeZone), 1), { hour: 0, minute: 0 }, timeZone);
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

/** `localDate` and `zonedInstant`, as a port: the plain functions, or `rememberedCalendar`'s. */
export type ZoneCalendar = {
  readonly localDate: (at: number, timeZone: string) => string;
  readonly zonedInstant: (date: string, time: PostTime, timeZone: string) => number;
};

/** The plain conversions: nothing remembered. */
export const plainCalendar: ZoneCalendar = { localDate, zonedInstant };

/**
 * The same conversions, each answer remembered (up to `limit` of each, then forgotten all at once):
 * for one pass of the daily plan, where thousands of channels share a few (zone, time, date) and the
 * same instant. Same answers as the plain functions, which are pure; each `zonedInstant` costs two or
 * three `Intl` formats (tens of µs). Made per pass, so nothing outlives it.
 */
export function rememberedCalendar(limit = 10_000): ZoneCalendar {
  const dates = boundedMemo<string>(limit);
  const instants = boundedMemo<number>(limit);
  return {
    localDate: (at, timeZone) => dates(`${at} ${timeZone}`, () => localDate(at, timeZone)),
    zonedInstant: (date, time, timeZone) =>
      instants(`${date} ${time.hour}:${time.minute} ${timeZone}`, () => zonedInstant(date, time, timeZone)),
  };
}
