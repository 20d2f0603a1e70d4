import type { webApi } from '@slack/bolt';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultWeights, parseReactionWeights } from '../../src/domain/scoring.js';
import { migrationsDir } from '../../src/main.js';
import { leaderboardMessage } from '../../src/slack/blocks/review.js';
import { slackDailyPoster } from '../../src/slack/daily-poster.js';
import { slackPeople } from '../../src/slack/people.js';
import type { DeliveryClient } from '../../src/slack/web-client.js';
import { openDatabase } from '../../src/storage/database.js';
import { groupCommit } from '../../src/storage/group-commit.js';
import { createLeaderboardRepository } from '../../src/storage/leaderboard-repository.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createReviewRepository } from '../../src/storage/review-repository.js';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.js';
import { createThreadAnswerRepository } from '../../src/storage/thread-answer-repository.js';
import {
  channelLeaderboard,
  type NameBook,
  type People,
  type ReviewDeps,
  recordReaction,
  scoreEarlyReactions,
} from '../../src/use-cases/peer-review.js';

/**
 * When users.info fails: a reactor of unknown kind is stored as unknown and scores nothing until
 * Slack says who they are; leaderboards and the recap never show a raw user id (nor ping anyone).
 * Real repositories on an in-memory database with the real migrations; a fake Slack Web API whose
 * users.info fails on demand, behind the real `slackPeople`.
 */

const T = 'T1';
const C = 'C1';
const HOUR = 60 * 60_000;

type SlackUser = { id: string; real_name?: string; is_bot?: boolean };

/** users.info answers from `users`, or fails (as a timeout or a 500 would) for ids in `failing`. */
function fakeSlack() {
  const users = new Map<string, SlackUser>();
  const failing = new Set<string>();
  const calls: string[] = [];
  const posted: Array<{ text?: string; blocks?: unknown[] }> = [];
  const client = {
    users: {
      info: async ({ user }: { user: string }) => {
        calls.push(user);
        if (failing.has(user) || !users.has(user)) throw new Error('An API error occurred: internal_error');
        return { ok: true, user: users.get(user) };
      },
    },
    chat: {
      getPermalink: async ({ message_ts }: { message_ts: string }) => ({
        ok: true,
        permalink: `https://example.slack.com/archives/${C}/p${message_ts.replace('.', '')}`,
      }),
      postMessage: async (args: { text?: string; blocks?: unknown[] }) => {
        posted.push(args);
        return { ok: true, ts: '1700000999.000100' };
      },
    },
    // Scheduled posts (the recap) go as JSON around their blocks' text (`postJson`).
    postJson: async (post: { text: string; blocksJson: string }) => {
      posted.push({ text: post.text, blocks: JSON.parse(post.blocksJson) as unknown[] });
      return { ts: '1700000999.000100' };
    },
  };
  return {
    users,
    failing,
    calls,
    posted,
    clientFor: (_teamId: string) => client as unknown as webApi.WebClient,
    deliveryFor: (_teamId: string) => client as unknown as DeliveryClient,
  };
}

let now: number;
let slack: ReturnType<typeof fakeSlack>;
let db: ReturnType<typeof openDatabase>;
let deps: ReviewDeps;
let names: NameBook;
let people: People;
let event = 0;

beforeEach(() => {
  now = Date.parse('2026-11-27T10:00:00Z');
  slack = fakeSlack();
  db = openDatabase(':memory:');
  migrate(db, readMigrations(migrationsDir));
  const leaderboard = createLeaderboardRepository(db);
  names = leaderboard;
  people = slackPeople(slack.clientFor, () => now, names);
  deps = {
    reviews: createReviewRepository(db),
    threadAnswers: createThreadAnswerRepository(db),
    leaderboard,
    subscriptions: createSubscriptionRepository(db),
    weights: parseReactionWeights('star:2') ?? defaultWeights,
    people,
    atomically: <T>(fn: () => T) => db.transaction(fn).immediate(),
    later: groupCommit(db),
  };
});

function answer(messageTs: string, userId: string) {
  deps.threadAnswers.add({
    teamId: T,
    channelId: C,
    messageTs,
    threadTs: '1700000000.000100',
    userId,
    questionId: 'q1',
    source: 'reply',
    kind: 'answer' as const,
    text: 'In my last team I led the migration…',
    createdAt: now,
  });
}

