import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findHolidayCalendar,
  holidayCalendars,
  holidayCountryNamed,
  publicHolidayOn,
} from '../../src/domain/holidays.js';

/** The holiday calendars, as the `date-holidays` package gives them: public holidays only, by local date. */

describe('publicHolidayOn', () => {
  it.each([
    ['DE', '2026-12-24', undefined], // Christmas Eve: a bank holiday in Germany, not a public one
    ['DE', '2026-12-25', 'Christmas Day'],
    ['DE', '2026-12-26', 'Boxing Day'],
    ['DE', '2026-12-28', undefined],
    ['DE', '2026-10-03', 'National Holiday'],
    ['US', '2026-11-26', 'Thanksgiving Day'],
    ['US', '2026-07-03', 'Independence Day (substitute day)'], // the 4th is a Saturday
    // A region's own holidays, on top of the country's.
    ['US', '2026-11-27', undefined],
    ['US-CA', '2026-11-27', 'Day after Thanksgiving Day'],
    ['US-CA', '2026-11-26', 'Thanksgiving Day'],
    ['DE', '2026-01-06', undefined],
    ['DE-BY', '2026-01-06', 'Epiphany'],
    ['DE-BY', '2026-12-25', 'Christmas Day'],
    ['GB-SCT', '2026-11-30', 'St Andrew’s Day'],
    ['GB', '2026-12-28', 'Boxing Day (substitute day)'],
    // Easter moves: computed for each year.
    ['DE', '2026-04-03', 'Good Friday'],
    ['DE', '2027-03-26', 'Good Friday'],
    // A holiday of several days counts each of them (Eid al-Fitr in the UAE: three).
    ['AE', '2026-03-20', 'End of Ramadan (Eid al-Fitr)'],
    ['AE', '2026-03-22', 'End of Ramadan (Eid al-Fitr)'],
    ['AE', '2026-03-23', undefined],
    // A public holiday of part of a day leaves the morning a working day (Guatemala, from noon).
    ['GT', '2026-12-24', undefined],
    ['GT', '2026-12-25', 'Christmas Day'],
    // A calendar the library does not know has no holidays.
    ['XX', '2026-12-25', undefined],
  ])('%s %s → %s', (calendar, date, expected) => {
    expect(publicHolidayOn(calendar, date)).toBe(expected);
  });

  it('gives the same days whatever the time zone of the process (no clock, no network)', () => {
    const dates = ['2026-12-24', '2026-12-25', '2026-12-26', '2027-03-28', '2027-03-29', '2026-11-26'];
    const calendars = ['DE', 'DE-BB', 'US', 'NZ', 'JP'];
    const here = calendars.flatMap((calendar) => dates.map((date) => publicHolidayOn(calendar, date) ?? '-'));
    const module = fileURLToPath(new URL('../../src/domain/holidays.ts', import.meta.url));
    const script = `const { publicHolidayOn } = await import(${JSON.stringify(module)});
      const calendars = ${JSON.stringify(calendars)}, dates = ${JSON.stringify(dates)};
      console.log(JSON.stringify(calendars.flatMap((c) => dates.map((d) => publicHolidayOn(c, d) ?? '-'))));`;
    for (const TZ of ['Pacific/Kiritimati', 'America/Anchorage']) {
      const output = execFileSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          env: { ...process.env, TZ },
          encoding: 'utf8',
        },
      );
      expect(JSON.parse(output), TZ).toEqual(here);
    }
    expect(here).toContain('Christmas Day');
    // Two Node processes, each compiling TypeScript and loading the holiday library: seconds on a busy machine.
  }, 30_000);
});

describe('findHolidayCalendar', () => {
  it.each([
    ['DE', { code: 'DE', country: 'DE', region: undefined, name: 'Germany' }],
    ['de', { code: 'DE', country: 'DE', region: undefined, name: 'Germany' }],
    [' de-by ', { code: 'DE-BY', country: 'DE', region: 'BY', name: 'Bayern, Germany' }],
    ['US-CA', { code: 'US-CA', country: 'US', region: 'CA', name: 'California, United States of America' }],
    ['gb-sct', { code: 'GB-SCT', country: 'GB', region: 'SCT', name: 'Scotland, United Kingdom' }],
    ['XX', undefined],
    ['UK', undefined],
    ['DE-ZZ', undefined],
    ['DEU', undefined],
    ['D', undefined],
    ['9am', undefined],
    ['DE-BY-A', undefined],
  ])('%j → %j', (typed, expected) => {
    expect(findHolidayCalendar(typed)).toEqual(expected);
  });

  it('knows countries by their English names, for telling someone the code', () => {
    expect(holidayCountryNamed('germany')?.code).toBe('DE');
    expect(holidayCountryNamed('United Kingdom')?.code).toBe('GB');
    expect(holidayCountryNamed('Narnia')).toBeUndefined();
  });

  it('lists every calendar for a picker: countries by name, each followed by its regions', () => {
    const calendars = holidayCalendars();
    const countries = calendars.filter((c) => c.region === undefined);
    expect(countries.length).toBeGreaterThan(150);
    expect(countries.map((c) => c.name)).toEqual(
      [...countries.map((c) => c.name)].sort((a, b) => a.localeCompare(b, 'en')),
    );
    const germany = calendars.findIndex((c) => c.code === 'DE');
    expect(calendars[germany + 1]?.country).toBe('DE');
    expect(calendars.map((c) => c.code)).toContain('DE-BY');
    for (const calendar of calendars) expect(findHolidayCalendar(calendar.code)).toEqual(calendar);
  });
});
