import { describe, expect, it } from 'vitest';
import { localDateSchema, postTimeTextSchema, weekdaySchema } from '../../src/domain/calendar.js';

describe('the calendar words as stored and written', () => {
  it.each([
    ['00:00', { hour: 0, minute: 0 }],
    ['09:30', { hour: 9, minute: 30 }],
    ['23:59', { hour: 23, minute: 59 }],
  ])('"%s" is a time of day', (text, time) => {
    expect(postTimeTextSchema.parse(text)).toEqual(time);
  });

  it.each(['24:00', '12:60', '9:30', '09:30:00', 'noon', ''])('"%s" is not', (text) => {
    expect(postTimeTextSchema.safeParse(text).success).toBe(false);
  });

  it('weekdays are ISO: 1 Monday to 7 Sunday', () => {
    expect([1, 7].map((day) => weekdaySchema.safeParse(day).success)).toEqual([true, true]);
    expect([0, 8, 1.5, '1'].map((day) => weekdaySchema.safeParse(day).success)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('local dates are calendar dates', () => {
    expect(['2028-02-29', '2026-12-31'].map((d) => localDateSchema.safeParse(d).success)).toEqual([
      true,
      true,
    ]);
    expect(
      ['2026-02-29', '2026-12-00', '2026-1-05', '05.01.2026'].map(
        (d) => localDateSchema.safeParse(d).success,
      ),
    ).toEqual([false, false, false, false]);
  });
});
