import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelSettingsForm } from '../../src/domain/settings.js';
import {
  type ChannelSettingsDeps,
  channelsManagedBy,
  checkChannelSettings,
  postTodaysQuestionNow,
  saveChannelSettings,
} from '../../src/use-cases/channel-settings.js';
import type { ChannelAccess } from '../../src/use-cases/deps.js';
import { subscribe } from '../../src/use-cases/subscriptions.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * A channel's question of the day from the App Home's Settings window: which channels a user
 * manages, saving the window (checked whole first, then only what differs), and "Post today's
 * question now". On the real repositories.
 */

const tuesdayMorning = Date.parse('2026-11-24T06:00:00Z'); // 07:00 in Berlin
const slack: ChannelAccess & { timeZoneOf: () => Promise<string> } = {
  ensureMember: async () => ({ ok: true }),
  timeZoneOf: async () => 'Europe/Berlin',
};

let world: World;
afterEach(() => world.db.close());

function setUp(): ChannelSettingsDeps {
  world = inMemoryWorld();
  return {
    subscriptions: world.subscriptions,
    coach: world.coach,
    plan: { ...world.practice, outbox: world.subscriptions.outbox, now: () => tuesdayMorning },
    pairs: world.pairs,
  };
}

async function subscribed(deps: ChannelSettingsDeps, channelId: string, userId: string) {
  const done = await subscribe(deps.subscriptions, slack, {
    teamId: 'T1',
    channelId,
    userId,
    role: 'member',
    time: '09:00',
    timeZone: 'Europe/Berlin',
    now: tuesdayMorning,
  });
  expect(done.ok).toBe(true);
}

const asIs: ChannelSettingsForm = {
  time: '09:00',
  timeZone: 'Europe/Berlin',
  days: [1, 2, 3, 4, 5],
  holidays: null,
  paused: false,
  pausedUntil: null,
  skip: null,
  coach: true,
  pairs: null,
};
const owner = { teamId: 'T1', channelId: 'C1', userId: 'U1', role: 'member', now: tuesdayMorning } as const;

describe('channelsManagedBy', () => {
  it('a member: the channels they subscribed; an admin: every channel of the workspace', async () => {
    const deps = setUp();
    await subscribed(deps, 'C1', 'U1');
    await subscribed(deps, 'C2', 'U2');
    const ids = (role: 'member' | 'admin', userId: string) =>
      channelsManagedBy(deps.subscriptions, { teamId: 'T1', userId, role }).map((s) => s.channelId);
    expect(ids('member', 'U1')).toEqual(['C1']);
    expect(ids('member', 'U3')).toEqual([]);
    expect(ids('admin', 'U3').sort()).toEqual(['C1', 'C2']);
    expect(channelsManagedBy(deps.subscriptions, { teamId: 'T2', userId: 'U1', role: 'admin' })).toEqual([]);
  });
});

