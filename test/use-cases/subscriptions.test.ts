import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAccess, Membership } from '../../src/use-cases/deps.js';
import {
  pause,
  resume,
  showSchedule,
  skipDate,
  subscribe,
  unsubscribe,
} from '../../src/use-cases/subscriptions.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * `/star subscribe`: its defaults and its membership rule; who may change a subscribed channel
 * (subscribe, pause, resume, skip, unsubscribe). On the real repositories.
 */

const mondayEvening = Date.parse('2026-11-23T20:00:00Z'); // 21:00 in Berlin
const where = { teamId: 'T1', channelId: 'C1', userId: 'U1', role: 'member' } as const;

/** Slack, as subscribe asks it: whether the bot is in a channel, and the subscriber's time zone. */
function fakeSlack(membership: Membership = { ok: true }, timeZone = 'Europe/Berlin') {
  const asked = { members: [] as string[], zones: [] as string[] };
  const slack: ChannelAccess & { timeZoneOf: (userId: string) => Promise<string> } = {
    async ensureMember(channelId) {
      asked.members.push(channelId);
      return membership;
    },
    async timeZoneOf(userId) {
      asked.zones.push(userId);
      return timeZone;
    },
  };
  return { slack, asked };
}

let world: World;
afterEach(() => world.db.close());

describe('subscribe', () => {
  it('defaults to 09:00 on weekdays in the subscriber’s own Slack time zone', async () => {
    world = inMemoryWorld();
    const { slack, asked } = fakeSlack();
    const result = await subscribe(world.subscriptions, slack, { ...where, now: mondayEvening });
    expect(result.ok).toBe(true);
    expect(asked).toEqual({ members: ['C1'], zones: ['U1'] });
    const saved = world.subscriptions.subscriptions.find('T1', 'C1');
    expect(saved).toMatchObject({
      time: { hour: 9, minute: 0 },
      timeZone: 'Europe/Berlin',
      days: [1, 2, 3, 4, 5],
      createdBy: 'U1',
    });
    // Subscribed Monday 21:00 in Berlin: the first question is Tuesday 09:00 (08:00 UTC).
    expect(result.ok && result.next).toEqual({ date: '2026-11-24', at: Date.parse('2026-11-24T08:00:00Z') });
    expect(result.ok && result.changed).toBe(false);
  });

  it('keeps what the subscriber gave, and asks Slack for no time zone when one was given', async () => {
    world = inMemoryWorld();
    const { slack, asked } = fakeSlack();
    const result = await subscribe(world.subscriptions, slack, {
      ...where,
      time: '07:30',
      timeZone: 'America/New_York',
      days: [1, 3, 5],
      now: mondayEvening,
    });
    expect(result.ok).toBe(true);
    expect(asked.zones).toEqual([]);
    expect(world.subscriptions.subscriptions.find('T1', 'C1')).toMatchObject({
      time: { hour: 7, minute: 30 },
      timeZone: 'America/New_York',
      days: [1, 3, 5],
    });
  });

  it('says a second subscribe changed the channel’s settings', async () => {
    world = inMemoryWorld();
    const { slack } = fakeSlack();
    await subscribe(world.subscriptions, slack, { ...where, now: mondayEvening });
    const again = await subscribe(world.subscriptions, slack, {
      ...where,
      time: '10:00',
      now: mondayEvening,
    });
    expect(again.ok && again.changed).toBe(true);
    expect(world.subscriptions.subscriptions.find('T1', 'C1')?.time).toEqual({ hour: 10, minute: 0 });
  });

  it('a change keeps what it does not give: `subscribe holidays DE` changes only the holidays', async () => {
    world = inMemoryWorld();
    const { slack, asked } = fakeSlack();
    await subscribe(world.subscriptions, slack, {
      ...where,
      time: '07:30',
      timeZone: 'America/New_York',
      days: [1, 3, 5],
      now: mondayEvening,
    });
    const again = await subscribe(world.subscriptions, slack, {
      ...where,
      holidays: 'US',
      now: mondayEvening,
    });
    expect(again.ok && again.changed).toBe(true);
    expect(asked.zones).toEqual([]); // the channel's zone stays: nobody's is asked for
    expect(world.subscriptions.subscriptions.find('T1', 'C1')).toMatchObject({
      time: { hour: 7, minute: 30 },
      timeZone: 'America/New_York',
      days: [1, 3, 5],
      holidays: 'US',
    });
    // A later change of time keeps the holidays; `holidays off` (null) drops them.
    await subscribe(world.subscriptions, slack, { ...where, time: '08:00', now: mondayEvening });
    expect(world.subscriptions.subscriptions.find('T1', 'C1')?.holidays).toBe('US');
    await subscribe(world.subscriptions, slack, { ...where, holidays: null, now: mondayEvening });
    expect(world.subscriptions.subscriptions.find('T1', 'C1')).toMatchObject({
      time: { hour: 8, minute: 0 },
      holidays: null,
    });
  });

  it('skips the calendar’s public holidays: the next post and the next holiday skipped', async () => {
    world = inMemoryWorld();
    const { slack } = fakeSlack();
    const wednesday = Date.parse('2026-12-16T12:00:00Z');
    const result = await subscribe(world.subscriptions, slack, { ...where, holidays: 'DE', now: wednesday });
    expect(result.ok && result.nextHoliday).toEqual({ date: '2026-12-25', name: 'Christmas Day' });
    // Just after midnight on Christmas Day in Berlin: the next post is on Monday 28 December.
    const christmas = Date.parse('2026-12-24T23:30:00Z');
    const view = showSchedule(world.subscriptions, { teamId: 'T1', channelId: 'C1', now: christmas });
    expect(view.ok && view.view.next).toEqual({ date: '2026-12-28', at: Date.parse('2026-12-28T08:00:00Z') });
    // Without holidays, none is named; more than 14 days ahead, neither.
    await subscribe(world.subscriptions, slack, { ...where, holidays: null, now: wednesday });
    expect(
      showSchedule(world.subscriptions, { teamId: 'T1', channelId: 'C1', now: wednesday }),
    ).toMatchObject({
      ok: true,
      view: { nextHoliday: null },
    });
    await subscribe(world.subscriptions, slack, { ...where, holidays: 'DE', now: mondayEvening });
    expect(
      showSchedule(world.subscriptions, { teamId: 'T1', channelId: 'C1', now: mondayEvening }),
    ).toMatchObject({
      ok: true,
      view: { nextHoliday: null },
    });
  });

  it('subscribes nothing where the bot cannot be, and says Slack’s reason', async () => {
    world = inMemoryWorld();
    const { slack, asked } = fakeSlack({ ok: false, code: 'channel_not_found' });
    const result = await subscribe(world.subscriptions, slack, { ...where, now: mondayEvening });
    expect(result).toEqual({ ok: false, reason: 'no-access', code: 'channel_not_found' });
    expect(asked.zones).toEqual([]);
    expect(world.subscriptions.subscriptions.find('T1', 'C1')).toBeUndefined();
  });
});

