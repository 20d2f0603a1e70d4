import { afterEach, describe, expect, it } from 'vitest';
import { type ChannelPoster, postAnswer, saveAnswer } from '../../src/use-cases/answer-question.js';
import type { ChannelAccess, Who } from '../../src/use-cases/deps.js';
import { homeData } from '../../src/use-cases/home.js';
import { submitReview } from '../../src/use-cases/peer-review.js';
import { editThreadReply } from '../../src/use-cases/thread-answers.js';
import { openYourAnswer, yourAnswers } from '../../src/use-cases/your-answers.js';
import { outboxPostSent, reply } from './channel-threads.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * "Your answers" on the App Home and an answer opened in full: the caller's own answers only
 * (private ones and answers in channel threads, no comments), newest first, each once; anyone
 * else's, in any workspace, is never listed and never opens. Real repositories on an in-memory
 * database; a fake Slack for posting.
 */

const T = 'T1';
const C = 'C1';
const me: Who = { teamId: T, userId: 'U1' };
const now = Date.parse('2026-11-24T10:00:00Z');
const minute = 60_000;
const migration = 'sample-deck/describe-how-you-led-a-migration-nobody-wanted';
const star = {
  situation: 'Our release train kept slipping',
  task: 'I had to get the launch out on time',
  action: 'I cut scope with the PM and paired with the two newest engineers every morning',
  result: 'We shipped 2 weeks early and kept the team',
};
const replyText =
  'Situation: our nightly job kept failing. Task: I owned the fix. Action: I moved it to a queue and added retries. Result: zero failures in 3 months.';

let world: World;
afterEach(() => world.db.close());

/** A Slack that takes every post, at increasing timestamps. */
function fakeSlack(): ChannelPoster & ChannelAccess {
  let n = 0;
  const ts = () => `1764000000.${String(++n).padStart(6, '0')}`;
  return {
    async ensureMember() {
      return { ok: true };
    },
    async postQuestion() {
      return { ts: ts() };
    },
    async postAnswer() {
      return { ts: ts() };
    },
  };
}

function save(who: Who, questionId: string, at: number, answer = star): number {
  const saved = saveAnswer(world.practice, { who, questionId, answer, now: at });
  if (!saved) throw new Error(`no question ${questionId}`);
  return saved.answerId;
}

/** The daily question in `channelId` (team `teamId`), its post at `ts`. */
function dailyPost(teamId: string, channelId: string, ts: string, questionId = 'pm-disagreement') {
  outboxPostSent(world, { teamId, channelId, questionId, ts, at: now - 60 * minute });
}

function threadReply(who: Who, channelId: string, threadTs: string, ts: string, text: string, at: number) {
  expect(reply(world, { ...who, channelId, ts, threadTs, text }, at)).toBe(true);
}

const list = (who: Who = me) => yourAnswers(world.practice, who);

