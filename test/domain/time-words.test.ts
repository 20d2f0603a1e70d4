import { describe, expect, it } from 'vitest';
import { isTimeZone, localDate } from '../../src/domain/calendar.js';
import {
  dayAndMonth,
  exampleDates,
  joinMeridiem,
  readDate,
  readTimeOfDay,
  readTimeZone,
  zoneAbbreviations,
} from '../../src/domain/time-words.js';

describe('readTimeOfDay', () => {
  it.each([
    ['8am', '08:00'],
    ['8AM', '08:00'],
    ['8a.m.', '08:00'],
    ['8:30pm', '20:30'],
    ['8:30p.m.', '20:30'],
    ['7:05PM', '19:05'],
    ['12am', '00:00'],
    ['12:30am', '00:30'],
    ['12pm', '12:00'],
    ['11:59pm', '23:59'],
    ['08:30', '08:30'],
    ['8:30', '08:30'],
    ['8.30', '08:30'],
    ['8h30', '08:30'],
    ['20:30', '20:30'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    ['noon', '12:00'],
    ['Noon', '12:00'],
    ['midnight', '00:00'],
  ])('%j → %s', (word, time) => {
    expect(readTimeOfDay(word)).toEqual({ kind: 'value', value: time });
  });

  it.each([
    ['25:00', '“25:00” is not a time of day: the hours go from 00 to 23'],
    ['24:00', '“24:00” is not a time of day: the hours go from 00 to 23'],
    ['9:75', '“9:75” is not a time of day: the minutes go from 00 to 59'],
    ['13pm', '“13pm” is not a time of day: with am or pm, the hour is 1 to 12'],
    ['0am', '“0am” is not a time of day: with am or pm, the hour is 1 to 12'],
    ['8', '“8” needs minutes or am/pm'],
    ['20', '“20” needs minutes or am/pm'],
    ['9am30', '“9am30” is not a time of day'],
    ['2026-12-24', '“2026-12-24” is not a time of day'],
  ])('%j is a time, written wrong: %s', (word, problem) => {
    expect(readTimeOfDay(word)).toEqual({ kind: 'problem', problem });
  });

  it.each(['tomorrow', 'CET', 'mon,wed', 'Europe/Berlin', ''])('%j is not a time at all', (word) => {
    expect(readTimeOfDay(word)).toEqual({ kind: 'other' });
  });

  it.each([
    ['8 am', '8am'],
    ['8:30 pm CET', '8:30pm CET'],
    ['8:30 p.m. daily', '8:30p.m. daily'],
    ['8 amsterdam', '8 amsterdam'],
  ])('joinMeridiem(%j) → %j', (text, joined) => {
    expect(joinMeridiem(text)).toBe(joined);
  });
});

describe('readDate', () => {
  // Monday 23 November 2026.
  const today = '2026-11-23';
  it.each([
    ['today', '2026-11-23'],
    ['tomorrow', '2026-11-24'],
    ['Tomorrow', '2026-11-24'],
    ['tuesday', '2026-11-24'],
    ['friday', '2026-11-27'],
    ['fri', '2026-11-27'],
    ['thurs', '2026-11-26'],
    ['next friday', '2026-11-27'],
    ['Next Monday', '2026-11-30'],
    ['monday', '2026-11-30'], // today is Monday: the next one, a week on
    ['sunday', '2026-11-29'],
    ['2026-12-24', '2026-12-24'],
    ['2026-1-5', '2026-01-05'],
    ['2028-02-29', '2028-02-29'], // a leap year
    ['2000-02-29', '2000-02-29'], // divisible by 400
    ['2026-12-31', '2026-12-31'],
  ])('%j → %s', (text, date) => {
    expect(readDate(text, today)).toEqual({ kind: 'value', value: date });
  });

  it.each([
    ['2026-02-30', 'there is no 30 February 2026'],
    ['2027-02-29', 'there is no 29 February 2027'],
    ['2100-02-29', 'there is no 29 February 2100'],
    ['2026-04-31', 'there is no 31 April 2026'],
    ['2026-12-32', 'there is no 32 December 2026'],
    ['2026-12-00', 'there is no 0 December 2026'],
    ['2026-13-01', 'there is no month 13'],
    ['2026-00-10', 'there is no month 0'],
    ['24/12', '“24/12” is not a date I can read: write it as YYYY-MM-DD'],
    ['24.12.2026', '“24.12.2026” is not a date I can read: write it as YYYY-MM-DD'],
  ])('%j is a date, written wrong: %s', (text, problem) => {
    expect(readDate(text, today)).toEqual({ kind: 'problem', problem });
  });

  it.each(['soon', 'next week', 'next', 'mo', 'someday'])('%j is not a date at all', (text) => {
    expect(readDate(text, today)).toEqual({ kind: 'other' });
  });

  it('crosses month and year ends', () => {
    expect(readDate('tomorrow', '2026-12-31')).toEqual({ kind: 'value', value: '2027-01-01' });
    expect(readDate('next monday', '2026-12-31')).toEqual({ kind: 'value', value: '2027-01-04' });
    expect(readDate('tomorrow', '2028-02-28')).toEqual({ kind: 'value', value: '2028-02-29' });
    expect(readDate('tomorrow', '2027-02-28')).toEqual({ kind: 'value', value: '2027-03-01' });
  });
});

describe('exampleDates', () => {
  it.each([
    ['2026-11-23', { tomorrow: '2026-11-24', nextMonday: '2026-11-30', inAWeek: '2026-11-30' }],
    ['2026-12-01', { tomorrow: '2026-12-02', nextMonday: '2026-12-07', inAWeek: '2026-12-08' }],
    ['2026-12-31', { tomorrow: '2027-01-01', nextMonday: '2027-01-04', inAWeek: '2027-01-07' }],
  ])('from %s', (today, dates) => {
    expect(exampleDates(today)).toEqual(dates);
  });
});

describe('readTimeZone', () => {
  it.each([
    ['CET', 'Europe/Berlin'],
    ['CEST', 'Europe/Berlin'],
    ['cet', 'Europe/Berlin'],
    ['GMT', 'Europe/London'],
    ['BST', 'Europe/London'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['ET', 'America/New_York'],
    ['EST', 'America/New_York'],
    ['EDT', 'America/New_York'],
    ['CT', 'America/Chicago'],
    ['CST', 'America/Chicago'],
    ['MT', 'America/Denver'],
    ['MDT', 'America/Denver'],
    ['PT', 'America/Los_Angeles'],
    ['PST', 'America/Los_Angeles'],
    ['pdt', 'America/Los_Angeles'],
    ['IST', 'Asia/Kolkata'],
    ['JST', 'Asia/Tokyo'],
    ['SGT', 'Asia/Singapore'],
    ['AEST', 'Australia/Sydney'],
    ['AEDT', 'Australia/Sydney'],
    ['NZST', 'Pacific/Auckland'],
    ['NZDT', 'Pacific/Auckland'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Tokyo', 'Asia/Tokyo'],
    ['berlin', 'Europe/Berlin'],
    ['new_york', 'America/New_York'],
  ])('%j → %s', (word, zone) => {
    expect(readTimeZone(word)).toEqual({ kind: 'value', value: zone });
  });

  it.each([
    ['Mars/Olympus', '“Mars/Olympus” is not a time zone I know'],
    ['Europe/Berln', '“Europe/Berln” is not a time zone I know'],
    ['XYZ', 'I don’t know the time zone “XYZ”'],
    ['UTC+2', '“UTC+2” is a fixed offset, which misses summer time: name the zone'],
    ['gmt-5', '“gmt-5” is a fixed offset, which misses summer time: name the zone'],
    ['+05:30', '“+05:30” is a fixed offset, which misses summer time: name the zone'],
  ])('%j is a zone, written wrong: %s', (word, problem) => {
    expect(readTimeZone(word)).toEqual({ kind: 'problem', problem });
  });

  it.each(['funday', 'weekdays', 'mon', 'tomorrow'])('%j is not a zone at all', (word) => {
    expect(readTimeZone(word)).toEqual({ kind: 'other' });
  });

  it('maps every abbreviation to a zone Intl knows, written as IANA writes it', () => {
    for (const [abbreviation, zone] of Object.entries(zoneAbbreviations)) {
      expect(abbreviation).toBe(abbreviation.toUpperCase());
      expect(isTimeZone(zone), zone).toBe(true);
      expect(zone === 'UTC' || /^[A-Z][a-z]+\/[A-Z]/.test(zone), zone).toBe(true);
    }
  });

  it('keeps summer time: CET and PT are read as zones that change with the season', () => {
    const july = Date.parse('2026-07-01T23:30:00Z');
    const berlin = readTimeZone('CET');
    const losAngeles = readTimeZone('PT');
    if (berlin.kind !== 'value' || losAngeles.kind !== 'value') throw new Error('not read');
    // 23:30 UTC is 01:30 the next day in Berlin in summer (CEST, +2), not 00:30 (CET, +1).
    expect(localDate(july, berlin.value)).toBe('2026-07-02');
    // 07:30 UTC is still the day before in Los Angeles in summer (PDT, -7).
    expect(localDate(Date.parse('2026-07-02T06:30:00Z'), losAngeles.value)).toBe('2026-07-01');
  });
});

describe('dayAndMonth', () => {
  it('writes every day of 2000–2040 as Intl.DateTimeFormat does in en-GB ("Tuesday 24 November")', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    });
    for (let at = Date.UTC(2000, 0, 1); at < Date.UTC(2041, 0, 1); at += 86_400_000) {
      const date = new Date(at).toISOString().slice(0, 10);
      expect(dayAndMonth(date), date).toBe(intl.format(at));
    }
    expect(dayAndMonth('2026-11-24')).toBe('Tuesday 24 November');
  });
});
