import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../src/domain/delivery-policy.js';
import { introKey, mentionKey, mentionMemoryMs, welcomeKey } from '../../src/domain/onboarding.js';
import {
  answerMention,
  introduceToChannel,
  type OnboardingPoster,
  welcomeInstaller,
} from '../../src/use-cases/onboarding.js';
import { pauseForRemovedBot, subscribe } from '../../src/use-cases/subscriptions.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * First contact, each message once: the welcome DM per workspace, the introduction per channel, the
 * help per mentioning message. Real repositories on an in-memory database; Slack is a fake poster
 * whose answers each test scripts.
 */

const now = Date.parse('2026-11-24T08:00:00Z');
let world: World;
afterEach(() => world.db.close());

type Sent = { what: 'welcome' | 'intro' | 'help'; where: string; detail?: string };

/** A Slack that answers each post with the next scripted outcome (default: taken). */
function fakePoster(...script: DeliveryOutcome[]) {
  const sent: Sent[] = [];
  let n = 0;
  const answer = async (post: Sent): Promise<DeliveryOutcome> => {
    sent.push(post);
    n += 1;
    return script.shift() ?? { ok: true, ts: `1764000000.00000${n}` };
  };
  const poster: OnboardingPoster = {
    welcome: (userId) => answer({ what: 'welcome', where: userId }),
    introduce: (channelId, standing) => answer({ what: 'intro', where: channelId, detail: standing }),
    helpAfterMention: (channelId, threadTs) => answer({ what: 'help', where: channelId, detail: threadTs }),
  };
  return { poster, sent };
}

const lost: DeliveryOutcome = { ok: false, kind: 'unknown', error: 'HTTP 500' };
const unavailable: DeliveryOutcome = { ok: false, kind: 'transient', error: 'HTTP 503' };
const archived: DeliveryOutcome = { ok: false, kind: 'permanent', error: 'is_archived', pause: 'channel' };

describe('the welcome DM to whoever installed the app', () => {
  it('is sent once per workspace: a second install of the same workspace sends nothing', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster();
    expect(await welcomeInstaller(world.onboarding, poster, { teamId: 'T1', userId: 'U1', now })).toEqual({
      kind: 'sent',
      ts: '1764000000.000001',
    });
    // Installed again (to grant a scope), by someone else even: already welcomed.
    expect(await welcomeInstaller(world.onboarding, poster, { teamId: 'T1', userId: 'U2', now })).toEqual({
      kind: 'already',
    });
    // Another workspace is welcomed on its own.
    await welcomeInstaller(world.onboarding, poster, { teamId: 'T2', userId: 'U9', now });
    expect(sent).toEqual([
      { what: 'welcome', where: 'U1' },
      { what: 'welcome', where: 'U9' },
    ]);
    expect(world.onboarding.onboarding.find(welcomeKey('T1'))).toMatchObject({
      status: 'sent',
      messageTs: '1764000000.000001',
    });
  });

  it('one Slack may have taken (a lost reply) is never sent again; one Slack refused can be', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster(lost, unavailable);
    expect(await welcomeInstaller(world.onboarding, poster, { teamId: 'T1', userId: 'U1', now })).toEqual({
      kind: 'in-doubt',
      error: 'HTTP 500',
    });
    expect(await welcomeInstaller(world.onboarding, poster, { teamId: 'T1', userId: 'U1', now })).toEqual({
      kind: 'already',
    });
    expect(await welcomeInstaller(world.onboarding, poster, { teamId: 'T2', userId: 'U2', now })).toEqual({
      kind: 'failed',
      error: 'HTTP 503',
      retry: true,
    });
    expect(world.onboarding.onboarding.find(welcomeKey('T2'))).toBeUndefined();
    // The next start (or install) of T2 welcomes.
    expect(
      await welcomeInstaller(world.onboarding, poster, { teamId: 'T2', userId: 'U2', now }),
    ).toMatchObject({
      kind: 'sent',
    });
    expect(sent.map((s) => s.where)).toEqual(['U1', 'U2', 'U2']);
  });

  it('a poster that throws is taken as "maybe sent": the claim stays', async () => {
    world = inMemoryWorld();
    const poster: OnboardingPoster = {
      welcome: async () => {
        throw new Error('socket hang up');
      },
      introduce: async () => ({ ok: true, ts: '1.1' }),
      helpAfterMention: async () => ({ ok: true, ts: '1.1' }),
    };
    expect(await welcomeInstaller(world.onboarding, poster, { teamId: 'T1', userId: 'U1', now })).toEqual({
      kind: 'in-doubt',
      error: 'socket hang up',
    });
    expect(world.onboarding.onboarding.find(welcomeKey('T1'))).toMatchObject({ status: 'sending' });
  });
});

