import { describe, expect, it } from 'vitest';
import { parseCommandText, readsDates } from '../../src/domain/command-text.js';

/** Monday 23 November 2026, 21:00 in Berlin. */
const monday = { now: Date.parse('2026-11-23T20:00:00Z'), timeZone: 'Europe/Berlin' };

describe('parseCommandText', () => {
  it.each([
    ['', { name: 'help' }],
    ['help', { name: 'help' }],
    ['  HELP  ', { name: 'help' }],
    ['question', { name: 'question' }],
    ['question conflict', { name: 'question', filter: 'conflict' }],
    ['q   hard   tradeoffs', { name: 'question', filter: 'hard tradeoffs' }],
    ['question architecture &amp; design', { name: 'question', filter: 'architecture & design' }],
    ['next', { name: 'question' }],
    ['categories', { name: 'categories' }],
    ['tips', { name: 'tips' }],
    ['stats', { name: 'stats' }],
    ['stats <@U2|cleo>', { name: 'stats', userId: 'U2' }],
    ['schedule', { name: 'schedule' }],
    ['leaderboard', { name: 'leaderboard', period: 'week' }],
    ['leaderboard hide', { name: 'leaderboard-privacy', hidden: true }],
    ['leaderboard Show', { name: 'leaderboard-privacy', hidden: false }],
    ['coach OFF', { name: 'coach', enabled: false }],
    ['remind off', { name: 'remind', time: null }],
    ['remind 8am', { name: 'remind', time: '08:00' }],
    ['remind 8 am', { name: 'remind', time: '08:00' }],
    ['remind 8:30pm', { name: 'remind', time: '20:30' }],
    ['remind 08:30', { name: 'remind', time: '08:30' }],
    ['remind noon', { name: 'remind', time: '12:00' }],
    ['subscribe', { name: 'subscribe' }],
    ['subscribe 8am CET', { name: 'subscribe', time: '08:00', timeZone: 'Europe/Berlin' }],
    ['subscribe 8:30pm PT', { name: 'subscribe', time: '20:30', timeZone: 'America/Los_Angeles' }],
    [
      'subscribe 8 am ist mon,wed,fri',
      { name: 'subscribe', time: '08:00', timeZone: 'Asia/Kolkata', days: [1, 3, 5] },
    ],
    [
      'subscribe fri wed MON 20:30 america/new_york',
      { name: 'subscribe', time: '20:30', timeZone: 'America/New_York', days: [1, 3, 5] },
    ],
    [
      'subscribe noon Tokyo weekends',
      { name: 'subscribe', time: '12:00', timeZone: 'Asia/Tokyo', days: [6, 7] },
    ],
    ['subscribe daily UTC', { name: 'subscribe', timeZone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7] }],
    // Holidays: a country or a region of one, in any case, anywhere in the command; or off.
    ['subscribe holidays DE', { name: 'subscribe', holidays: 'DE' }],
    [
      'subscribe 09:00 Europe/Berlin holidays de',
      { name: 'subscribe', time: '09:00', timeZone: 'Europe/Berlin', holidays: 'DE' },
    ],
    ['subscribe HOLIDAYS us-ca 8am', { name: 'subscribe', time: '08:00', holidays: 'US-CA' }],
    ['subscribe holiday DE-BY mon,wed', { name: 'subscribe', days: [1, 3], holidays: 'DE-BY' }],
    ['subscribe holidays GB-SCT', { name: 'subscribe', holidays: 'GB-SCT' }],
    ['subscribe holidays off', { name: 'subscribe', holidays: null }],
    ['subscribe holidays OFF weekdays', { name: 'subscribe', days: [1, 2, 3, 4, 5], holidays: null }],
    ['pause', { name: 'pause' }],
    ['pause tomorrow', { name: 'pause', until: '2026-11-24' }],
    ['pause until tomorrow', { name: 'pause', until: '2026-11-24' }],
    ['pause next monday', { name: 'pause', until: '2026-11-30' }],
    ['pause until Friday', { name: 'pause', until: '2026-11-27' }],
    ['pause until 2026-12-24', { name: 'pause', until: '2026-12-24' }],
    ['pause 2026-12-24', { name: 'pause', until: '2026-12-24' }],
    ['skip tomorrow', { name: 'skip', date: '2026-11-24' }],
    ['skip today', { name: 'skip', date: '2026-11-23' }],
    ['skip wed', { name: 'skip', date: '2026-11-25' }],
    ['skip 2026-12-24', { name: 'skip', date: '2026-12-24' }],
  ])('%j → %j', (text, command) => {
    expect(parseCommandText(text, monday)).toEqual({ ok: true, command });
  });

  it.each([
    // A wrong word: what there is not, and the help (or the command it most likely meant).
    ['dance', '`/star dance`: there is no “dance” command. Try `/star help`.'],
    ['dance please', '`/star dance please`: there is no “dance” command. Try `/star help`.'],
    [
      'subscirbe 8am CET',
      '`/star subscirbe 8am CET`: there is no “subscirbe” command. Try `/star subscribe 8am CET`.',
    ],
    ['pase', '`/star pase`: there is no “pase” command. Try `/star pause`.'],
    ['tips please', '`/star tips please`: tips takes nothing after it. Try `/star tips`.'],
    [
      `question ${'x'.repeat(201)}`,
      `\`/star question ${'x'.repeat(70)}…\`: the filter is longer than 200 characters. Try \`/star question conflict\`.`,
    ],
    [
      'stats everyone',
      '`/star stats everyone`: “everyone” is not a person: mention one. Try `/star stats @teammate`.',
    ],
    [
      'leaderboard year',
      '`/star leaderboard year`: “year” is not week, month, all, workspace, hide or show. Try `/star leaderboard month` or `/star leaderboard workspace`.',
    ],
    ['coach', '`/star coach`: on or off? Try `/star coach off` or `/star coach on`.'],
    [
      'coach maybe',
      '`/star coach maybe`: coaching is on or off, not “maybe”. Try `/star coach off` or `/star coach on`.',
    ],
    // Times.
    [
      'remind 25:00',
      '`/star remind 25:00`: “25:00” is not a time of day: the hours go from 00 to 23. Try `/star remind 8:30am` or `/star remind off`.',
    ],
    ['remind', '`/star remind`: at what time? Try `/star remind 8:30am` or `/star remind off`.'],
    [
      'remind 8am CET',
      '`/star remind 8am CET`: a reminder takes one time (it follows your Slack time zone). Try `/star remind 8:30am` or `/star remind off`.',
    ],
    [
      'subscribe 8 CET',
      '`/star subscribe 8 CET`: “8” needs minutes or am/pm. Try `/star subscribe 8:30am CET`.',
    ],
    [
      'subscribe 13pm',
      '`/star subscribe 13pm`: “13pm” is not a time of day: with am or pm, the hour is 1 to 12. Try `/star subscribe 8:30am`.',
    ],
    [
      'subscribe 8am 9am',
      '`/star subscribe 8am 9am`: that is two times: give one. Try `/star subscribe 8am`.',
    ],
    // Zones: the wrong one replaced in the example, the rest kept.
    [
      'subscribe 9am Mars/Olympus mon',
      '`/star subscribe 9am Mars/Olympus mon`: “Mars/Olympus” is not a time zone I know. Try `/star subscribe 9am Europe/Berlin mon`.',
    ],
    [
      'subscribe 9am XYZ',
      '`/star subscribe 9am XYZ`: I don’t know the time zone “XYZ”. Try `/star subscribe 9am Europe/Berlin`.',
    ],
    [
      'subscribe 9:00 UTC+2',
      '`/star subscribe 9:00 UTC+2`: “UTC+2” is a fixed offset, which misses summer time: name the zone. Try `/star subscribe 9:00 Europe/Berlin`.',
    ],
    [
      'subscribe CET PT',
      '`/star subscribe CET PT`: that is two time zones: give one. Try `/star subscribe CET`.',
    ],
    [
      'subscribe 9am funday',
      '`/star subscribe 9am funday`: “funday” is not a time, a time zone or days. Try `/star subscribe 9am mon,wed,fri`.',
    ],
    [
      'subscribe holidays XX',
      '`/star subscribe holidays XX`: “XX” is not a country code the holiday calendar knows. Try `/star subscribe holidays DE`.',
    ],
    [
      'subscribe 9am holidays DEU mon',
      '`/star subscribe 9am holidays DEU mon`: “DEU” is not a country code the holiday calendar knows. Try `/star subscribe 9am holidays DE mon`.',
    ],
    [
      'subscribe holidays Germany',
      '`/star subscribe holidays Germany`: “Germany” is a country name: its code is DE. Try `/star subscribe holidays DE`.',
    ],
    [
      'subscribe holidays UK',
      '`/star subscribe holidays UK`: “UK” is not a country code: the United Kingdom is GB. Try `/star subscribe holidays GB`.',
    ],
    [
      'subscribe holidays DE-ZZ',
      '`/star subscribe holidays DE-ZZ`: Germany has no region “ZZ” in the holiday calendar. Try `/star subscribe holidays DE`.',
    ],
    [
      'subscribe 8am holidays',
      '`/star subscribe 8am holidays`: whose public holidays? Give a country code. Try `/star subscribe 8am holidays DE`.',
    ],
    [
      'subscribe holidays DE holidays FR 8am',
      '`/star subscribe holidays DE holidays FR 8am`: that is two holiday calendars: give one. Try `/star subscribe holidays DE 8am`.',
    ],
    [
      'schedule holidays DE',
      '`/star schedule holidays DE`: schedule only shows the settings; subscribe changes them. Try `/star subscribe holidays DE`.',
    ],
    [
      'schedule 8:30pm PT',
      '`/star schedule 8:30pm PT`: schedule only shows the settings; subscribe changes them. Try `/star subscribe 8:30pm PT`.',
    ],
    [
      'schedule 25:00',
      '`/star schedule 25:00`: “25:00” is not a time of day: the hours go from 00 to 23. Try `/star subscribe 8:30am`.',
    ],
    // Dates: examples dated from today (Monday 23 November 2026 in Berlin).
    [
      'pause 2026-02-30',
      '`/star pause 2026-02-30`: there is no 30 February 2026. Try `/star pause 2026-11-30` or `/star pause next monday`.',
    ],
    [
      'pause until 2026-13-01',
      '`/star pause until 2026-13-01`: there is no month 13. Try `/star pause 2026-11-30` or `/star pause next monday`.',
    ],
    [
      'pause soon',
      '`/star pause soon`: “soon” is not a date. Try `/star pause 2026-11-30` or `/star pause next monday`.',
    ],
    [
      'pause until',
      '`/star pause until`: until when? Try `/star pause 2026-11-30` or `/star pause next monday`.',
    ],
    ['skip', '`/star skip`: which day? Try `/star skip 2026-11-24` or `/star skip tomorrow`.'],
    [
      'skip 24/12',
      '`/star skip 24/12`: “24/12” is not a date I can read: write it as YYYY-MM-DD. Try `/star skip 2026-11-24` or `/star skip tomorrow`.',
    ],
    [
      'skip 2027-02-29',
      '`/star skip 2027-02-29`: there is no 29 February 2027. Try `/star skip 2026-11-24` or `/star skip tomorrow`.',
    ],
  ])('%j is refused, naming the one thing wrong', (text, reason) => {
    expect(parseCommandText(text, monday)).toEqual({ ok: false, reason });
  });

  it('quotes user words without backticks, so they cannot open code', () => {
    expect(parseCommandText('stats `oops`', monday)).toEqual({
      ok: false,
      reason: "`/star stats 'oops'`: “'oops'” is not a person: mention one. Try `/star stats @teammate`.",
    });
    expect(parseCommandText('`', monday)).toEqual({
      ok: false,
      reason: "`/star '`: there is no “'” command. Try `/star help`.",
    });
  });

  it('never throws, whatever the text', () => {
    for (const text of [
      '\u0000',
      '&lt;script&gt;',
      '💥'.repeat(5000),
      '\n\t',
      'question\u00a0x',
      'pause 💥',
    ]) {
      expect(() => parseCommandText(text, monday)).not.toThrow();
    }
  });
});

