import { describe, expect, it } from 'vitest';
import { endToEnd, fakeClock, type Msg, textOf } from '../support/e2e.js';

/**
 * What people type after `/star`, end to end: friendly times, dates and zones are read (and the zone
 * said back in full), and anything wrong gets one short private line naming the one thing wrong with
 * an example of the right form, dated from the caller's today: never the whole help.
 */

const clock = fakeClock('2026-11-23T20:00:00Z'); // Monday 21:00 in Berlin, Tuesday 09:00 in Auckland
const zones: Record<string, string> = { U1: 'Europe/Berlin', U9: 'Pacific/Auckland' };
/** U9 is a workspace admin: they may change a channel someone else subscribed. */
const admins = new Set(['U9']);
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => ({
      ok: true,
      user: {
        id: args.user,
        tz: zones[String(args.user)] ?? 'Europe/Berlin',
        is_admin: admins.has(String(args.user)),
      },
    })),
});
const { star } = e2e;

const subscription = () =>
  e2e.app.query('SELECT post_time, time_zone, days, paused, paused_until FROM subscriptions');

/** A refusal: private, one section and the "only you" line, one line, no help listing. */
function expectShortRefusal(reply: Msg, line: string): void {
  expect(reply.response_type).toBe('ephemeral');
  expect(textOf(reply)).toBe(`:warning: ${line}\nOnly you can see this.`);
  expect(reply.blocks).toHaveLength(2);
  expect(textOf(reply)).not.toContain('/star categories');
}

describe('times and zones as people write them', () => {
  it('`subscribe 8am CET` subscribes at 08:00 in Europe/Berlin, said in full', async () => {
    const reply = await star('subscribe 8am CET');
    expect(reply.response_type).toBe('in_channel');
    expect(textOf(reply)).toContain(
      '<@U1> subscribed this channel to the question of the day: *08:00 Europe/Berlin, weekdays*',
    );
    expect(textOf(reply)).toContain('Next question: *Tue 24 Nov, 08:00*');
    expect(subscription()).toEqual([
      { post_time: '08:00', time_zone: 'Europe/Berlin', days: '1,2,3,4,5', paused: 0, paused_until: null },
    ]);
  });

  it('`subscribe 8:30pm PT` is 20:30 in America/Los_Angeles, today there when it is still to come', async () => {
    const reply = await star('subscribe 8:30pm PT mon wed fri');
    expect(textOf(reply)).toContain('*20:30 America/Los_Angeles, mon,wed,fri*');
    expect(textOf(reply)).toContain('Next question: *Mon 23 Nov, 20:30*'); // 12:00 in Los Angeles now
    expect(subscription()).toEqual([
      { post_time: '20:30', time_zone: 'America/Los_Angeles', days: '1,3,5', paused: 0, paused_until: null },
    ]);
  });

  it('`schedule 8:30pm PT` says schedule only shows, with the subscribe that changes it', async () => {
    await star('subscribe 8am CET');
    expectShortRefusal(
      await star('schedule 8:30pm PT'),
      '`/star schedule 8:30pm PT`: schedule only shows the settings; subscribe changes them. Try `/star subscribe 8:30pm PT`.',
    );
    expect(subscription()).toMatchObject([{ post_time: '08:00', time_zone: 'Europe/Berlin' }]);
    expect(textOf(await star('subscribe 8:30pm PT'))).toContain(
      '<@U1> changed the question of the day to *20:30 America/Los_Angeles, weekdays*',
    );
  });

  it('an unknown zone is named, and the example puts a real one in its place', async () => {
    const joins = e2e.standIn.callsOf('conversations.join').length;
    expectShortRefusal(
      await star('subscribe 9am Mars/Olympus mon,wed'),
      '`/star subscribe 9am Mars/Olympus mon,wed`: “Mars/Olympus” is not a time zone I know. Try `/star subscribe 9am Europe/Berlin mon,wed`.',
    );
    expectShortRefusal(
      await star('subscribe 9am XYZ'),
      '`/star subscribe 9am XYZ`: I don’t know the time zone “XYZ”. Try `/star subscribe 9am Europe/Berlin`.',
    );
    expectShortRefusal(
      await star('subscribe 25:00'),
      '`/star subscribe 25:00`: “25:00” is not a time of day: the hours go from 00 to 23. Try `/star subscribe 8:30am`.',
    );
    expect(subscription()).toEqual([]);
    expect(e2e.standIn.callsOf('conversations.join')).toHaveLength(joins); // refused before any Slack call
  });

  it('`remind 8am` sets the reminder at 08:00 in the caller’s Slack zone', async () => {
    expect(textOf(await star('remind 8am'))).toContain("I'll DM you at *08:00* (Europe/Berlin)");
  });
});

