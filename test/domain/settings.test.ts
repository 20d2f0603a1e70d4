import { describe, expect, it } from 'vitest';
import {
  channelSettingsFormSchema,
  personalSettingsFormSchema,
  readReminderTime,
} from '../../src/domain/settings.js';

describe('readReminderTime', () => {
  it.each([
    ['8:30am', '08:30'],
    [' 8 am ', '08:00'],
    ['20:30', '20:30'],
    ['noon', '12:00'],
    ['off', null],
    ['OFF', null],
  ])('reads %j as %j', (text, time) => {
    expect(readReminderTime(text, { emptyIsOff: false })).toEqual({ ok: true, time });
  });

  it.each([
    ['25:00', 'the hours go from 00 to 23'],
    ['8am 9am', 'a reminder takes one time'],
    ['soon', '“soon” is not a time of day'],
    ['', 'at what time?'],
  ])('refuses %j: %s', (text, problem) => {
    const read = readReminderTime(text, { emptyIsOff: false });
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.problem).toContain(problem);
  });

  it('reads an empty field as off where that is asked for', () => {
    expect(readReminderTime('  ', { emptyIsOff: true })).toEqual({ ok: true, time: null });
  });
});

describe('personalSettingsFormSchema', () => {
  it('reads the reminder and the privacy choice', () => {
    expect(personalSettingsFormSchema.parse({ reminder: '8:30am', hide: true })).toEqual({
      reminderTime: '08:30',
      hidden: true,
    });
    expect(personalSettingsFormSchema.parse({ reminder: '', hide: false })).toEqual({
      reminderTime: null,
      hidden: false,
    });
  });

  it('names the reminder field when its time cannot be read', () => {
    const parsed = personalSettingsFormSchema.safeParse({ reminder: '25:00', hide: false });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['reminder'], '“25:00” is not a time of day: the hours go from 00 to 23. Try 8:30am, 20:30, or off.'],
    ]);
  });
});

describe('channelSettingsFormSchema: a channel’s settings window, each problem on its field', () => {
  const form = {
    time: '09:30',
    zone: 'Europe/Berlin',
    days: ['1', '3', '5'],
    holidays: '',
    status: 'posting' as const,
    pausedUntil: '',
    skip: '',
    coach: true,
    pairs: 'off' as const,
    pairsDay: '1',
  };

  it('reads the window as settings', () => {
    expect(channelSettingsFormSchema.parse(form)).toEqual({
      time: '09:30',
      timeZone: 'Europe/Berlin',
      days: [1, 3, 5],
      holidays: null,
      paused: false,
      pausedUntil: null,
      skip: null,
      coach: true,
      pairs: null,
    });
  });

  it.each([
    ['a zone abbreviation, said back in full', { zone: 'cet' }, { timeZone: 'Europe/Berlin' }],
    ['a city', { zone: 'Tokyo' }, { timeZone: 'Asia/Tokyo' }],
    ['days in any order, once each', { days: ['5', '1', '5'] }, { days: [1, 5] }],
    ['a country code in any case', { holidays: 'de' }, { holidays: 'DE' }],
    ['a region', { holidays: 'de-by' }, { holidays: 'DE-BY' }],
    ['a country by name', { holidays: 'Germany' }, { holidays: 'DE' }],
    ['"off" for no holidays', { holidays: 'off' }, { holidays: null }],
    [
      'paused until a day',
      { status: 'paused', pausedUntil: '2026-12-07' },
      { paused: true, pausedUntil: '2026-12-07' },
    ],
    ['paused until resumed', { status: 'paused' }, { paused: true, pausedUntil: null }],
    [
      'a date of a pause is ignored while posting',
      { pausedUntil: '2026-12-07' },
      { paused: false, pausedUntil: null },
    ],
    ['a day to skip', { skip: '2026-12-01' }, { skip: '2026-12-01' }],
    [
      'mock interviews every two weeks on Thursday',
      { pairs: 'biweekly', pairsDay: '4' },
      { pairs: { cadence: 'biweekly', weekday: 4 } },
    ],
  ])('reads %s', (_name, change, expected) => {
    expect(channelSettingsFormSchema.parse({ ...form, ...change })).toMatchObject(expected);
  });

  it.each([
    ['no time', { time: '' }, 'time', 'Pick a time of day, like 09:00.'],
    ['a time the picker never gives', { time: '25:00' }, 'time', 'Pick a time of day'],
    ['no zone', { zone: ' ' }, 'zone', 'Name a time zone'],
    ['a zone nobody has', { zone: 'Mars/Olympus' }, 'zone', 'is not a time zone I know'],
    ['a fixed offset', { zone: 'UTC+2' }, 'zone', 'misses summer time'],
    ['no day', { days: [] }, 'days', 'Tick at least one day.'],
    ['days that are not days', { days: ['0', '8'] }, 'days', 'Tick at least one day.'],
    [
      'an unknown country',
      { holidays: 'Atlantis' },
      'holidays',
      'I don’t know public holidays for “Atlantis”',
    ],
  ])('puts %s on its field', (_name, change, field, message) => {
    const read = channelSettingsFormSchema.safeParse({ ...form, ...change });
    expect(read.success).toBe(false);
    const issue = read.error?.issues[0];
    expect(issue?.path).toEqual([field]);
    expect(issue?.message).toContain(message);
  });
});