function react(
  reactorId: string,
  reaction: string,
  messageTs: string,
  action: 'added' | 'removed' = 'added',
) {
  event += 1;
  return recordReaction(
    deps,
    {
      teamId: T,
      channelId: C,
      messageTs,
      itemType: 'message',
      reactorId,
      reaction,
      action,
      eventId: `Ev${event}`,
      eventTime: 1_700_000_000_000_000 + event,
    },
    now,
  );
}

const ledger = (reactorId: string) =>
  db
    .prepare(
      `SELECT message_ts, reaction, reactor_is_bot FROM reaction_events WHERE team_id = ? AND reactor_id = ? ORDER BY id`,
    )
    .all(T, reactorId);
const points = (reactorId: string) =>
  db
    .prepare(
      `SELECT message_ts, points FROM reaction_points WHERE team_id = ? AND reactor_id = ? ORDER BY message_ts`,
    )
    .all(T, reactorId);

const A1 = '1700000001.000100';
const A2 = '1700000002.000100';

describe('a reactor whose users.info failed', () => {
  it('is stored as unknown and scores nothing; a bot never scores once Slack says it is one', async () => {
    slack.users.set('UJIRABOT', { id: 'UJIRABOT', real_name: 'Jira Bot', is_bot: true });
    slack.failing.add('UJIRABOT');
    answer(A1, 'U7');
    answer(A2, 'U7');

    expect(await react('UJIRABOT', 'star', A1)).toEqual({ points: 0 });
    expect(ledger('UJIRABOT')).toEqual([{ message_ts: A1, reaction: 'star', reactor_is_bot: null }]);
    expect(points('UJIRABOT')).toEqual([{ message_ts: A1, points: 0 }]);
    expect(deps.reviews.answerPoints(T, C, A1)).toBe(0);

    // Slack answers the next time: the bot's kind is stored, and it still gives nothing anywhere.
    slack.failing.delete('UJIRABOT');
    expect(await react('UJIRABOT', 'fire', A2)).toEqual({ points: 0 });
    expect(ledger('UJIRABOT')).toEqual([
      { message_ts: A1, reaction: 'star', reactor_is_bot: null },
      { message_ts: A2, reaction: 'fire', reactor_is_bot: 1 },
    ]);
    expect(points('UJIRABOT')).toEqual([
      { message_ts: A1, points: 0 },
      { message_ts: A2, points: 0 },
    ]);
  });

  it('counts once a later lookup says it is a person: the earlier answer is scored again', async () => {
    slack.users.set('U2', { id: 'U2', real_name: 'Ben' });
    slack.failing.add('U2');
    answer(A1, 'U7');
    answer(A2, 'U7');

    expect(await react('U2', 'star', A1)).toEqual({ points: 0 });
    expect(points('U2')).toEqual([{ message_ts: A1, points: 0 }]);

    slack.failing.delete('U2');
    expect(await react('U2', 'tada', A2)).toEqual({ points: 1 });
    expect(ledger('U2')).toEqual([
      { message_ts: A1, reaction: 'star', reactor_is_bot: null },
      { message_ts: A2, reaction: 'tada', reactor_is_bot: 0 },
    ]);
    // Points stay a function of the reactions U2 has now: star (2) on A1, tada (1) on A2.
    expect(points('U2')).toEqual([
      { message_ts: A1, points: 2 },
      { message_ts: A2, points: 1 },
    ]);

    // A later failure does not unlearn it: the latest kind Slack gave still holds.
    slack.failing.add('U2');
    now += 2 * HOUR;
    expect(await react('U2', 'star', A1, 'removed')).toEqual({ points: 0 });
    expect(await react('U2', 'fire', A1)).toEqual({ points: 1 });
  });

  it('reactions from before a message became an answer score by the reactor’s known kind only', async () => {
    slack.users.set('U2', { id: 'U2', real_name: 'Ben' });
    slack.users.set('U3', { id: 'U3', real_name: 'Cy' });
    slack.failing.add('U3');
    expect(await react('U2', 'star', A1)).toBe('not-an-answer');
    expect(await react('U3', 'star', A1)).toBe('not-an-answer');

    answer(A1, 'U7');
    const found = deps.threadAnswers.find(T, C, A1);
    if (!found) throw new Error('no answer');
    deps.atomically(() => scoreEarlyReactions(deps.reviews, deps.weights, found, now));
    expect(points('U2')).toEqual([{ message_ts: A1, points: 2 }]);
    expect(points('U3')).toEqual([{ message_ts: A1, points: 0 }]);
  });

  it('is asked about again next time, while a known person stays cached for an hour', async () => {
    slack.users.set('U2', { id: 'U2', real_name: 'Ben' });
    slack.failing.add('U2');
    expect(await people.lookup(T, 'U2')).toEqual({ userId: 'U2', name: 'a teammate', isBot: undefined });
    expect(await people.lookup(T, 'U2')).toMatchObject({ isBot: undefined });
    expect(slack.calls).toEqual(['U2', 'U2']);

    slack.failing.delete('U2');
    expect(await people.lookup(T, 'U2')).toEqual({ userId: 'U2', name: 'Ben', isBot: false });
    now += HOUR - 1;
    expect(await people.lookup(T, 'U2')).toMatchObject({ name: 'Ben', isBot: false });
    expect(slack.calls).toHaveLength(3);
    now += 1;
    await people.lookup(T, 'U2');
    expect(slack.calls).toHaveLength(4);
  });
});

