import { describe, expect, it } from 'vitest';
import { personalSettingsFormSchema, readReminderTime } from '../../src/domain/settings.js';

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
