import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { StarAnswer } from '../../src/domain/star.js';
import { type ChannelPoster, postAnswer, saveAnswer } from '../../src/use-cases/answer-question.js';
import {
  coachStarAnswer,
  coachThreadAnswer,
  frequentGaps,
  setChannelCoaching,
} from '../../src/use-cases/coaching.js';
import type { ChannelAccess } from '../../src/use-cases/deps.js';
import { subscribe } from '../../src/use-cases/subscriptions.js';
import { outboxPostSent, reply } from './channel-threads.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * The STAR coach as a use case: a thread answer is coached once, for its author, where the channel
 * has not turned coaching off; the STAR form is coached every time; the App Home's "what the coach
 * sees most" reads the user's latest private and channel answers. Real repositories on an in-memory
 * database with the real migrations.
 */

const T = 'T1';
const C = 'C1';
const C2 = 'C2';
const now = Date.parse('2026-11-27T10:00:00Z');
const MINUTE = 60_000;
const POST = '1764237600.000100';
const ts = (n: number) => `17642380${String(n).padStart(2, '0')}.000100`;

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/coach/${name}.txt`, import.meta.url), 'utf8');
/** Weak in one clear way: every action is "we" (also too short, no tradeoff or lesson). */
const allWe = fixture('all-we');
/** Too short, and its Result says "much more reliable" without a number. */
const noNumbers = fixture('no-numbers');

/** Too short, nothing else: the coach's best a few sentences can do. */
const solid: StarAnswer = {
  situation: 'At my last company our checkout timed out at peak and tickets tripled in a week.',
  task: 'I owned checkout reliability and had to make the peak survivable.',
  action:
    'I traced the slow requests to a lock. I proposed a cache instead of a schema change, weighing staleness against contention. I wrote the design doc, paired with two engineers, and rolled it out behind a flag.',
  result:
    'Timeouts fell from 4% to 0.1% in two weeks and tickets dropped by 70%. I learned to measure before I change anything.',
};
/** The same, with every action a "we". */
const solidButWe: StarAnswer = {
  ...solid,
  action:
    'We traced the slow requests to a lock. We proposed a cache instead of a schema change. We wrote the design doc. We rolled it out behind a flag.',
};

let world: World;
afterEach(() => world.db.close());

function start() {
  world = inMemoryWorld();
  for (const channelId of [C, C2])
    outboxPostSent(world, { teamId: T, channelId, ts: POST, at: now - MINUTE });
}

/** `userId` replies in a question thread; true when it became an answer. */
function answerInChannel(
  messageTs: string,
  text: string,
  options: { userId?: string; channelId?: string; at?: number } = {},
) {
  return reply(
    world,
    {
      teamId: T,
      channelId: options.channelId ?? C,
      ts: messageTs,
      threadTs: POST,
      userId: options.userId ?? 'U7',
      text,
    },
    options.at ?? now,
  );
}

const coach = (
  messageTs: string,
  text: string,
  options: { channelId?: string; teamId?: string; at?: number } = {},
) =>
  coachThreadAnswer(world.coach, {
    teamId: options.teamId ?? T,
    channelId: options.channelId ?? C,
    messageTs,
    text,
    now: options.at ?? now,
  });

/** When the answer was coached: null while it has not been (or when it is not stored as an answer). */
const coachedAt = (messageTs: string, channelId = C) => {
  const row = world.db
    .prepare('SELECT coached_at FROM thread_answers WHERE team_id = ? AND channel_id = ? AND message_ts = ?')
    .get(T, channelId, messageTs) as { coached_at: number | null } | undefined;
  return row?.coached_at ?? null;
};

const codes = (report: { findings: readonly { code: string }[] } | undefined) =>
  report?.findings.map((f) => f.code);

describe('coachThreadAnswer', () => {
  it('coaches an answer in a thread once: a second event for the same answer gets nothing', () => {
    start();
    answerInChannel(ts(1), allWe);
    const report = coach(ts(1), allWe);
    expect(report?.verdict).toBe('weak');
    expect(codes(report)).toContain('we-not-i');
    expect(coachedAt(ts(1))).toBe(now);

    // Slack's retry of the event (even with the text edited since) is not coached again.
    expect(coach(ts(1), allWe, { at: now + MINUTE })).toBeUndefined();
    expect(coach(ts(1), noNumbers, { at: now + 2 * MINUTE })).toBeUndefined();
    expect(coachedAt(ts(1))).toBe(now);
  });

  it('a thanks, a +1, a question back or a bare link is not coached', () => {
    start();
    for (const [n, text] of [
      'Great answer, thanks!',
      '+1',
      'What did your manager say?',
      '<https://example.com/pm>',
    ].entries()) {
      answerInChannel(ts(n + 1), text);
      expect(coach(ts(n + 1), text), text).toBeUndefined();
      expect(coachedAt(ts(n + 1))).toBeNull();
    }
  });

  it('is not sent where the channel turned coaching off, and is once it is on again', () => {
    start();
    answerInChannel(ts(1), allWe);
    answerInChannel(ts(2), allWe, { channelId: C2 });
    setChannelCoaching(world.coach, {
      teamId: T,
      channelId: C,
      userId: 'U1',
      role: 'member',
      enabled: false,
    });
    expect(coach(ts(1), allWe)).toBeUndefined();
    expect(coachedAt(ts(1))).toBeNull(); // not used up while off
    // Only that channel, only that workspace.
    expect(coach(ts(2), allWe, { channelId: C2 })).toBeDefined();
    expect(world.coach.channelSettings.coachEnabled('T2', C)).toBe(true);

    setChannelCoaching(world.coach, { teamId: T, channelId: C, userId: 'U1', role: 'member', enabled: true });
    expect(coach(ts(1), allWe)).toBeDefined();
    expect(coachedAt(ts(1))).toBe(now);
  });

  it('is not sent for a message that is not an answer', () => {
    start();
    answerInChannel(ts(1), allWe);
    expect(coach(ts(2), allWe)).toBeUndefined(); // not recorded: not in a question thread, say
    expect(coach(ts(1), allWe, { teamId: 'T2' })).toBeUndefined(); // the same ts in another workspace
    expect(coach(ts(1), allWe, { channelId: C2 })).toBeUndefined(); // and in another channel
    expect(coachedAt(ts(1))).toBeNull();
  });
});

describe('coachStarAnswer', () => {
  it('coaches an answer written in the STAR form at once, every time', () => {
    const first = coachStarAnswer(solidButWe);
    expect(codes(first)).toEqual(['we-not-i', 'too-short']);
    expect(first.verdict).toBe('weak');
    expect(coachStarAnswer(solidButWe)).toEqual(first);
    expect(codes(coachStarAnswer(solid))).toEqual(['too-short']);
  });
});

describe('frequentGaps', () => {
  const who = { teamId: T, userId: 'U7' };
  const savePrivately = (answer: StarAnswer, at: number, userId = 'U7', teamId = T) => {
    const saved = saveAnswer(world.practice, {
      who: { teamId, userId },
      questionId: 'rally-team',
      answer,
      now: at,
    });
    if (!saved) throw new Error('not saved');
    return saved.answerId;
  };

  it('the most frequent first, over private and channel answers; comments are not answers', () => {
    start();
    savePrivately(solid, now - 3 * MINUTE);
    answerInChannel(ts(1), allWe, { at: now - 2 * MINUTE });
    answerInChannel(ts(2), noNumbers, { at: now - MINUTE });
    answerInChannel(ts(3), 'Great answer, thanks!');
    const { gaps, answers } = frequentGaps(world.coach, who);
    expect(answers).toBe(3);
    // too-short in all three; then one each, in code order.
    expect(gaps).toEqual([
      { code: 'too-short', count: 3, example: expect.stringMatching(/^About \d+ seconds to say/) },
      { code: 'no-lesson', count: 1, example: expect.stringMatching(/^No lesson/) },
      { code: 'no-tradeoff', count: 1, example: expect.stringMatching(/^No tradeoff named/) },
    ]);
    expect(frequentGaps(world.coach, who, 10).gaps.map((g) => [g.code, g.count])).toEqual([
      ['too-short', 3],
      ['no-lesson', 1],
      ['no-tradeoff', 1],
      ['vague-result', 1],
      ['we-not-i', 1],
    ]);
  });

  it('reads the latest 25 private and the latest 25 channel answers', () => {
    start();
    // Oldest first: a "we" answer that is 26th from the latest, then one that is 25th, then 24 solid ones.
    savePrivately(solidButWe, now - 100 * MINUTE);
    savePrivately(solidButWe, now - 99 * MINUTE);
    for (let n = 0; n < 24; n++) savePrivately(solid, now - (98 - n) * MINUTE);
    answerInChannel(ts(1), allWe, { at: now - 60 * MINUTE });
    answerInChannel(ts(2), allWe, { at: now - 59 * MINUTE });
    for (let n = 3; n <= 26; n++) answerInChannel(ts(n), noNumbers, { at: now - (60 - n) * MINUTE });

    const { gaps, answers } = frequentGaps(world.coach, who, 20);
    expect(answers).toBe(50);
    expect(gaps.find((g) => g.code === 'we-not-i')?.count).toBe(2); // one of each kind, not two
    expect(gaps.find((g) => g.code === 'too-short')?.count).toBe(50);
  });

  it('an answer saved privately and then posted to a channel is read once', async () => {
    start();
    const answerId = savePrivately(solidButWe, now - MINUTE);
    const slack: ChannelPoster & ChannelAccess = {
      ensureMember: async () => ({ ok: true }),
      postQuestion: async () => ({ ts: ts(90) }),
      postAnswer: async () => ({ ts: ts(91) }),
    };
    const posted = await postAnswer(world.practice, slack, { who, answerId, channelId: C, now });
    expect(posted).toMatchObject({ kind: 'posted', ts: ts(91) });
    expect(world.coach.threadAnswers.find(T, C, ts(91))).toBeDefined();
    expect(frequentGaps(world.coach, who)).toMatchObject({
      answers: 1,
      gaps: [
        { code: 'too-short', count: 1 },
        { code: 'we-not-i', count: 1 },
      ],
    });
  });

  it('only the user’s own answers, in their workspace', () => {
    start();
    savePrivately(solidButWe, now, 'U8');
    savePrivately(solidButWe, now, 'U7', 'T2');
    answerInChannel(ts(1), allWe, { userId: 'U8' });
    expect(frequentGaps(world.coach, who)).toEqual({ gaps: [], answers: 0 });
    savePrivately(solid, now);
    expect(frequentGaps(world.coach, who)).toMatchObject({
      answers: 1,
      gaps: [{ code: 'too-short', count: 1 }],
    });
  });

  // One answer without an Action and a Result is one "No Action and no Result" gap, not two.
  it('counts each gap once per answer that has it', () => {
    start();
    const noActionNoResult = fixture('no-action')
      .split('\n')
      .filter((line) => !line.startsWith('Result'))
      .join('\n');
    answerInChannel(ts(1), noActionNoResult);
    const { gaps, answers } = frequentGaps(world.coach, who, 10);
    expect(answers).toBe(1);
    for (const gap of gaps) expect(gap.count, gap.code).toBeLessThanOrEqual(answers);
  });
});

describe('/star coach on|off: whoever may change the channel', () => {
  const off = { teamId: T, channelId: C, enabled: false } as const;

  it('anyone, in a channel without a question of the day', () => {
    world = inMemoryWorld();
    expect(setChannelCoaching(world.coach, { ...off, userId: 'U2', role: 'member' })).toEqual({ ok: true });
    expect(world.coach.channelSettings.coachEnabled(T, C)).toBe(false);
  });

  it('in a subscribed channel, its subscriber or an admin; anyone else is told who can', async () => {
    world = inMemoryWorld();
    await subscribe(
      world.subscriptions,
      { ensureMember: async () => ({ ok: true }), timeZoneOf: async () => 'UTC' },
      { teamId: T, channelId: C, userId: 'U1', role: 'member', now },
    );
    expect(setChannelCoaching(world.coach, { ...off, userId: 'U2', role: 'member' })).toEqual({
      ok: false,
      reason: 'not-allowed',
      subscriber: 'U1',
    });
    expect(setChannelCoaching(world.coach, { ...off, userId: 'U2', role: 'unknown' })).toEqual({
      ok: false,
      reason: 'role-unknown',
      subscriber: 'U1',
    });
    expect(world.coach.channelSettings.coachEnabled(T, C)).toBe(true);
    expect(setChannelCoaching(world.coach, { ...off, userId: 'U3', role: 'admin' }).ok).toBe(true);
    expect(world.coach.channelSettings.coachEnabled(T, C)).toBe(false);
    expect(setChannelCoaching(world.coach, { ...off, enabled: true, userId: 'U1', role: 'unknown' }).ok).toBe(
      true,
    );
    expect(world.coach.channelSettings.coachEnabled(T, C)).toBe(true);
  });
});
