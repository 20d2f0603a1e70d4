import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../src/domain/delivery-policy.js';
import { dispatchOutbox } from '../../src/use-cases/outbox-dispatcher.js';
import {
  decideGroup,
  giveMockFeedback,
  joinPairs,
  leavePairs,
  type PairsDeps,
  type PairsPoster,
  pairsKinds,
  planPairsRounds,
  turnPairsOff,
  turnPairsOn,
} from '../../src/use-cases/pairs.js';
import { peerStats } from '../../src/use-cases/peer-review.js';
import { forgetMe } from '../../src/use-cases/personal-data.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * Mock interviews in pairs on the real repositories: turning rounds on (for whom), planning a round
 * once with its outbox rows, the next round avoiding the last pairs, sending through the outbox
 * exactly once, the nudge, "we met", and feedback that counts in the candidate's peer rubric.
 */

const T = 'T1';
const C = 'C1';
const friday = Date.parse('2026-11-27T12:00:00Z');
const mondayRound = Date.parse('2026-11-30T09:00:00Z'); // 10:00 in Berlin
const slack = {
  ensureMember: async () => ({ ok: true as const }),
  timeZoneOf: async () => 'Europe/Berlin',
};

let world: World;
afterEach(() => world.db.close());

function setUp(clock: { now: number }): PairsDeps {
  world = inMemoryWorld();
  return { ...world.pairs, now: () => clock.now };
}

/** A poster that records what it was asked to send; every group DM opens as `G-<members>`. */
function recordingPoster() {
  const sent: Array<{ what: string; to: string }> = [];
  const ok = (): DeliveryOutcome => ({ ok: true, ts: `${1700000000 + sent.length}.000100` });
  const poster: PairsPoster = {
    async announceRound({ channelId, groups }) {
      sent.push({ what: `round of ${groups.length}`, to: channelId });
      return ok();
    },
    async openGroup({ group }) {
      sent.push({ what: 'group', to: group.members.join('+') });
      return { ...ok(), conversationId: `G-${group.members.join('-')}` };
    },
    async sendPacket({ interviewer, candidate }) {
      sent.push({ what: `packet about ${candidate}`, to: interviewer });
      return ok();
    },
    async nudge({ conversationId }) {
      sent.push({ what: 'nudge', to: conversationId });
      return ok();
    },
  };
  return { poster, sent };
}

async function dispatch(deps: PairsDeps, poster: PairsPoster, now: number) {
  return dispatchOutbox({
    outbox: deps.outbox,
    workspaceDelivery: world.workspaces.delivery,
    kinds: pairsKinds({ ...deps, poster }),
    lookup: { findPost: async () => ({ found: false }) },
    now: () => now,
    sleep: async () => {},
  });
}

async function withMembers(deps: PairsDeps, ...users: string[]) {
  const on = await turnPairsOn(deps, slack, {
    teamId: T,
    channelId: C,
    userId: 'U1',
    role: 'member',
    now: friday,
  });
  expect(on.ok).toBe(true);
  for (const userId of users)
    joinPairs(deps, { teamId: T, userId, channelId: C, timeZone: 'Europe/Berlin', now: friday });
}

describe('turning rounds on and off', () => {
  it('weekly on Monday at 10:00 in the caller’s zone by default; the first round is the next Monday', async () => {
    const deps = setUp({ now: friday });
    const on = await turnPairsOn(deps, slack, {
      teamId: T,
      channelId: C,
      userId: 'U1',
      role: 'member',
      now: friday,
    });
    expect(on).toMatchObject({
      ok: true,
      settings: { cadence: 'weekly', weekday: 1, time: { hour: 10, minute: 0 }, timeZone: 'Europe/Berlin' },
      next: { date: '2026-11-30', at: mondayRound },
    });
  });

  it('on a subscribed channel: only its subscriber or an admin, at its question-of-the-day time', async () => {
    const deps = setUp({ now: friday });
    world.subscriptions.subscriptions.save({
      teamId: T,
      channelId: C,
      time: '08:30',
      timeZone: 'America/New_York',
      days: [1, 2, 3, 4, 5],
      holidays: null,
      createdBy: 'U1',
      at: friday,
    });
    expect(
      await turnPairsOn(deps, slack, { teamId: T, channelId: C, userId: 'U2', role: 'member', now: friday }),
    ).toEqual({ ok: false, reason: 'not-allowed', subscriber: 'U1' });
    const admin = await turnPairsOn(deps, slack, {
      teamId: T,
      channelId: C,
      userId: 'U9',
      role: 'admin',
      cadence: 'biweekly',
      weekday: 4,
      now: friday,
    });
    expect(admin).toMatchObject({
      ok: true,
      settings: {
        cadence: 'biweekly',
        weekday: 4,
        time: { hour: 8, minute: 30 },
        timeZone: 'America/New_York',
      },
    });
    expect(turnPairsOff(deps, { teamId: T, channelId: C, userId: 'U2', role: 'member' })).toMatchObject({
      reason: 'not-allowed',
    });
    expect(turnPairsOff(deps, { teamId: T, channelId: C, userId: 'U1', role: 'member' })).toEqual({
      ok: true,
    });
    expect(turnPairsOff(deps, { teamId: T, channelId: C, userId: 'U1', role: 'member' })).toEqual({
      ok: false,
      reason: 'not-on',
    });
  });
});