describe('who may change a subscribed channel', () => {
  const member = { teamId: 'T1', channelId: 'C1', userId: 'U2', role: 'member' } as const;
  const admin = { teamId: 'T1', channelId: 'C1', userId: 'U3', role: 'admin' } as const;
  const unsure = { teamId: 'T1', channelId: 'C1', userId: 'U2', role: 'unknown' } as const;
  const refused = (subscriber: string | null, reason = 'not-allowed') => ({ ok: false, reason, subscriber });

  async function subscribedByU1() {
    world = inMemoryWorld();
    const { slack } = fakeSlack();
    await subscribe(world.subscriptions, slack, { ...where, time: '09:00', now: mondayEvening });
  }
  const stored = () => world.subscriptions.subscriptions.find('T1', 'C1');

  it('another member changes nothing, and is told the subscriber can', async () => {
    await subscribedByU1();
    const { slack, asked } = fakeSlack();
    const now = mondayEvening;
    expect(await subscribe(world.subscriptions, slack, { ...member, time: '10:00', now })).toEqual(
      refused('U1'),
    );
    expect(asked).toEqual({ members: [], zones: [] }); // refused before joining or asking Slack anything
    expect(pause(world.subscriptions, { ...member, now })).toEqual(refused('U1'));
    expect(skipDate(world.subscriptions, { ...member, date: '2026-11-25', now })).toEqual(refused('U1'));
    expect(unsubscribe(world.subscriptions, member)).toEqual(refused('U1'));
    expect(stored()).toMatchObject({ time: { hour: 9, minute: 0 }, paused: false, skips: new Set() });
    // A pause by the subscriber is not lifted by someone else either.
    pause(world.subscriptions, { ...where, now });
    expect(resume(world.subscriptions, { ...member, now })).toEqual(refused('U1'));
    expect(stored()?.paused).toBe(true);
    // Reading the schedule is anyone's.
    expect(showSchedule(world.subscriptions, { teamId: 'T1', channelId: 'C1', now }).ok).toBe(true);
  });

  it('when Slack does not say whether they are an admin, the answer is no (try again)', async () => {
    await subscribedByU1();
    const { slack } = fakeSlack();
    const now = mondayEvening;
    const unknown = refused('U1', 'role-unknown');
    expect(await subscribe(world.subscriptions, slack, { ...unsure, time: '10:00', now })).toEqual(unknown);
    expect(pause(world.subscriptions, { ...unsure, now })).toEqual(unknown);
    expect(unsubscribe(world.subscriptions, unsure)).toEqual(unknown);
    expect(stored()).toMatchObject({ time: { hour: 9, minute: 0 }, paused: false });
    // The subscriber needs no answer from Slack.
    expect(pause(world.subscriptions, { ...where, role: 'unknown', now }).ok).toBe(true);
  });

  it('an admin changes the settings, and the first subscriber keeps the channel', async () => {
    await subscribedByU1();
    const { slack } = fakeSlack();
    const now = mondayEvening;
    const changed = await subscribe(world.subscriptions, slack, { ...admin, time: '10:00', now });
    expect(changed.ok && changed.changed).toBe(true);
    expect(stored()).toMatchObject({ time: { hour: 10, minute: 0 }, createdBy: 'U1' });
    expect(pause(world.subscriptions, { ...admin, now }).ok).toBe(true);
    expect(stored()?.pauseReason).toBe('paused by <@U3>');
    expect(resume(world.subscriptions, { ...admin, now }).ok).toBe(true);
    expect(skipDate(world.subscriptions, { ...admin, date: '2026-11-25', now }).ok).toBe(true);
    // So the member is still told U1 can, not the admin who changed it last.
    expect(pause(world.subscriptions, { ...member, now })).toEqual(refused('U1'));
    expect(unsubscribe(world.subscriptions, admin)).toEqual({ ok: true });
    expect(stored()).toBeUndefined();
  });

  it('after unsubscribe, whoever subscribes the channel again is its subscriber', async () => {
    await subscribedByU1();
    const { slack } = fakeSlack();
    expect(unsubscribe(world.subscriptions, where)).toEqual({ ok: true });
    expect((await subscribe(world.subscriptions, slack, { ...member, now: mondayEvening })).ok).toBe(true);
    expect(stored()?.createdBy).toBe('U2');
    expect(pause(world.subscriptions, { ...where, now: mondayEvening })).toEqual(refused('U2'));
  });

  it('a channel without a subscription is "not subscribed" to anyone who tries to change it', () => {
    world = inMemoryWorld();
    const now = mondayEvening;
    const none = { ok: false, reason: 'not-subscribed' };
    expect(pause(world.subscriptions, { ...member, now })).toEqual(none);
    expect(resume(world.subscriptions, { ...unsure, now })).toEqual(none);
    expect(skipDate(world.subscriptions, { ...member, date: '2026-11-25', now })).toEqual(none);
    expect(unsubscribe(world.subscriptions, member)).toEqual(none);
  });

  it('a subscriber who asked to be forgotten leaves the channel to the admins', async () => {
    await subscribedByU1();
    world.personal.personalData.deleteUser('T1', 'U1');
    expect(stored()?.createdBy).toBe('');
    const now = mondayEvening;
    expect(pause(world.subscriptions, { ...where, now })).toEqual(refused(null)); // U1 is nobody now
    expect(pause(world.subscriptions, { ...member, now })).toEqual(refused(null));
    expect(pause(world.subscriptions, { ...admin, now }).ok).toBe(true);
  });
});
