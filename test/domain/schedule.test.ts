import { describe, expect, it } from 'vitest';
import { addDays, localDate, type Weekday, zonedInstant } from '../../src/domain/calendar.js';
import { type HolidayLookup, publicHolidayOn } from '../../src/domain/holidays.js';
import {
  type ChannelSchedule,
  duePostDate,
  dueRecapDate,
  nextHolidaySkipped,
  nextPost,
  postsOn,
  recapSince,
} from '../../src/domain/schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const weekdays: Weekday[] = [1, 2, 3, 4, 5];
const daily: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
/** No public holidays anywhere. */
const noHolidays: HolidayLookup = () => undefined;

function channel(overrides: Partial<ChannelSchedule> & { timeZone: string }): ChannelSchedule {
  return {
    time: { hour: 9, minute: 0 },
    days: weekdays,
    effectiveFrom: at('2026-01-01T00:00:00Z'),
    paused: false,
    pausedUntil: null,
    skips: new Set(),
    holidays: null,
    ...overrides,
  };
}

describe('zonedInstant: local wall time → instant', () => {
  it.each([
    ['Europe/Berlin winter', '2026-01-15', '09:00', 'Europe/Berlin', '2026-01-15T08:00:00.000Z'],
    ['Europe/Berlin summer', '2026-07-15', '09:00', 'Europe/Berlin', '2026-07-15T07:00:00.000Z'],
    ['America/New_York winter', '2026-01-15', '09:00', 'America/New_York', '2026-01-15T14:00:00.000Z'],
    ['America/New_York summer', '2026-07-15', '09:00', 'America/New_York', '2026-07-15T13:00:00.000Z'],
    ['Asia/Kolkata (+05:30, no DST)', '2026-07-15', '09:00', 'Asia/Kolkata', '2026-07-15T03:30:00.000Z'],
    ['Pacific/Auckland summer (+13)', '2026-01-15', '09:00', 'Pacific/Auckland', '2026-01-14T20:00:00.000Z'],
    ['Pacific/Auckland winter (+12)', '2026-07-15', '09:00', 'Pacific/Auckland', '2026-07-14T21:00:00.000Z'],
    // Spring forward: 02:30 does not exist, the post goes out at 03:30 (once).
    ['Berlin spring-forward 02:30', '2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['New York spring-forward 02:30', '2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['Auckland spring-forward 02:30', '2026-09-27', '02:30', 'Pacific/Auckland', '2026-09-26T14:30:00.000Z'],
    // Fall back: 02:30 happens twice; one instant is chosen.
    ['Berlin fall-back 02:30', '2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T01:30:00.000Z'],
    ['New York fall-back 01:30', '2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['Auckland fall-back 02:30', '2026-04-05', '02:30', 'Pacific/Auckland', '2026-04-04T14:30:00.000Z'],
  ])('%s', (_name, date, time, zone, expected) => {
    const [hour, minute] = time.split(':').map(Number);
    expect(iso(zonedInstant(date, { hour: hour ?? 0, minute: minute ?? 0 }, zone))).toBe(expected);
  });
});

describe('duePostDate', () => {
  const berlin = channel({ timeZone: 'Europe/Berlin' });
  it.each([
    ['before 09:00 Berlin', berlin, '2026-11-24T07:59:59Z', null],
    ['at 09:00 Berlin', berlin, '2026-11-24T08:00:00Z', '2026-11-24'],
    ['later the same local day (after downtime)', berlin, '2026-11-24T22:59:00Z', '2026-11-24'],
    ['the next local day: the missed post is gone', berlin, '2026-11-24T23:00:00Z', null],
    ['Saturday is not a weekday', berlin, '2026-11-28T10:00:00Z', null],
    [
      'daily posts on Saturday',
      channel({ timeZone: 'Europe/Berlin', days: daily }),
      '2026-11-28T10:00:00Z',
      '2026-11-28',
    ],
    [
      'mon,wed,fri on Wednesday',
      channel({ timeZone: 'Europe/Berlin', days: [1, 3, 5] }),
      '2026-11-25T10:00:00Z',
      '2026-11-25',
    ],
    [
      'mon,wed,fri on Tuesday',
      channel({ timeZone: 'Europe/Berlin', days: [1, 3, 5] }),
      '2026-11-24T10:00:00Z',
      null,
    ],
    ['New York 09:00 is 14:00 UTC', channel({ timeZone: 'America/New_York' }), '2026-11-24T13:59:00Z', null],
    [
      'New York at 14:00 UTC',
      channel({ timeZone: 'America/New_York' }),
      '2026-11-24T14:00:00Z',
      '2026-11-24',
    ],
    ['Kolkata at 03:30 UTC', channel({ timeZone: 'Asia/Kolkata' }), '2026-11-24T03:30:00Z', '2026-11-24'],
    // 20:00 UTC Monday is already Tuesday 09:00 in Auckland (+13).
    [
      'Auckland: its Tuesday starts on Monday UTC',
      channel({ timeZone: 'Pacific/Auckland' }),
      '2026-11-23T20:00:00Z',
      '2026-11-24',
    ],
    [
      'skipped date',
      channel({ timeZone: 'Europe/Berlin', skips: new Set(['2026-11-24']) }),
      '2026-11-24T10:00:00Z',
      null,
    ],
    [
      'paused indefinitely',
      channel({ timeZone: 'Europe/Berlin', paused: true }),
      '2026-11-24T10:00:00Z',
      null,
    ],
    [
      'paused until tomorrow',
      channel({ timeZone: 'Europe/Berlin', paused: true, pausedUntil: '2026-11-25' }),
      '2026-11-24T10:00:00Z',
      null,
    ],
    [
      'paused until today: resumes today',
      channel({ timeZone: 'Europe/Berlin', paused: true, pausedUntil: '2026-11-24' }),
      '2026-11-24T10:00:00Z',
      '2026-11-24',
    ],
    // Subscribed at 21:00 for 09:00: not today, tomorrow.
    [
      'subscribed after today’s time',
      channel({ timeZone: 'Europe/Berlin', effectiveFrom: at('2026-11-24T20:00:00Z') }),
      '2026-11-24T21:00:00Z',
      null,
    ],
    [
      '…posts the next morning',
      channel({ timeZone: 'Europe/Berlin', effectiveFrom: at('2026-11-24T20:00:00Z') }),
      '2026-11-25T08:00:00Z',
      '2026-11-25',
    ],
    [
      'subscribed before today’s time',
      channel({ timeZone: 'Europe/Berlin', effectiveFrom: at('2026-11-24T06:00:00Z') }),
      '2026-11-24T08:00:00Z',
      '2026-11-24',
    ],
  ])('%s', (_name, schedule, now, expected) => {
    expect(duePostDate(schedule, at(now), noHolidays)).toBe(expected);
  });

  it('on a spring-forward day a 02:30 post is due once, from 03:30', () => {
    const schedule = channel({ timeZone: 'Europe/Berlin', days: daily, time: { hour: 2, minute: 30 } });
    expect(duePostDate(schedule, at('2026-03-29T01:29:00Z'), noHolidays)).toBeNull();
    expect(duePostDate(schedule, at('2026-03-29T01:30:00Z'), noHolidays)).toBe('2026-03-29');
  });

  it('every ten minutes of a week yield one due date per posting day (DST weeks included)', () => {
    for (const [zone, start] of [
      ['Europe/Berlin', '2026-03-26T00:00:00Z'],
      ['Europe/Berlin', '2026-10-22T00:00:00Z'],
      ['America/New_York', '2026-03-05T00:00:00Z'],
      ['America/New_York', '2026-10-29T00:00:00Z'],
      ['Pacific/Auckland', '2026-04-02T00:00:00Z'],
      ['Pacific/Auckland', '2026-09-24T00:00:00Z'],
      ['Asia/Kolkata', '2026-11-20T00:00:00Z'],
    ] as const) {
      for (const time of [
        { hour: 9, minute: 0 },
        { hour: 2, minute: 30 },
        { hour: 1, minute: 30 },
      ]) {
        const schedule = channel({ timeZone: zone, days: daily, time, effectiveFrom: at(start) });
        const firstDue = new Map<string, number>();
        for (let t = at(start); t < at(start) + 7 * 86_400_000; t += 10 * 60_000) {
          const date = duePostDate(schedule, t, noHolidays);
          if (date && !firstDue.has(date)) firstDue.set(date, t);
        }
        // Exactly the local dates whose post time falls in the window, each due from that time on
        // (the first sweep step at or after it), and on its own local date.
        const end = at(start) + 7 * 86_400_000;
        const expected = new Map<string, number>();
        for (let d = -1; d <= 8; d++) {
          const date = addDays(start.slice(0, 10), d);
          const instant = zonedInstant(date, time, zone);
          if (instant > at(start) && instant < end)
            expected.set(date, Math.ceil(instant / 600_000) * 600_000);
        }
        expect([...firstDue.keys()], `${zone} ${time.hour}:${time.minute}`).toEqual([...expected.keys()]);
        for (const [date, t] of firstDue) {
          if (t < end - 600_000) expect(t, `${zone} ${date}`).toBe(expected.get(date));
          expect(localDate(t, zone)).toBe(date);
        }
      }
    }
  });
});

describe('nextPost', () => {
  const berlin = channel({ timeZone: 'Europe/Berlin' });
  const none = () => false;
  it.each([
    ['later today', berlin, '2026-11-24T06:00:00Z', none, '2026-11-24T08:00:00.000Z'],
    [
      'tomorrow once today is posted',
      berlin,
      '2026-11-24T09:00:00Z',
      (d: string) => d === '2026-11-24',
      '2026-11-25T08:00:00.000Z',
    ],
    [
      'now, when today is due but not yet sent',
      berlin,
      '2026-11-24T09:00:00Z',
      none,
      '2026-11-24T09:00:00.000Z',
    ],
    [
      'Friday evening → Monday',
      berlin,
      '2026-11-27T20:00:00Z',
      (d: string) => d === '2026-11-27',
      '2026-11-30T08:00:00.000Z',
    ],
    [
      'paused until a date',
      channel({ timeZone: 'Europe/Berlin', paused: true, pausedUntil: '2026-12-03' }),
      '2026-11-24T06:00:00Z',
      none,
      '2026-12-03T08:00:00.000Z',
    ],
    [
      'after a skip',
      channel({ timeZone: 'Europe/Berlin', skips: new Set(['2026-11-25']) }),
      '2026-11-24T09:00:00Z',
      (d: string) => d === '2026-11-24',
      '2026-11-26T08:00:00.000Z',
    ],
    [
      'paused indefinitely',
      channel({ timeZone: 'Europe/Berlin', paused: true }),
      '2026-11-24T06:00:00Z',
      none,
      null,
    ],
  ])('%s', (_name, schedule, now, posted, expected) => {
    expect(iso(nextPost(schedule, at(now), posted, noHolidays)?.at)).toBe(expected);
  });
});

describe('public holidays: a rule on the channel’s local date, the calendar passed in', () => {
  /** A made-up calendar XX: Wednesday 25 November and Saturday 28 November 2026 are public holidays. */
  const table: HolidayLookup = (calendar, date) =>
    calendar === 'XX' ? { '2026-11-25': 'Founders Day', '2026-11-28': 'Harvest Day' }[date] : undefined;
  const never: HolidayLookup = () => {
    throw new Error('a channel without holidays never asks the calendar');
  };
  const xx = channel({ timeZone: 'Europe/Berlin', holidays: 'XX' });

  it.each([
    ['a holiday of its calendar', xx, '2026-11-25', false],
    ['the day before', xx, '2026-11-24', true],
    [
      'another calendar’s holiday',
      channel({ timeZone: 'Europe/Berlin', holidays: 'YY' }),
      '2026-11-25',
      true,
    ],
    ['no calendar', channel({ timeZone: 'Europe/Berlin' }), '2026-11-25', true],
  ])('postsOn: %s', (_name, schedule, date, expected) => {
    expect(postsOn(schedule, date, schedule.holidays === null ? never : table)).toBe(expected);
  });

  it('a holiday is never due, at any minute of it; the next post is the day after', () => {
    for (let t = at('2026-11-24T23:00:00Z'); t < at('2026-11-25T23:00:00Z'); t += 10 * 60_000)
      expect(duePostDate(xx, t, table)).toBeNull();
    expect(iso(nextPost(xx, at('2026-11-24T09:00:00Z'), (d) => d === '2026-11-24', table)?.at)).toBe(
      '2026-11-26T08:00:00.000Z',
    );
  });

  it.each([
    [
      'the next holiday on a posting day',
      xx,
      '2026-11-20T12:00:00Z',
      { date: '2026-11-25', name: 'Founders Day' },
    ],
    ['today’s', xx, '2026-11-25T20:00:00Z', { date: '2026-11-25', name: 'Founders Day' }],
    ['not one on a Saturday of a weekday channel', xx, '2026-11-26T12:00:00Z', null],
    [
      'the Saturday one on a daily channel',
      channel({ timeZone: 'Europe/Berlin', holidays: 'XX', days: daily }),
      '2026-11-26T12:00:00Z',
      { date: '2026-11-28', name: 'Harvest Day' },
    ],
    ['14 days ahead', xx, '2026-11-11T12:00:00Z', { date: '2026-11-25', name: 'Founders Day' }],
    ['not 15 days ahead', xx, '2026-11-10T12:00:00Z', null],
    [
      'not one already skipped',
      channel({ timeZone: 'Europe/Berlin', holidays: 'XX', skips: new Set(['2026-11-25']) }),
      '2026-11-20T12:00:00Z',
      null,
    ],
    ['none without a calendar', channel({ timeZone: 'Europe/Berlin' }), '2026-11-20T12:00:00Z', null],
  ])('nextHolidaySkipped: %s', (_name, schedule, now, expected) => {
    expect(nextHolidaySkipped(schedule, at(now), table)).toEqual(expected);
  });

  describe('with the real calendars', () => {
    const berlin = (holidays: string | null, overrides: Partial<ChannelSchedule> = {}) =>
      channel({ timeZone: 'Europe/Berlin', holidays, ...overrides });

    it.each([
      ['DE', '2026-12-24', true], // Christmas Eve: a bank holiday, not a public one
      ['DE', '2026-12-25', false],
      ['DE', '2026-12-28', true],
      ['DE', '2026-01-06', true],
      ['DE-BY', '2026-01-06', false], // Epiphany: Bavaria's, not all Germany's
      ['US', '2026-11-26', false], // Thanksgiving
      ['US', '2026-11-27', true],
      ['US-CA', '2026-11-27', false], // the day after Thanksgiving: California's
    ])('%s %s: posts %s', (calendar, date, expected) => {
      expect(postsOn(berlin(calendar), date, publicHolidayOn)).toBe(expected);
    });

    it('the day is the channel’s: 25 December in Auckland starts 11 hours before Berlin’s', () => {
      const auckland = channel({ timeZone: 'Pacific/Auckland', holidays: 'DE', days: daily });
      // 09:00 on 25 December in Auckland is 24 December, 21:00, in Berlin: still Auckland's holiday.
      expect(duePostDate(auckland, at('2026-12-24T20:00:00Z'), publicHolidayOn)).toBeNull();
      expect(duePostDate(auckland, at('2026-12-26T20:00:00Z'), publicHolidayOn)).toBe('2026-12-27');
    });

    it('summer time changes nothing: Easter Sunday 2027 is the spring-forward day in Berlin', () => {
      // Brandenburg keeps Easter Sunday as a public holiday; Germany as a whole does not.
      const time = { hour: 2, minute: 30 }; // a time that does not exist that day
      const brandenburg = berlin('DE-BB', { days: daily, time });
      const germany = berlin('DE', { days: daily, time });
      const dueDates = (schedule: ChannelSchedule) => {
        const dates = new Set<string>();
        for (let t = at('2027-03-27T23:00:00Z'); t < at('2027-03-28T22:00:00Z'); t += 10 * 60_000) {
          const date = duePostDate(schedule, t, publicHolidayOn);
          if (date) dates.add(date);
        }
        return [...dates];
      };
      expect(dueDates(brandenburg)).toEqual([]);
      expect(dueDates(germany)).toEqual(['2027-03-28']);
      expect(duePostDate(germany, at('2027-03-28T01:30:00Z'), publicHolidayOn)).toBe('2027-03-28'); // 03:30
      // Easter Monday is a public holiday too: the next post is on Tuesday, 02:30 summer time.
      expect(iso(nextPost(brandenburg, at('2027-03-27T23:00:00Z'), () => false, publicHolidayOn)?.at)).toBe(
        '2027-03-30T00:30:00.000Z',
      );
    });
  });
});

describe('the weekly recap: Friday, or the working day before a Friday holiday', () => {
  /** Made-up calendars: XX has Friday 25 December 2026; WW has the whole week of 21–25 December. */
  const table: HolidayLookup = (calendar, date) => {
    if (calendar === 'XX') return date === '2026-12-25' ? 'Winter Day' : undefined;
    if (calendar === 'WW') return date >= '2026-12-21' && date <= '2026-12-25' ? 'Long Break' : undefined;
    return undefined;
  };
  const berlin = (holidays: string | null) => channel({ timeZone: 'Europe/Berlin', holidays });

  it.each([
    ['an ordinary Friday, from the posting time', berlin('XX'), '2026-12-18T08:00:00Z', '2026-12-18'],
    ['not before the posting time', berlin('XX'), '2026-12-18T07:59:00Z', null],
    ['not on Thursday of an ordinary week', berlin('XX'), '2026-12-17T12:00:00Z', null],
    [
      'Thursday, when Friday is a holiday the channel skips',
      berlin('XX'),
      '2026-12-24T08:00:00Z',
      '2026-12-24',
    ],
    ['never on the holiday itself', berlin('XX'), '2026-12-25T12:00:00Z', null],
    [
      'Friday all the same for a channel that skips no holidays',
      berlin(null),
      '2026-12-25T08:00:00Z',
      '2026-12-25',
    ],
    ['no recap in a week of holidays', berlin('WW'), '2026-12-21T12:00:00Z', null],
    ['no recap in a week of holidays (Friday)', berlin('WW'), '2026-12-25T12:00:00Z', null],
  ])('%s', (_name, schedule, now, expected) => {
    expect(dueRecapDate(schedule, at(now), table)).toBe(expected);
  });

  it.each([
    ['a week after an ordinary Friday', berlin('XX'), '2026-12-18', '2026-12-11T08:00:00.000Z'],
    [
      'from the Thursday a holiday moved the last one to',
      berlin('XX'),
      '2027-01-01',
      '2026-12-24T08:00:00.000Z',
    ],
    ['past a week of holidays, to the Friday before', berlin('WW'), '2027-01-01', '2026-12-18T08:00:00.000Z'],
  ])('the recap’s week starts at the previous recap: %s', (_name, schedule, recapDate, expected) => {
    expect(iso(recapSince(schedule, recapDate, table))).toBe(expected);
  });
});