describe('yourAnswers', () => {
  it('lists private answers and answers in threads together, newest first, at most 10', () => {
    world = inMemoryWorld();
    dailyPost(T, C, '1764000000.000100');
    const first = save(me, 'rally-team', now - 50 * minute);
    threadReply(me, C, '1764000000.000100', '1764000100.000100', replyText, now - 40 * minute);
    const third = save(me, migration, now - 30 * minute);

    expect(list()).toEqual([
      {
        ref: { kind: 'private', id: third },
        questionId: migration,
        prompt: 'Describe how you led a migration nobody wanted',
        at: now - 30 * minute,
        location: { kind: 'private' },
      },
      {
        ref: { kind: 'channel', channelId: C, ts: '1764000100.000100' },
        questionId: 'pm-disagreement',
        prompt: 'Tell me about a disagreement with a product manager',
        at: now - 40 * minute,
        location: { kind: 'channel', channelId: C, ts: '1764000100.000100', threadTs: '1764000000.000100' },
      },
      {
        ref: { kind: 'private', id: first },
        questionId: 'rally-team',
        prompt: 'Tell me about a time you rallied a team around a deadline',
        at: now - 50 * minute,
        location: { kind: 'private' },
      },
    ]);

    // Twelve more, alternating: only the latest ten are listed, newest first.
    for (let i = 0; i < 12; i++) {
      const at = now + i * minute;
      if (i % 2 === 0) save(me, 'rally-team', at);
      else threadReply(me, C, '1764000000.000100', `1764001000.00010${i}`, replyText, at);
    }
    const latest = list();
    expect(latest).toHaveLength(10);
    expect(latest.map((a) => a.at)).toEqual(Array.from({ length: 10 }, (_, i) => now + (11 - i) * minute));
    expect(latest.map((a) => a.ref.kind)).toEqual([
      'channel',
      'private',
      'channel',
      'private',
      'channel',
      'private',
      'channel',
      'private',
      'channel',
      'private',
    ]);
  });

  it('lists a private answer posted to a channel once, where it was posted', async () => {
    world = inMemoryWorld();
    const id = save(me, 'rally-team', now - 10 * minute);
    const posted = await postAnswer(world.practice, fakeSlack(), {
      who: me,
      answerId: id,
      channelId: C,
      now,
    });
    expect(posted).toMatchObject({ kind: 'posted' });
    const ts = posted.kind === 'posted' ? posted.ts : '';
    // It is in both tables: the private answer, and the channel answer teammates react to and review.
    expect(world.practice.threadAnswers.find(T, C, ts)).toMatchObject({ userId: 'U1', source: 'modal' });

    expect(list()).toEqual([
      {
        ref: { kind: 'private', id },
        questionId: 'rally-team',
        prompt: 'Tell me about a time you rallied a team around a deadline',
        at: now - 10 * minute,
        location: { kind: 'channel', channelId: C, ts },
      },
    ]);
  });

  it('leaves out comments and filler in threads', () => {
    world = inMemoryWorld();
    dailyPost(T, C, '1764000000.000100');
    threadReply(me, C, '1764000000.000100', '1764000100.000100', 'Great answer, thanks!', now);
    threadReply(me, C, '1764000000.000100', '1764000200.000100', '+1', now);
    threadReply(me, C, '1764000000.000100', '1764000300.000100', 'lorem ipsum dolor sit amet', now);
    expect(world.practice.threadAnswers.inThread(T, C, '1764000000.000100').map((a) => a.kind)).toEqual([
      'comment',
      'comment',
      'filler',
    ]);
    expect(list()).toEqual([]);
    // A comment edited into an answer is listed from then on (its kind is decided again).
    expect(
      editThreadReply(
        world.threads,
        { teamId: T, channelId: C, ts: '1764000200.000100', text: replyText },
        now,
      ),
    ).toMatchObject({ applied: true, becameAnswer: true });
    expect(list().map((a) => a.ref)).toEqual([{ kind: 'channel', channelId: C, ts: '1764000200.000100' }]);
  });

  it('never lists another user’s answers, nor this user’s in another workspace', () => {
    world = inMemoryWorld();
    dailyPost(T, C, '1764000000.000100');
    dailyPost('T2', C, '1764000000.000100');
    const other = { teamId: T, userId: 'U2' };
    const elsewhere = { teamId: 'T2', userId: 'U1' };
    save(other, 'rally-team', now);
    save(elsewhere, 'rally-team', now);
    threadReply(other, C, '1764000000.000100', '1764000100.000100', replyText, now);
    threadReply(elsewhere, C, '1764000000.000100', '1764000200.000100', replyText, now);
    expect(list()).toEqual([]);
    expect(list(other)).toHaveLength(2);
    expect(list(elsewhere)).toHaveLength(2);
    expect(list(elsewhere).every((a) => a.ref.kind === 'private' || a.ref.ts === '1764000200.000100')).toBe(
      true,
    );
    // The App Home shows the same list.
    expect(
      homeData(world.practice, world.reviews, world.coach, { who: me, timeZone: 'UTC', now }).answers,
    ).toEqual([]);
    expect(
      homeData(world.practice, world.reviews, world.coach, { who: other, timeZone: 'UTC', now }).answers,
    ).toEqual(list(other));
  });
});

