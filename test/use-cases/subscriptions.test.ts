import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAccess, Membership } from '../../src/use-cases/deps.js';
import { showSchedule, subscribe } from '../../src/use-cases/subscriptions.js';
import { inMemoryWorld, type World } from './in-memory.js';

/** `/star subscribe`: its defaults and its membership rule, on the real repositories. */

const mondayEvening = Date.parse('2026-11-23T20:00:00Z'); // 21:00 in Berlin
const where = { teamId: 'T1', channelId: 'C1', userId: 'U1' };

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
