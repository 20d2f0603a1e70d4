import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { z } from 'zod';
import { addDays } from './calendar.js';

/**
 * Public holidays by country, or region of a country, from the `date-holidays` package: rules for
 * about 200 countries and their regions, kept up to date by its maintainers (code ISC, data CC BY-SA
 * from Wikipedia and official sources). Nothing here is a list of our own.
 *
 * Pure: holidays are computed from the package's rules for a given year, with no clock and no
 * network. A date is a local calendar date (YYYY-MM-DD), the same whatever the time zone of the
 * process or of the channel, and whatever summer time does that day.
 *
 * The package costs ~200 ms and ~25 MB to load, so it is loaded the first time a calendar is asked
 * for: processes and workspaces that skip no holidays never pay for it.
 */

/**
 * A holiday calendar as typed, stored and passed around: a country (ISO 3166-1 alpha-2, `DE`) or a
 * region of one (its ISO 3166-2 subdivision, `DE-BY`, `US-CA`), upper case.
 */
export const holidayCalendarCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,12})?$/, 'expected a country code (DE) or a country and region (DE-BY)');

/**
 * The name of the public holiday on a local date (YYYY-MM-DD) in a calendar (`DE`, `DE-BY`), or
 * undefined: how the schedule rules see holidays (`publicHolidayOn`, or a table in tests).
 */
export type HolidayLookup = (calendar: string, date: string) => string | undefined;

/** A calendar the holiday library knows, with its name in English where it has one. */
export type HolidayCalendar = {
  /** `DE`, `DE-BY`. */
  readonly code: string;
  /** `DE`. */
  readonly country: string;
  /** `BY`, or undefined for a whole country. */
  readonly region: string | undefined;
  /** `Germany`; a region with its country: `Bayern, Germany`. */
  readonly name: string;
};

type HolidaysClass = typeof Holidays;
type Country = {
  readonly code: string;
  readonly name: string;
  /** The library's regions by upper-case code, with the library's own spelling of the code. */
  regions?: ReadonlyMap<string, { readonly key: string; readonly name: string }>;
};
type Library = { readonly Holidays: HolidaysClass; readonly countries: ReadonlyMap<string, Country> };

let loaded: Library | undefined;

/** The package and its list of countries, loaded once, on first use (synchronously, its CommonJS build). */
function library(): Library {
  if (!loaded) {
    const HolidaysOf = createRequire(import.meta.url)('date-holidays') as HolidaysClass;
    const countries = new Map<string, Country>();
    for (const [code, name] of Object.entries(new HolidaysOf().getCountries('en')))
      countries.set(code.toUpperCase(), { code: code.toUpperCase(), name });
    loaded = { Holidays: HolidaysOf, countries };
  }
  return loaded;
}

function regionsOf(country: Country): NonNullable<Country['regions']> {
  if (!country.regions) {
    const { Holidays: HolidaysOf } = library();
    const states = new HolidaysOf().getStates(country.code, 'en') ?? {};
    country.regions = new Map(
      Object.entries(states).map(([key, name]) => [key.toUpperCase(), { key, name }] as const),
    );
  }
  return country.regions;
}

/** What could be a calendar code, checked before the library is loaded for it. */
const codeLike = /^[A-Za-z]{2}(-[A-Za-z0-9]{1,12})?$/;

/** The calendar `typed` names, in any case (`de`, `DE-BY`, `us-ca`), or undefined when the library has none. */
export function findHolidayCalendar(typed: string): HolidayCalendar | undefined {
  const text = typed.trim();
  if (!codeLike.test(text)) return undefined;
  const [countryCode = '', regionCode] = text.toUpperCase().split('-');
  const country = library().countries.get(countryCode);
  if (!country) return undefined;
  if (regionCode === undefined)
    return { code: country.code, country: country.code, region: undefined, name: country.name };
  const region = regionsOf(country).get(regionCode);
  if (!region) return undefined;
  return {
    code: `${country.code}-${regionCode}`,
    country: country.code,
    region: regionCode,
    name: `${region.name}, ${country.name}`,
  };
}

/** The country a name in English stands for (`germany` → `DE`), for telling someone its code. */
export function holidayCountryNamed(name: string): HolidayCalendar | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted.length < 3) return undefined;
  for (const country of library().countries.values())
    if (country.name.toLowerCase() === wanted) return findHolidayCalendar(country.code);
  return undefined;
}

/**
 * Every calendar the library knows, countries by name, each followed by its regions: what a picker
 * (the settings modal) offers.
 */
export function holidayCalendars(): readonly HolidayCalendar[] {
  const countries = [...library().countries.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return countries.flatMap((country) => {
    const regions = [...regionsOf(country).keys()]
      .map((region) => findHolidayCalendar(`${country.code}-${region}`))
      .filter((calendar): calendar is HolidayCalendar => calendar !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name, 'en'));
    const whole = findHolidayCalendar(country.code);
    return whole ? [whole, ...regions] : regions;
  });
}

const dayMs = 86_400_000;

/**
 * The public holidays of a calendar in a year: local date → name. A holiday counts when it takes
 * whole days, from midnight: every day of one that lasts several (Eid al-Fitr in the United Arab
 * Emirates: three), counted in whole days give or take an hour of summer time. A holiday of part of
 * a day (Christmas Eve from noon in Guatemala) leaves the morning a working day, and does not count.
 * Other kinds ('bank', 'school', 'optional', 'observance': Christmas Eve in Germany) do not count.
 */
function publicHolidaysIn(calendar: HolidayCalendar, year: number): ReadonlyMap<string, string> {
  const { Holidays: HolidaysOf, countries } = library();
  const country = countries.get(calendar.country);
  const state =
    country && calendar.region !== undefined ? regionsOf(country).get(calendar.region)?.key : undefined;
  const holidays = new HolidaysOf(
    state === undefined ? { country: calendar.country } : { country: calendar.country, state },
    { languages: ['en'] },
  );
  const days = new Map<string, string>();
  // Last year's too: a holiday of several days may run into this one.
  for (const holiday of [...holidays.getHolidays(year - 1, 'en'), ...holidays.getHolidays(year, 'en')]) {
    if (holiday.type !== 'public' || holiday.date.slice(11, 19) !== '00:00:00') continue;
    const length = Math.max(1, Math.floor((holiday.end.getTime() - holiday.start.getTime()) / dayMs + 0.1));
    for (let i = 0; i < length; i++) {
      const date = addDays(holiday.date.slice(0, 10), i);
      if (date.startsWith(`${year}-`) && !days.has(date)) days.set(date, holiday.name);
    }
  }
  return days;
}

/** Years computed, per calendar (`DE 2026`): each is a few dozen dates, asked for every minute. */
const years = new Map<string, ReadonlyMap<string, string>>();

/**
 * The name of the public holiday (type 'public' in the library's terms) on local date `date`
 * (YYYY-MM-DD) in `calendar` (`DE`, `DE-BY`), or undefined: none that day, or a calendar the library
 * does not know (any more).
 */
export const publicHolidayOn: HolidayLookup = (calendar, date) => {
  const year = Number(date.slice(0, 4));
  const key = `${calendar} ${year}`;
  let days = years.get(key);
  if (!days) {
    const known = findHolidayCalendar(calendar);
    days = known ? publicHolidaysIn(known, year) : new Map();
    if (years.size >= 1000) years.clear();
    years.set(key, days);
  }
  return days.get(date);
};