describe('dates as people write them, from the caller’s today', () => {
  it('`pause tomorrow` and `pause next monday` pause until that day, confirmed in the channel', async () => {
    await star('subscribe 8am CET');
    const tomorrow = await star('pause tomorrow');
    expect(tomorrow.response_type).toBe('in_channel');
    expect(textOf(tomorrow)).toContain(
      '<@U1> paused the question of the day until Tue, 24 Nov 2026. Next question: *Tue 24 Nov, 08:00*',
    );
    const monday = await star('pause next monday');
    expect(textOf(monday)).toContain(
      '<@U1> paused the question of the day until Mon, 30 Nov 2026. Next question: *Mon 30 Nov, 08:00*',
    );
    expect(subscription()).toMatchObject([{ paused: 1, paused_until: '2026-11-30' }]);
    expect(textOf(await star('skip friday'))).toContain(
      'skipped the question of the day on Fri, 27 Nov 2026',
    );
  });

  it('“tomorrow” is the caller’s: already Tuesday in Auckland, so Wednesday', async () => {
    await star('subscribe 8am CET'); // by U1, in Berlin; U9, an admin in Auckland, pauses it
    expect(textOf(await star('pause tomorrow', { userId: 'U9' }))).toContain(
      'paused the question of the day until Wed, 25 Nov 2026',
    );
  });

  it('`pause 2026-02-30` says there is no such day, with examples from today', async () => {
    await star('subscribe 8am CET');
    expectShortRefusal(
      await star('pause 2026-02-30'),
      '`/star pause 2026-02-30`: there is no 30 February 2026. Try `/star pause 2026-11-30` or `/star pause next monday`.',
    );
    clock.at('2026-12-31T23:30:00Z'); // New Year's Day in Berlin, a Friday
    expectShortRefusal(
      await star('skip 2027-02-29'),
      '`/star skip 2027-02-29`: there is no 29 February 2027. Try `/star skip 2027-01-02` or `/star skip tomorrow`.',
    );
    expect(subscription()).toMatchObject([{ paused: 0, paused_until: null }]);
  });

  it('a day that has passed in the channel is named, with the first day that works', async () => {
    await star('subscribe 8am CET');
    const today = await star('pause today');
    expect(today.response_type).toBe('ephemeral');
    expect(textOf(today)).toBe(
      ':warning: Mon, 23 Nov 2026 is already today in this channel’s time zone (Europe/Berlin): a pause until today pauses nothing. Try `/star pause 2026-11-24`.',
    );
    expect(textOf(await star('skip 2026-11-01'))).toBe(
      ':warning: Sun, 1 Nov 2026 has passed in this channel’s time zone (Europe/Berlin). Try `/star skip 2026-11-24`.',
    );
  });
});

describe('other mistakes', () => {
  it('a wrong word names itself, with the command it most likely meant or the help', async () => {
    expectShortRefusal(
      await star('dance please'),
      '`/star dance please`: there is no “dance” command. Try `/star help`.',
    );
    expectShortRefusal(
      await star('subscirbe 8am CET'),
      '`/star subscirbe 8am CET`: there is no “subscirbe” command. Try `/star subscribe 8am CET`.',
    );
    expectShortRefusal(
      await star('leaderboard year'),
      '`/star leaderboard year`: “year” is not week, month, all, workspace, hide or show. Try `/star leaderboard month` or `/star leaderboard workspace`.',
    );
  });

  it('quoted input cannot mention anyone or format the reply', async () => {
    const reply = await star('dance <!channel> `x`');
    expect(textOf(reply)).toBe(
      ":warning: `/star dance &lt;!channel&gt; 'x'`: there is no “dance” command. Try `/star help`.\nOnly you can see this.",
    );
  });

  it('the help’s example dates are relative to today', async () => {
    const help = textOf(await star('help'));
    expect(help).toContain('`/star pause next monday`, `/star pause until 2026-11-30`');
    expect(help).toContain('`/star skip 2026-11-30` — no question that day');
    clock.at('2027-03-01T09:00:00Z');
    expect(textOf(await star('help'))).toContain('`/star skip 2027-03-08` — no question that day');
  });
});
