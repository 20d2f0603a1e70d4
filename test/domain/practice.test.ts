import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/domain/calendar.js';
import { ratingName, ratingValue, streakDays } from '../../src/domain/practice.js';

const at = (iso: string) => Date.parse(iso);

describe('streakDays', () => {
  it.each([
    ['no practice', [], 'UTC', '2026-03-10T12:00:00Z', 0],
    ['today only', ['2026-03-10T08:00:00Z'], 'UTC', '2026-03-10T12:00:00Z', 1],
    [
      'three days up to yesterday (today not over yet)',
      ['2026-03-07T08:00:00Z', '2026-03-08T08:00:00Z', '2026-03-09T08:00:00Z'],
      'UTC',
      '2026-03-10T12:00:00Z',
      3,
    ],
    [
      'a gap breaks it',
      ['2026-03-07T08:00:00Z', '2026-03-09T08:00:00Z', '2026-03-10T08:00:00Z'],
      'UTC',
      '2026-03-10T12:00:00Z',
      2,
    ],
    ['last practice two days ago', ['2026-03-08T08:00:00Z'], 'UTC', '2026-03-10T12:00:00Z', 0],
    // 23:30 UTC on the 9th is the 10th in Berlin: two days in a row there, one day in UTC.
    [
      'counted in the user time zone',
      ['2026-03-09T07:00:00Z', '2026-03-09T23:30:00Z'],
      'Europe/Berlin',
      '2026-03-10T12:00:00Z',
      2,
    ],
    [
      'same instants in UTC',
      ['2026-03-09T07:00:00Z', '2026-03-09T23:30:00Z'],
      'UTC',
      '2026-03-10T12:00:00Z',
      1,
    ],
    [
      'across a DST change',
      ['2026-03-28T10:00:00Z', '2026-03-29T10:00:00Z', '2026-03-30T10:00:00Z'],
      'Europe/Berlin',
      '2026-03-30T12:00:00Z',
      3,
    ],
  ] as const)('%s', (_name, times, tz, now, expected) => {
    expect(streakDays(times.map(at), tz, at(now))).toBe(expected);
  });
});

describe('ratings and dates', () => {
  it('maps Again/Hard/Good/Easy to 1–4 and back', () => {
    expect(['again', 'hard', 'good', 'easy'].map((r) => ratingValue(r as 'good'))).toEqual([1, 2, 3, 4]);
    expect([1, 2.4, 2.6, 4].map(ratingName)).toEqual(['again', 'hard', 'good', 'easy']);
  });

  it('gives the local calendar date', () => {
    expect(localDate(at('2026-01-01T02:00:00Z'), 'America/New_York')).toBe('2025-12-31');
    expect(localDate(at('2026-01-01T02:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-01');
  });
});