describe('names on leaderboards and in the recap when users.info fails', () => {
  // U7 was looked up once (so their name is known); U8 never was.
  beforeEach(async () => {
    slack.users.set('U07CLEO', { id: 'U07CLEO', real_name: 'Cleo' });
    slack.users.set('U08DEV', { id: 'U08DEV', real_name: 'Dev' });
    slack.users.set('U02BEN', { id: 'U02BEN', real_name: 'Ben' });
    answer(A1, 'U07CLEO');
    answer(A2, 'U08DEV');
    await react('U02BEN', 'star', A1);
    await react('U02BEN', 'fire', A2);
    await people.lookup(T, 'U07CLEO');
    deps.reviews.saveReview({
      teamId: T,
      channelId: C,
      messageTs: A2,
      reviewerId: 'U07CLEO',
      authorId: 'U08DEV',
      situation: 4,
      task: 4,
      action: 4,
      result: 4,
      comment: 'Quantify the result',
      at: now,
    });
    // An hour later Slack fails for everyone.
    now += HOUR;
    for (const id of ['U07CLEO', 'U08DEV', 'U02BEN']) slack.failing.add(id);
  });

  const ids = ['U07CLEO', 'U08DEV', 'U02BEN'];

  it('/star leaderboard shows the last known name, else "a teammate", never an id or a mention', async () => {
    const board = await channelLeaderboard(deps, { teamId: T, channelId: C, period: 'all', now });
    expect(board.answerers.map((r) => [r.name, r.points])).toEqual([
      ['Cleo', 2],
      ['a teammate', 1],
    ]);
    expect(board.reviewers.map((r) => r.name)).toEqual(['Cleo']);

    const shown = JSON.stringify(leaderboardMessage(board, () => 'Monday'));
    for (const id of ids) expect(shown).not.toContain(id);
    expect(shown).not.toContain('<@');
    expect(shown).toContain('Cleo');
    expect(shown).toContain('a teammate');
  });

  it('the weekly recap posted in the channel names nobody by id and pings nobody', async () => {
    const poster = slackDailyPoster(slack.deliveryFor, people);
    const outcome = await poster.postRecap({
      teamId: T,
      channelId: C,
      outboxId: 1,
      localDate: '2026-11-27',
      recap: {
        topAnswers: deps.leaderboard.topAnswers(T, C, 0, now + 1, 3),
        topReviewers: deps.leaderboard.reviewers(T, C, 0, now + 1, 3),
      },
      questionPrompt: () => 'Tell me about a time you disagreed with your manager',
    });
    expect(outcome).toEqual({ ok: true, ts: '1700000999.000100' });
    const recap = JSON.stringify(slack.posted[0]);
    for (const id of ids) expect(recap).not.toContain(id);
    expect(recap).not.toContain('<@');
    expect(recap).toContain('*Cleo* — 2 points');
    expect(recap).toContain('*a teammate* — 1 point');
  });

  it('names are remembered per workspace: another workspace does not see them', async () => {
    expect(names.lastKnownName(T, 'U07CLEO')).toBe('Cleo');
    expect(names.lastKnownName('T2', 'U07CLEO')).toBeUndefined();
    expect((await people.lookup('T2', 'U07CLEO')).name).toBe('a teammate');
  });
});