describe('a round', () => {
  it('is planned once at its time: groups, who interviews whom, and one outbox row per message', async () => {
    const clock = { now: friday };
    const deps = setUp(clock);
    await withMembers(deps, 'U1', 'U2', 'U3', 'U4', 'U5');
    expect(planPairsRounds(deps, mondayRound - 60_000)).toEqual([]);
    clock.now = mondayRound;
    expect(planPairsRounds(deps, mondayRound)).toEqual([
      { teamId: T, channelId: C, localDate: '2026-11-30', what: 'round of 2 groups' },
    ]);
    expect(planPairsRounds(deps, mondayRound + 60_000)).toEqual([]); // the same day again: nothing
    const groups = deps.pairs.roundGroups(T, C, '2026-11-30');
    expect(groups.map((g) => g.members.length).sort()).toEqual([2, 3]);
    expect(groups.flatMap((g) => g.members).sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5']);
    // Everyone interviews once and is interviewed once, with a question from the decks.
    const interviews = groups.flatMap((g) => g.interviews);
    expect(interviews.map((i) => i.interviewer).sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5']);
    expect(interviews.map((i) => i.candidate).sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5']);
    for (const i of interviews) expect(world.practice.library.byId.has(i.questionId)).toBe(true);

    // Sent through the outbox exactly once: 1 announcement, 2 group DMs, 5 packets; a second pass sends nothing.
    const { poster, sent } = recordingPoster();
    await dispatch(deps, poster, mondayRound);
    await dispatch(deps, poster, mondayRound + 60_000);
    expect(sent.filter((s) => s.what.startsWith('round'))).toEqual([{ what: 'round of 2', to: C }]);
    expect(sent.filter((s) => s.what === 'group')).toHaveLength(2);
    expect(
      sent
        .filter((s) => s.what.startsWith('packet'))
        .map((s) => s.to)
        .sort(),
    ).toEqual(['U1', 'U2', 'U3', 'U4', 'U5']);
  });

  it('the next round avoids the last round’s pairs', async () => {
    const clock = { now: friday };
    const deps = setUp(clock);
    await withMembers(deps, 'U1', 'U2', 'U3', 'U4');
    clock.now = mondayRound;
    planPairsRounds(deps, mondayRound);
    const first = deps.pairs.roundGroups(T, C, '2026-11-30').map((g) => [...g.members].sort().join('+'));
    clock.now = mondayRound + 7 * 86_400_000;
    planPairsRounds(deps, clock.now);
    const second = deps.pairs.roundGroups(T, C, '2026-12-07').map((g) => [...g.members].sort().join('+'));
    expect(second).toHaveLength(2);
    for (const pair of second) expect(first).not.toContain(pair);
  });

  it('one person alone: an announcement that nobody is paired, no DMs', async () => {
    const clock = { now: friday };
    const deps = setUp(clock);
    await withMembers(deps, 'U1');
    clock.now = mondayRound;
    planPairsRounds(deps, mondayRound);
    const { poster, sent } = recordingPoster();
    await dispatch(deps, poster, mondayRound);
    expect(sent).toEqual([{ what: 'round of 0', to: C }]);
  });

  it('who left is not paired', async () => {
    const clock = { now: friday };
    const deps = setUp(clock);
    await withMembers(deps, 'U1', 'U2', 'U3');
    expect(leavePairs(deps, { teamId: T, userId: 'U3', channelId: C })).toBe(true);
    clock.now = mondayRound;
    planPairsRounds(deps, mondayRound);
    expect(deps.pairs.roundGroups(T, C, '2026-11-30').map((g) => g.members.length)).toEqual([2]);
  });
});

describe('during the round', () => {
  async function roundSent() {
    const clock = { now: friday };
    const deps = setUp(clock);
    await withMembers(deps, 'U1', 'U2');
    clock.now = mondayRound;
    planPairsRounds(deps, mondayRound);
    const recorder = recordingPoster();
    await dispatch(deps, recorder.poster, mondayRound);
    const group = deps.pairs.roundGroups(T, C, '2026-11-30')[0];
    if (!group) throw new Error('no group');
    return { clock, deps, group, ...recorder };
  }

  it('three days in, a group that has not met is nudged once; one that said "we met" is not', async () => {
    const { clock, deps, group, poster, sent } = await roundSent();
    const thursday = mondayRound + 3 * 86_400_000;
    clock.now = thursday;
    planPairsRounds(deps, thursday);
    planPairsRounds(deps, thursday + 60_000);
    await dispatch(deps, poster, thursday);
    expect(sent.filter((s) => s.what === 'nudge')).toEqual([
      { what: 'nudge', to: group.conversationId ?? `G-${group.members.join('-')}` },
    ]);

    // Another round where the group says "we met" first: no nudge.
    expect(
      decideGroup(deps, { teamId: T, userId: 'U9', groupId: group.id, status: 'met', now: thursday }),
    ).toBe('not-in-group');
    expect(
      decideGroup(deps, { teamId: T, userId: 'U1', groupId: group.id, status: 'met', now: thursday }),
    ).toBe('done');
    expect(
      decideGroup(deps, { teamId: T, userId: 'U2', groupId: group.id, status: 'skipped', now: thursday }),
    ).toBe('already');
  });

  it('feedback reaches the candidate’s peer rubric; only an interviewer of the group gives it', async () => {
    const { deps, group } = await roundSent();
    const scores = { situation: 4, task: 3, action: 2, result: 5 };
    expect(
      giveMockFeedback(deps, {
        teamId: T,
        userId: 'U9',
        groupId: group.id,
        scores,
        comment: 'x',
        now: mondayRound,
      }),
    ).toBeUndefined();
    const interviewer = group.interviews[0]?.interviewer as string;
    const candidate = group.interviews[0]?.candidate as string;
    const given = giveMockFeedback(deps, {
      teamId: T,
      userId: interviewer,
      groupId: group.id,
      scores,
      comment: 'Quantify the result.',
      now: mondayRound + 3_600_000,
    });
    expect(given?.candidate).toBe(candidate);
    const stats = peerStats(world.reviews, { teamId: T, userId: candidate });
    expect(stats.rubric).toMatchObject({ count: 1, weakest: 'action', averages: scores });
    expect(stats.latestFeedback).toMatchObject({ reviewerId: interviewer, comment: 'Quantify the result.' });
    // The group counts as met.
    expect(deps.pairs.group(T, group.id)?.status).toBe('met');
  });

  it('forget-me takes a person out of their groups and feedback; the group stays for the other', async () => {
    const { deps, group } = await roundSent();
    const interviewer = group.interviews[0]?.interviewer as string;
    const other = group.members.find((m) => m !== interviewer) as string;
    giveMockFeedback(deps, {
      teamId: T,
      userId: interviewer,
      groupId: group.id,
      scores: { situation: 4, task: 3, action: 2, result: 5 },
      comment: 'ok',
      now: mondayRound,
    });
    await forgetMe(world.personal, { who: { teamId: T, userId: interviewer }, now: mondayRound });
    const left = deps.pairs.group(T, group.id);
    expect(left?.members).toEqual([other]);
    expect(left?.interviews).toEqual([]);
    expect(deps.pairs.feedbackFor(T, other)).toEqual([]);
    expect(deps.pairs.isMember(T, C, interviewer)).toBe(false);
    // Their interviewer packet is gone from the outbox; the other's stays.
    const packets = () =>
      world.db
        .prepare("SELECT channel_id FROM daily_outbox WHERE team_id = ? AND kind = 'pairs_packet'")
        .all(T)
        .map((r) => (r as { channel_id: string }).channel_id);
    expect(packets()).toEqual([`packet:${group.id}:${other}`]);
    // Who turned the rounds on (U1) is forgotten from them too; the rounds stay.
    await forgetMe(world.personal, { who: { teamId: T, userId: 'U1' }, now: mondayRound });
    expect(deps.pairs.settings(T, C)?.createdBy).toBe('');
  });
});