describe('saveChannelSettings', () => {
  it('changes only what differs: the coach alone leaves the schedule (and its start) alone', async () => {
    const deps = setUp();
    await subscribed(deps, 'C1', 'U1');
    const before = world.subscriptions.subscriptions.find('T1', 'C1');
    const saved = await saveChannelSettings(deps, slack, {
      ...owner,
      form: { ...asIs, coach: false },
      now: tuesdayMorning + 60_000,
    });
    expect(saved.ok && saved.changes).toEqual([{ kind: 'coach', enabled: false }]);
    expect(world.subscriptions.subscriptions.find('T1', 'C1')?.effectiveFrom).toBe(before?.effectiveFrom);
    expect(world.coach.channelSettings.coachEnabled('T1', 'C1')).toBe(false);
  });

  it('saves a new schedule, a pause until a day and a skipped day, in that order', async () => {
    const deps = setUp();
    await subscribed(deps, 'C1', 'U1');
    const saved = await saveChannelSettings(deps, slack, {
      ...owner,
      form: {
        ...asIs,
        time: '10:30',
        days: [1, 3],
        paused: true,
        pausedUntil: '2026-12-07',
        skip: '2026-12-09',
      },
    });
    expect(saved.ok && saved.changes).toEqual([
      { kind: 'schedule' },
      { kind: 'paused', until: '2026-12-07' },
      { kind: 'skipped', date: '2026-12-09' },
    ]);
    expect(world.subscriptions.subscriptions.find('T1', 'C1')).toMatchObject({
      time: { hour: 10, minute: 30 },
      days: [1, 3],
      paused: true,
      pausedUntil: '2026-12-07',
      createdBy: 'U1',
    });
    // Saved again as it is now: nothing changes.
    const again = await saveChannelSettings(deps, slack, {
      ...owner,
      form: {
        ...asIs,
        time: '10:30',
        days: [1, 3],
        paused: true,
        pausedUntil: '2026-12-07',
        skip: '2026-12-09',
      },
    });
    expect(again.ok && again.changes).toEqual([]);
  });

  it('checks the whole form before changing anything', async () => {
    const deps = setUp();
    await subscribed(deps, 'C1', 'U1');
    const form = { ...asIs, time: '11:00', paused: true, pausedUntil: '2026-11-24' };
    expect(checkChannelSettings(deps, { ...owner, form })).toMatchObject({
      ok: false,
      reason: 'date-passed',
      field: 'pausedUntil',
    });
    expect(await saveChannelSettings(deps, slack, { ...owner, form })).toMatchObject({ ok: false });
    expect(
      await saveChannelSettings(deps, slack, { ...owner, form: { ...asIs, skip: '2026-11-23' } }),
    ).toMatchObject({ ok: false, reason: 'date-passed', field: 'skip' });
    expect(world.subscriptions.subscriptions.find('T1', 'C1')).toMatchObject({
      time: { hour: 9, minute: 0 },
      paused: false,
    });
  });

  it('refuses a member who did not subscribe the channel, naming who can; an admin may', async () => {
    const deps = setUp();
    await subscribed(deps, 'C1', 'U1');
    const form = { ...asIs, time: '08:00' };
    expect(await saveChannelSettings(deps, slack, { ...owner, userId: 'U2', form })).toEqual({
      ok: false,
      reason: 'not-allowed',
      subscriber: 'U1',
    });
    const admin = await saveChannelSettings(deps, slack, { ...owner, userId: 'U9', role: 'admin', form });
    expect(admin.ok).toBe(true);
    expect(world.subscriptions.subscriptions.find('T1', 'C1')).toMatchObject({ createdBy: 'U1' });
  });
});

describe('postTodaysQuestionNow', () => {
  it('plans today’s question once; the daily plan then finds today done', async () => {
    const deps = setUp();
    await subscribed(deps, 'C1', 'U1');
    expect(postTodaysQuestionNow(deps, owner)).toEqual({ ok: true, date: '2026-11-24' });
    expect(postTodaysQuestionNow(deps, owner)).toEqual({ ok: false, reason: 'already', date: '2026-11-24' });
    expect(world.subscriptions.outbox.find('T1', 'C1', '2026-11-24')).toMatchObject({ kind: 'question' });
    expect(postTodaysQuestionNow(deps, { ...owner, userId: 'U2' })).toMatchObject({ reason: 'not-allowed' });
    expect(postTodaysQuestionNow(deps, { ...owner, channelId: 'C9' })).toEqual({
      ok: false,
      reason: 'not-subscribed',
    });
  });

  it('refuses on a day the channel does not post (paused): the dispatcher would drop it', async () => {
    const deps = setUp();
    await subscribed(deps, 'C1', 'U1');
    world.subscriptions.subscriptions.pause('T1', 'C1', null, 'paused by <@U1>');
    expect(postTodaysQuestionNow(deps, owner)).toEqual({
      ok: false,
      reason: 'not-a-posting-day',
      date: '2026-11-24',
    });
    expect(world.subscriptions.outbox.find('T1', 'C1', '2026-11-24')).toBeUndefined();
  });
});