describe('the introduction in a channel', () => {
  it('is posted once per channel when a person invites the bot, even after it leaves and comes back', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster();
    const join = (channelId: string, inviterId: string | undefined) =>
      introduceToChannel(world.onboarding, poster, { teamId: 'T1', channelId, inviterId, now });
    expect(await join('C1', 'U1')).toMatchObject({ kind: 'sent' });
    expect(await join('C1', 'U2')).toEqual({ kind: 'already' }); // removed, then invited again
    expect(await join('G2', 'U1')).toMatchObject({ kind: 'sent' });
    expect(sent).toEqual([
      { what: 'intro', where: 'C1', detail: 'unsubscribed' },
      { what: 'intro', where: 'G2', detail: 'unsubscribed' },
    ]);
  });

  it('is not posted when the bot joined by itself (/star subscribe, Post to channel), and that claims nothing', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster();
    expect(
      await introduceToChannel(world.onboarding, poster, {
        teamId: 'T1',
        channelId: 'C1',
        inviterId: undefined,
        now,
      }),
    ).toEqual({ kind: 'skipped', why: 'it joined by itself' });
    expect(world.onboarding.onboarding.find(introKey('T1', 'C1'))).toBeUndefined();
    // Removed later and invited back by a person: introduced then, saying its question is paused.
    await subscribe(
      world.subscriptions,
      { ensureMember: async () => ({ ok: true }), timeZoneOf: async () => 'Europe/Berlin' },
      { teamId: 'T1', channelId: 'C1', userId: 'U1', role: 'member', now },
    );
    pauseForRemovedBot(world.subscriptions, { teamId: 'T1', channelId: 'C1' });
    await introduceToChannel(world.onboarding, poster, {
      teamId: 'T1',
      channelId: 'C1',
      inviterId: 'U1',
      now,
    });
    expect(sent).toEqual([{ what: 'intro', where: 'C1', detail: 'paused' }]);
  });

  it('says what the channel has: a running question of the day is named, not offered again', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster();
    await subscribe(
      world.subscriptions,
      { ensureMember: async () => ({ ok: true }), timeZoneOf: async () => 'UTC' },
      { teamId: 'T1', channelId: 'C7', userId: 'U1', role: 'member', now },
    );
    await introduceToChannel(world.onboarding, poster, {
      teamId: 'T1',
      channelId: 'C7',
      inviterId: 'U1',
      now,
    });
    expect(sent).toEqual([{ what: 'intro', where: 'C7', detail: 'subscribed' }]);
  });

  it('a channel Slack refuses to post in (archived) is not claimed: nothing is kept, nothing retried', async () => {
    world = inMemoryWorld();
    const { poster } = fakePoster(archived);
    expect(
      await introduceToChannel(world.onboarding, poster, {
        teamId: 'T1',
        channelId: 'C1',
        inviterId: 'U1',
        now,
      }),
    ).toEqual({ kind: 'failed', error: 'is_archived', retry: false });
    expect(world.onboarding.onboarding.find(introKey('T1', 'C1'))).toBeUndefined();
  });
});

describe('the help after a mention', () => {
  const mention = (
    poster: OnboardingPoster,
    ts: string,
    extra: { threadTs?: string; fromBot?: boolean; at?: number } = {},
  ) =>
    answerMention(world.onboarding, poster, {
      teamId: 'T1',
      channelId: 'C1',
      ts,
      threadTs: extra.threadTs,
      fromBot: extra.fromBot ?? false,
      now: extra.at ?? now,
    });

  it('answers in a new thread under a top-level mention, and in the thread of a mention in a thread', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster();
    await mention(poster, '1764000000.000100');
    await mention(poster, '1764000000.000300', { threadTs: '1764000000.000200' });
    expect(sent).toEqual([
      { what: 'help', where: 'C1', detail: '1764000000.000100' },
      { what: 'help', where: 'C1', detail: '1764000000.000200' },
    ]);
  });

  it('answers each message once, however often its event comes; a reply Slack may have taken is not sent again', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster(lost);
    expect(await mention(poster, '1764000000.000100')).toEqual({ kind: 'in-doubt', error: 'HTTP 500' });
    expect(await mention(poster, '1764000000.000100')).toEqual({ kind: 'already' });
    expect(await mention(poster, '1764000000.000200')).toMatchObject({ kind: 'sent' });
    expect(await mention(poster, '1764000000.000200')).toEqual({ kind: 'already' });
    expect(sent).toHaveLength(2);
  });

  it('a reply Slack did not take (503) is given back, so the redelivered event posts it', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster(unavailable);
    expect(await mention(poster, '1764000000.000100')).toEqual({
      kind: 'failed',
      error: 'HTTP 503',
      retry: true,
    });
    expect(await mention(poster, '1764000000.000100')).toMatchObject({ kind: 'sent' });
    expect(sent).toHaveLength(2);
    expect(world.onboarding.onboarding.find(mentionKey('T1', 'C1', '1764000000.000100'))).toMatchObject({
      status: 'sent',
    });
  });

  it('bots get no answer', async () => {
    world = inMemoryWorld();
    const { poster, sent } = fakePoster();
    expect(await mention(poster, '1764000000.000100', { fromBot: true })).toEqual({
      kind: 'skipped',
      why: 'a bot wrote it',
    });
    expect(sent).toEqual([]);
  });

  it('answered mentions are forgotten after a month', async () => {
    world = inMemoryWorld();
    const { poster } = fakePoster();
    await mention(poster, '1764000000.000100');
    await mention(poster, '1764000000.000200', { at: now + mentionMemoryMs + 1 });
    expect(world.onboarding.onboarding.find(mentionKey('T1', 'C1', '1764000000.000100'))).toBeUndefined();
    expect(world.onboarding.onboarding.find(mentionKey('T1', 'C1', '1764000000.000200'))).toBeDefined();
    // The welcome and introductions are never forgotten.
    await welcomeInstaller(world.onboarding, poster, { teamId: 'T1', userId: 'U1', now });
    await mention(poster, '1764000000.000300', { at: now + 2 * mentionMemoryMs });
    expect(world.onboarding.onboarding.find(welcomeKey('T1'))).toBeDefined();
  });
});
