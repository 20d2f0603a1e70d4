import { addDays, isTimeZone, type Weekday, weekdayName, weekdayOf } from './calendar.js';

/**
 * The words people type in `/star` for a time of day, a date and a time zone, read into the forms the
 * app keeps: "HH:MM", "YYYY-MM-DD" and an IANA zone name. Pure: "today" comes in as a date (the
 * caller's, in their time zone), nothing reads the clock.
 *
 *   times  8am · 8 am · 8:30pm · 8.30 p.m. · 08:30 · 20:30 · 8h30 · noon · midnight
 *          (12am is 00:00, 12pm is 12:00; a bare "8" is refused: 8am or 8pm?)
 *   dates  today · tomorrow · friday, fri, next friday (all three: the first Friday after today,
 *          1 to 7 days on) · 2026-12-24 (an impossible date, 2026-02-30, is refused saying so)
 *   zones  an IANA name in any case (europe/berlin → Europe/Berlin), a city alone (Tokyo), or an
 *          abbreviation from `zoneAbbreviations`
 *
 * Each reader answers with the value, with a problem (the word is of its kind but wrong, said in a
 * few words), or with `other` (not its kind of word: the caller tries another reading).
 */
export type Reading<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'problem'; readonly problem: string }
  | { readonly kind: 'other' };

const value = <T>(v: T): Reading<T> => ({ kind: 'value', value: v });
const problem = <T>(text: string): Reading<T> => ({ kind: 'problem', problem: text });
const other = { kind: 'other' } as const;