describe('dates are the caller’s: today is `now` in their time zone', () => {
  // Each instant is one where a zone's summer-time change moves the local date: reading the offset
  // of the wrong season gives another day.
  it.each([
    // Berlin springs forward on 29 March 2026: 22:30 UTC on the 29th is 00:30 CEST on the 30th.
    ['2026-03-29T22:30:00Z', 'Europe/Berlin', '2026-03-31', '2026-04-06'],
    // Berlin falls back on 25 October 2026: 22:30 UTC that day is 23:30 CET, still the 25th.
    ['2026-10-25T22:30:00Z', 'Europe/Berlin', '2026-10-26', '2026-10-26'],
    // New York springs forward on 8 March 2026: 04:30 UTC on the 9th is 00:30 EDT on the 9th.
    ['2026-03-09T04:30:00Z', 'America/New_York', '2026-03-10', '2026-03-16'],
    // New York falls back on 1 November 2026: 04:30 UTC on the 2nd is 23:30 EST on the 1st.
    ['2026-11-02T04:30:00Z', 'America/New_York', '2026-11-02', '2026-11-02'],
    // Sydney leaves summer time on 5 April 2026: 13:30 UTC is 23:30 AEST on the 5th (AEDT: the 6th).
    ['2026-04-05T13:30:00Z', 'Australia/Sydney', '2026-04-06', '2026-04-06'],
    // Auckland enters summer time on 27 September 2026: 11:30 UTC on the 27th is 00:30 NZDT on the 28th.
    ['2026-09-27T11:30:00Z', 'Pacific/Auckland', '2026-09-29', '2026-10-05'],
    // The year's end: one instant, a different today in each zone.
    ['2026-12-31T23:30:00Z', 'UTC', '2027-01-01', '2027-01-04'],
    ['2026-12-31T23:30:00Z', 'Europe/Berlin', '2027-01-02', '2027-01-04'],
    ['2026-12-31T23:30:00Z', 'America/Los_Angeles', '2027-01-01', '2027-01-04'],
    ['2026-12-31T11:30:00Z', 'Pacific/Auckland', '2027-01-02', '2027-01-04'],
    ['2026-12-31T11:30:00Z', 'America/Los_Angeles', '2027-01-01', '2027-01-04'],
    // Sunday 3 January 2027, 00:30 in Kolkata: next monday is the 4th, tomorrow too.
    ['2027-01-02T19:00:00Z', 'Asia/Kolkata', '2027-01-04', '2027-01-04'],
  ])('at %s in %s: tomorrow is %s, next monday %s', (iso, timeZone, tomorrow, nextMonday) => {
    const at = { now: Date.parse(iso), timeZone };
    expect(parseCommandText('pause tomorrow', at)).toEqual({
      ok: true,
      command: { name: 'pause', until: tomorrow },
    });
    expect(parseCommandText('skip next monday', at)).toEqual({
      ok: true,
      command: { name: 'skip', date: nextMonday },
    });
  });

  it('dates the examples of an error from the caller’s today, across the year’s end', () => {
    const newYearsEveInAuckland = { now: Date.parse('2026-12-31T11:30:00Z'), timeZone: 'Pacific/Auckland' };
    expect(parseCommandText('pause 2027-02-29', newYearsEveInAuckland)).toEqual({
      ok: false,
      reason:
        '`/star pause 2027-02-29`: there is no 29 February 2027. Try `/star pause 2027-01-04` or `/star pause next monday`.',
    });
    expect(parseCommandText('skip', newYearsEveInAuckland)).toEqual({
      ok: false,
      reason: '`/star skip`: which day? Try `/star skip 2027-01-02` or `/star skip tomorrow`.',
    });
  });
});

describe('readsDates', () => {
  it.each([
    ['pause tomorrow', true],
    ['PAUSE until 2026-12-24', true],
    ['skip friday', true],
    ['skip x', true],
    ['pause', false],
    ['skip', true],
    ['subscribe 8am CET', false],
    ['help', false],
    ['', false],
    ['constructor x', false],
  ])('%j → %s', (text, reads) => {
    expect(readsDates(text)).toBe(reads);
  });
});