describe('openYourAnswer', () => {
  const review = (reviewer: string, ts: string, comment: string, at: number) =>
    submitReview(world.reviews, {
      who: { teamId: T, userId: reviewer },
      channelId: C,
      messageTs: ts,
      scores: { situation: 4, task: 3, action: 5, result: 2 },
      comment,
      now: at,
    });

  it('a private answer in full: its four parts, the coach’s spoken-answer feedback, no reviews', () => {
    world = inMemoryWorld();
    const id = save(me, 'rally-team', now);
    const opened = openYourAnswer(world.practice, world.reviews, { who: me, ref: { kind: 'private', id } });
    expect(opened).toMatchObject({
      ref: { kind: 'private', id },
      prompt: 'Tell me about a time you rallied a team around a deadline',
      location: { kind: 'private' },
      content: { kind: 'star', answer: star },
      reviews: [],
    });
    expect(opened?.coach).toMatchObject({ kind: 'answer', where: 'practice' });
    // "We shipped": the coach reads it as it did when the answer was saved.
    expect(opened?.coach.findings.map((f) => f.code)).toContain('too-short');
  });

  it('a posted private answer with the reviews it received there, the latest first', async () => {
    world = inMemoryWorld();
    const id = save(me, 'rally-team', now - 10 * minute);
    const posted = await postAnswer(world.practice, fakeSlack(), {
      who: me,
      answerId: id,
      channelId: C,
      now,
    });
    const ts = posted.kind === 'posted' ? posted.ts : '';
    expect(review('U2', ts, 'Say what you cut', now + minute)).toMatchObject({ ok: true });
    expect(review('U3', ts, 'Numbers <please> & a lesson', now + 2 * minute)).toMatchObject({ ok: true });
    const opened = openYourAnswer(world.practice, world.reviews, { who: me, ref: { kind: 'private', id } });
    expect(opened?.location).toEqual({ kind: 'channel', channelId: C, ts });
    expect(opened?.reviews).toEqual([
      {
        situation: 4,
        task: 3,
        action: 5,
        result: 2,
        comment: 'Numbers <please> & a lesson',
        reviewerId: 'U3',
        at: now + 2 * minute,
      },
      {
        situation: 4,
        task: 3,
        action: 5,
        result: 2,
        comment: 'Say what you cut',
        reviewerId: 'U2',
        at: now + minute,
      },
    ]);
  });

  it('an answer in a thread: its text, the coach’s written-summary feedback and its reviews', () => {
    world = inMemoryWorld();
    dailyPost(T, C, '1764000000.000100');
    threadReply(me, C, '1764000000.000100', '1764000100.000100', replyText, now);
    review('U2', '1764000100.000100', 'Clear and measured', now + minute);
    const ref = { kind: 'channel', channelId: C, ts: '1764000100.000100' } as const;
    const opened = openYourAnswer(world.practice, world.reviews, { who: me, ref });
    expect(opened).toMatchObject({
      ref,
      prompt: 'Tell me about a disagreement with a product manager',
      content: { kind: 'text', text: replyText },
      reviews: [{ reviewerId: 'U2', comment: 'Clear and measured' }],
    });
    expect(opened?.coach).toMatchObject({ kind: 'answer', where: 'thread', quantified: true });
  });

  it('finds nothing for an answer of someone else, in another workspace, or a comment', () => {
    world = inMemoryWorld();
    dailyPost(T, C, '1764000000.000100');
    dailyPost('T2', C, '1764000000.000100');
    const theirs = save({ teamId: T, userId: 'U2' }, 'rally-team', now);
    const otherWorkspace = save({ teamId: 'T2', userId: 'U1' }, 'rally-team', now);
    threadReply({ teamId: T, userId: 'U2' }, C, '1764000000.000100', '1764000100.000100', replyText, now);
    threadReply({ teamId: 'T2', userId: 'U1' }, C, '1764000000.000100', '1764000200.000100', replyText, now);
    threadReply(me, C, '1764000000.000100', '1764000300.000100', 'Great answer, thanks!', now);
    const open = (ref: Parameters<typeof openYourAnswer>[2]['ref']) =>
      openYourAnswer(world.practice, world.reviews, { who: me, ref });
    expect(open({ kind: 'private', id: theirs })).toBeUndefined();
    expect(open({ kind: 'private', id: otherWorkspace })).toBeUndefined();
    expect(open({ kind: 'private', id: 999 })).toBeUndefined();
    expect(open({ kind: 'channel', channelId: C, ts: '1764000100.000100' })).toBeUndefined();
    expect(open({ kind: 'channel', channelId: C, ts: '1764000200.000100' })).toBeUndefined();
    expect(open({ kind: 'channel', channelId: C, ts: '1764000300.000100' })).toBeUndefined();
    // Their owners open them.
    expect(
      openYourAnswer(world.practice, world.reviews, {
        who: { teamId: 'T2', userId: 'U1' },
        ref: { kind: 'private', id: otherWorkspace },
      }),
    ).toBeDefined();
  });
});