/** A word of the user's, quoted back in a reply (a backtick, which would open code in Slack, as '). */
export function quote(word: string): string {
  const clean = word.replace(/`/g, "'");
  return `“${clean.length > 40 ? `${clean.slice(0, 39)}…` : clean}”`;
}

// ---------------------------------------------------------------------------------------------
// Times of day

/** "8 am" and "8:30 p.m." become one word ("8am", "8:30p.m."), so a time is always one word. */
export function joinMeridiem(text: string): string {
  return text.replace(/(\d)\s+([ap]\.?m\.?)(?=\s|$)/gi, '$1$2');
}

const TIME = /^(\d{1,2})(?:[:.h](\d{2}))?(?:([ap])\.?(?:m\.?)?)?$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** A time of day as "HH:MM" (24-hour), from one word (after `joinMeridiem`). */
export function readTimeOfDay(word: string): Reading<string> {
  const lower = word.toLowerCase();
  if (lower === 'noon' || lower === 'midday') return value('12:00');
  if (lower === 'midnight') return value('00:00');
  if (!/^\d/.test(lower)) return other;
  const match = TIME.exec(lower);
  if (!match) return problem(`${quote(word)} is not a time of day`);
  const hour = Number(match[1]);
  const minutes = match[2];
  const meridiem = match[3];
  if (minutes !== undefined && Number(minutes) > 59)
    return problem(`${quote(word)} is not a time of day: the minutes go from 00 to 59`);
  if (meridiem) {
    if (hour < 1 || hour > 12)
      return problem(`${quote(word)} is not a time of day: with am or pm, the hour is 1 to 12`);
    const hour24 = (hour % 12) + (meridiem === 'p' ? 12 : 0);
    return value(`${pad(hour24)}:${minutes ?? '00'}`);
  }
  if (minutes === undefined) return problem(`${quote(word)} needs minutes or am/pm`);
  if (hour > 23) return problem(`${quote(word)} is not a time of day: the hours go from 00 to 23`);
  return value(`${pad(hour)}:${minutes}`);
}

// ---------------------------------------------------------------------------------------------
// Dates

const dayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * "Tuesday 24 November" for the local date "2026-11-24", as Intl.DateTimeFormat writes it in en-GB,
 * without one: the process's first formatter costs ICU's set-up (tens of ms), and one made per call
 * about a millisecond.
 */
export function dayAndMonth(localDate: string): string {
  const [, month, day] = localDate.split('-').map(Number);
  return `${weekdayName(weekdayOf(localDate))} ${day} ${monthNames[(month ?? 1) - 1]}`;
}

/** The weekday a word names: "mon", "tues", "thurs", "friday" (3 letters at least), else undefined. */
export function weekdayNamed(word: string): Weekday | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 3) return undefined;
  const index = dayNames.findIndex((name) => name.startsWith(lower));
  return index < 0 ? undefined : ((index + 1) as Weekday);
}

/** The first `day` after `today` (1 to 7 days on). */
function nextWeekday(today: string, day: Weekday): string {
  const ahead = (day - weekdayOf(today) + 7) % 7 || 7;
  return addDays(today, ahead);
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A calendar date, YYYY-MM-DD, from one or two words ("tomorrow", "next monday", "2026-12-24"). */
export function readDate(text: string, today: string): Reading<string> {
  const lower = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (lower === 'today') return value(today);
  if (lower === 'tomorrow' || lower === 'tmrw') return value(addDays(today, 1));
  const named = /^(?:next )?([a-z]+)$/.exec(lower);
  const day = named?.[1] === undefined ? undefined : weekdayNamed(named[1]);
  if (day !== undefined) return value(nextWeekday(today, day));
  if (!/^\d/.test(lower)) return other;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(lower);
  if (!iso) return problem(`${quote(text)} is not a date I can read: write it as YYYY-MM-DD`);
  const [year, month, date] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  if (month < 1 || month > 12) return problem(`there is no month ${month}`);
  if (date < 1 || date > daysInMonth(year, month))
    return problem(`there is no ${date} ${monthNames[month - 1]} ${year}`);
  return value(`${iso[1]}-${pad(month)}-${pad(date)}`);
}

/**
 * Dates for the examples in replies and in the help, relative to today so they never go stale.
 * `nextMonday` is what `next monday` means today.
 */
export function exampleDates(today: string): { tomorrow: string; nextMonday: string; inAWeek: string } {
  return { tomorrow: addDays(today, 1), nextMonday: nextWeekday(today, 1), inAWeek: addDays(today, 7) };
}

// ---------------------------------------------------------------------------------------------
// Time zones

/**
 * Abbreviations people write for a time zone, each read as one IANA zone that follows that region's
 * summer time (so CET in July is Berlin's CEST, and PT is Los Angeles all year). Where an
 * abbreviation names several zones, the table picks the most likely one for a team: IST is India
 * (not Ireland or Israel), CST is US Central (not China), MST is Denver (Arizona, with no summer
 * time, is `America/Phoenix`), GMT is London (with BST in summer; `UTC` for no summer time). The
 * reply always says the zone back in full, so a wrong guess shows.
 */
export const zoneAbbreviations: Readonly<Record<string, string>> = {
  UTC: 'UTC',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AWST: 'Australia/Perth',
  ACST: 'Australia/Adelaide',
  ACDT: 'Australia/Adelaide',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
  ET: 'America/New_York',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CT: 'America/Chicago',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MT: 'America/Denver',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PT: 'America/Los_Angeles',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  BRT: 'America/Sao_Paulo',
};

let zoneNames: { byName: Map<string, string>; byCity: Map<string, string> } | undefined;

/** The zones Intl knows, by lower-case name and by lower-case city ("berlin" → Europe/Berlin). */
function knownZones() {
  if (!zoneNames) {
    const names = [...Intl.supportedValuesOf('timeZone'), ...Object.values(zoneAbbreviations)];
    zoneNames = {
      byName: new Map(names.map((name) => [name.toLowerCase(), name])),
      byCity: new Map(
        names.filter((name) => name.includes('/')).map((name) => [cityOf(name).toLowerCase(), name]),
      ),
    };
  }
  return zoneNames;
}

const cityOf = (zone: string) => zone.slice(zone.lastIndexOf('/') + 1);

/** "asia/ho_chi_minh" → "Asia/Ho_Chi_Minh": the spelling of a zone Intl knows under another name. */
const titleCase = (name: string) =>
  name
    .toLowerCase()
    .replace(/(^|[/_])([a-z])/g, (_: string, sep: string, c: string) => sep + c.toUpperCase());

/**
 * An IANA time zone from one word: an abbreviation of the table, an IANA name in any case (checked
 * with Intl, spelt as IANA spells it), or a city alone ("Tokyo", "new_york").
 */
export function readTimeZone(word: string): Reading<string> {
  const upper = word.toUpperCase();
  const abbreviated = Object.hasOwn(zoneAbbreviations, upper) ? zoneAbbreviations[upper] : undefined;
  if (abbreviated) return value(abbreviated);
  if (/^(?:utc|gmt)?[+\-−]\d/i.test(word))
    return problem(`${quote(word)} is a fixed offset, which misses summer time: name the zone`);
  if (word.includes('/')) {
    if (!isTimeZone(word)) return problem(`${quote(word)} is not a time zone I know`);
    const known = knownZones().byName.get(word.toLowerCase());
    const typedInOneCase = word === word.toLowerCase() || word === word.toUpperCase();
    return value(known ?? (typedInOneCase ? titleCase(word) : word));
  }
  const city = knownZones().byCity.get(word.toLowerCase());
  if (city) return value(city);
  if (/^[A-Z]{2,5}$/.test(word)) return problem(`I don’t know the time zone ${quote(word)}`);
  return other;
}
