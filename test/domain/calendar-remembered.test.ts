import { describe, expect, it } from 'vitest';
import {
  addDays,
  localDate,
  plainCalendar,
  rememberedCalendar,
  type Weekday,
  zonedInstant,
} from '../../src/domain/calendar.js';
import type { HolidayLookup } from '../../src/domain/holidays.js';
import { type ChannelSchedule, duePostDate, dueRecapDate, nextPost } from '../../src/domain/schedule.js';

/**
 * The daily plan works out each channel's due instant through `rememberedCalendar()` (one per pass):
 * thousands of channels share a few (zone, time, date). Its answers are the plain functions' answers,
 * in every zone, on summer-time change days, and however many channels ask in between.
 */
const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Etc/GMT-3'];
/** Ordinary days and the days clocks change (Berlin and New York, spring and autumn 2026). */
const dates = ['2026-03-08', '2026-03-29', '2026-06-15', '2026-10-25', '2026-11-01', '2026-12-01'];
const times = [
  { hour: 0, minute: 0 },
  { hour: 1, minute: 30 },
  { hour: 2, minute: 30 },
  { hour: 9, minute: 0 },
  { hour: 23, minute: 59 },
];

describe('a remembered calendar', () => {
  it('gives the instant and local date the plain functions give, asked twice, in every zone', () => {
    const remembered = rememberedCalendar();
    for (const round of [1, 2])
      for (const timeZone of zones)
        for (const date of dates)
          for (const time of times) {
            const at = zonedInstant(date, time, timeZone);
            expect([round, remembered.zonedInstant(date, time, timeZone)]).toEqual([round, at]);
            expect(remembered.localDate(at, timeZone)).toBe(localDate(at, timeZone));
            expect(remembered.localDate(at - 1, timeZone)).toBe(localDate(at - 1, timeZone));
          }
  });

  it('tells the same time apart in two zones, and the same zone on two days', () => {
    const remembered = rememberedCalendar();
    const nine = { hour: 9, minute: 0 };
    const berlin = remembered.zonedInstant('2026-12-01', nine, 'Europe/Berlin');
    const newYork = remembered.zonedInstant('2026-12-01', nine, 'America/New_York');
    expect(new Date(berlin).toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(new Date(newYork).toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(new Date(remembered.zonedInstant('2026-06-01', nine, 'Europe/Berlin')).toISOString()).toBe(
      '2026-06-01T07:00:00.000Z',
    );
    // Midnight UTC is still the 30th in New York, the 1st in Berlin.
    const midnight = Date.parse('2026-12-01T00:00:00Z');
    expect(remembered.localDate(midnight, 'America/New_York')).toBe('2026-11-30');
    expect(remembered.localDate(midnight, 'Europe/Berlin')).toBe('2026-12-01');
  });

  it('on the spring-forward day a skipped 02:30 is 03:30, as without it', () => {
    const remembered = rememberedCalendar();
    const at = remembered.zonedInstant('2026-03-29', { hour: 2, minute: 30 }, 'Europe/Berlin');
    expect(new Date(at).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('forgets all at once past its limit, and still answers the same', () => {
    const remembered = rememberedCalendar(3);
    let date = '2026-01-01';
    for (let i = 0; i < 10; i++, date = addDays(date, 1))
      expect(remembered.zonedInstant(date, { hour: 9, minute: 0 }, 'Europe/Berlin')).toBe(
        zonedInstant(date, { hour: 9, minute: 0 }, 'Europe/Berlin'),
      );
  });

  it("makes the schedule's answers no different, minute by minute through a day that changes the clocks", () => {
    const noHolidays: HolidayLookup = () => undefined;
    const daily: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
    const schedules: ChannelSchedule[] = zones.flatMap((timeZone) =>
      times.map((time) => ({
        time,
        timeZone,
        days: daily,
        effectiveFrom: 0,
        paused: false,
        pausedUntil: null,
        skips: new Set<string>(),
        holidays: null,
      })),
    );
    const remembered = rememberedCalendar();
    const posted = () => false;
    const from = Date.parse('2026-10-24T20:00:00Z');
    for (let now = from; now < from + 14 * 3_600_000; now += 7 * 60_000)
      for (const schedule of schedules) {
        expect(duePostDate(schedule, now, noHolidays, remembered)).toBe(
          duePostDate(schedule, now, noHolidays, plainCalendar),
        );
        expect(dueRecapDate(schedule, now, noHolidays, remembered)).toBe(
          dueRecapDate(schedule, now, noHolidays),
        );
        expect(nextPost(schedule, now, posted, noHolidays, remembered)).toEqual(
          nextPost(schedule, now, posted, noHolidays),
        );
      }
  });
});
