import { afterEach, describe, expect, it } from 'vitest';
import {
  type ChannelPoster,
  postAnswer,
  saveAnswer,
  shareQuestion,
} from '../../src/use-cases/answer-question.js';
import type { ChannelAccess, Membership } from '../../src/use-cases/deps.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * Sharing with a channel: a question, or a saved answer, goes only where the bot is (or can join),
 * once. Real repositories; a fake Slack that records what it was asked to post.
 */

const now = Date.parse('2026-11-24T10:00:00Z');
const who = { teamId: 'T1', userId: 'U1' };
const answer = { situation: 'A launch', task: 'Lead it', action: 'I planned', result: '2 weeks early' };

function fakeSlack(membership: Membership = { ok: true }) {
  const posts: Array<{ kind: 'question' | 'answer'; channelId: string }> = [];
  const members: string[] = [];
  const slack: ChannelPoster & ChannelAccess = {
    async ensureMember(channelId) {
      members.push(channelId);
      return membership;
    },
    async postQuestion({ channelId }) {
      posts.push({ kind: 'question', channelId });
      return { ts: `1700000000.00010${posts.length}` };
    },
    async postAnswer({ channelId }) {
      posts.push({ kind: 'answer', channelId });
      return { ts: `1700000000.00010${posts.length}` };
    },
  };
  return { slack, posts, members };
}

let world: World;
afterEach(() => world.db.close());

describe('shareQuestion', () => {
  it('posts a question once a day per channel', async () => {
    world = inMemoryWorld();
    const { slack, posts, members } = fakeSlack();
    const input = { who, questionId: 'rally-team', channelId: 'C1', now };
    expect(await shareQuestion(world.practice, slack, input)).toMatchObject({ kind: 'shared' });
    expect(await shareQuestion(world.practice, slack, { ...input, now: now + 60_000 })).toMatchObject({
      kind: 'already-shared',
    });
    expect(posts).toEqual([{ kind: 'question', channelId: 'C1' }]);
    expect(members).toEqual(['C1', 'C1']);
  });

  it('posts nothing where the bot cannot be, and keeps no claim on the channel', async () => {
    world = inMemoryWorld();
    const refused = fakeSlack({ ok: false, code: 'channel_not_found' });
    const input = { who, questionId: 'rally-team', channelId: 'C1', now };
    expect(await shareQuestion(world.practice, refused.slack, input)).toEqual({
      kind: 'no-access',
      code: 'channel_not_found',
    });
    expect(refused.posts).toEqual([]);
    // Once the bot is invited, the same share goes out.
    expect(await shareQuestion(world.practice, fakeSlack().slack, input)).toMatchObject({ kind: 'shared' });
  });

  it('says when the decks no longer have the question', async () => {
    world = inMemoryWorld();
    const { slack, posts } = fakeSlack();
    const shared = await shareQuestion(world.practice, slack, {
      who,
      questionId: 'gone',
      channelId: 'C1',
      now,
    });
    expect(shared).toEqual({ kind: 'not-found' });
    expect(posts).toEqual([]);
  });
});

describe('postAnswer', () => {
  function savedAnswerId(): number {
    const saved = saveAnswer(world.practice, { who, questionId: 'rally-team', answer, now: now - 60_000 });
    if (!saved) throw new Error('not saved');
    return saved.answerId;
  }

  it('posts the author’s answer once, and it becomes an answer of the channel', async () => {
    world = inMemoryWorld();
    const answerId = savedAnswerId();
    const { slack, posts } = fakeSlack();
    const first = await postAnswer(world.practice, slack, { who, answerId, channelId: 'C1', now });
    expect(first).toEqual({ kind: 'posted', channelId: 'C1', ts: '1700000000.000101' });
    expect(await postAnswer(world.practice, slack, { who, answerId, channelId: 'C1', now })).toEqual({
      kind: 'already-posted',
      channelId: 'C1',
      ts: '1700000000.000101',
    });
    expect(posts).toEqual([{ kind: 'answer', channelId: 'C1' }]);
    expect(world.practice.threadAnswers.find('T1', 'C1', '1700000000.000101')).toMatchObject({
      userId: 'U1',
      source: 'modal',
    });
  });

  it('posts nothing where the bot cannot be, and the answer can be posted later', async () => {
    world = inMemoryWorld();
    const answerId = savedAnswerId();
    const refused = fakeSlack({ ok: false, code: 'is_archived' });
    expect(await postAnswer(world.practice, refused.slack, { who, answerId, channelId: 'C1', now })).toEqual({
      kind: 'no-access',
      code: 'is_archived',
    });
    expect(refused.posts).toEqual([]);
    expect(world.practice.answers.find('T1', answerId)?.postedTs).toBeNull();
    const later = await postAnswer(world.practice, fakeSlack().slack, {
      who,
      answerId,
      channelId: 'C2',
      now,
    });
    expect(later).toMatchObject({ kind: 'posted', channelId: 'C2' });
  });

  it('is only for the answer’s author', async () => {
    world = inMemoryWorld();
    const answerId = savedAnswerId();
    const { slack, posts } = fakeSlack();
    const someoneElse = { teamId: 'T1', userId: 'U2' };
    expect(
      await postAnswer(world.practice, slack, { who: someoneElse, answerId, channelId: 'C1', now }),
    ).toEqual({ kind: 'not-found' });
    expect(posts).toEqual([]);
  });
});
