import { afterEach, describe, expect, it } from 'vitest';
import { parseReactionWeights } from '../../src/domain/scoring.js';
import {
  channelLeaderboard,
  type Period,
  peerStats,
  periodStart,
  reviewTarget,
  submitReview,
  timeZoneOfPerson,
} from '../../src/use-cases/peer-review.js';
import { outboxPostSent, pointsOn, react, reply, rowCount } from './channel-threads.js';
import { inMemoryWorld, knownPeople, type World } from './in-memory.js';

/**
 * Peer review: reactions scored through the append-only ledger, rubric reviews, channel
 * leaderboards and what a user received. Real repositories on an in-memory database; users.info
 * faked (`knownPeople`): the id "UBOT" is a bot, ids it does not know are people Slack could not name.
 * (When users.info fails altogether: unknown-people.test.ts.)
 */

const T = 'T1';
const C = 'C1';
const now = Date.parse('2026-11-27T10:00:00Z');
const HOUR = 60 * 60_000;
const POST = '1764237600.000100';
const ts = (n: number) => `17642380${String(n).padStart(2, '0')}.000100`;

function fakePeople() {
  return knownPeople({
    U2: { name: 'Ben' },
    U3: { name: 'Cy' },
    U4: { name: 'Dana' },
    U7: { name: 'Cleo', timeZone: 'Asia/Tokyo' },
    U8: { name: 'Dev' },
    U9: { name: 'Eve' },
    UBOT: { name: 'Jira', isBot: true },
  });
}

let world: World;
let people: ReturnType<typeof fakePeople>;
afterEach(() => world.db.close());

/** A world whose channel C1 has a daily question thread (and C2 one with the same post ts). */
function withQuestionThreads(weights = '') {
  people = fakePeople();
  world = inMemoryWorld(people, parseReactionWeights(weights));
  for (const channelId of [C, 'C2'])
    outboxPostSent(world, { teamId: T, channelId, ts: POST, at: now - HOUR });
}

/** `userId` answers in the thread at `at`. */
function answer(messageTs: string, userId: string, at = now, channelId = C) {
  const text = 'Situation: a launch. Task: lead it. Action: I planned. Result: 2 weeks early.';
  if (!reply(world, { teamId: T, channelId, ts: messageTs, threadTs: POST, userId, text }, at)) {
    throw new Error(`${messageTs} was not recorded as an answer`);
  }
}

const on = (messageTs: string, reactorId: string, reaction: string, channelId = C) => ({
  teamId: T,
  channelId,
  messageTs,
  reactorId,
  reaction,
});

type LedgerRow = {
  message_ts: string;
  reactor_id: string;
  reaction: string;
  action: string;
  reactor_is_bot: number | null;
  event_id: string;
  received_at: number;
};
const ledger = () =>
  world.db
    .prepare(
      `SELECT message_ts, reactor_id, reaction, action, reactor_is_bot, event_id, received_at
       FROM reaction_events ORDER BY id`,
    )
    .all() as LedgerRow[];

const scores = (situation: number, task: number, action: number, result: number) => ({
  situation,
  task,
  action,
  result,
});

describe('recordReaction', () => {
  it('a person’s reaction on an answer goes into the ledger and scores the answer’s author', async () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    expect(await react(world, { ...on(ts(1), 'U2', 'tada'), eventId: 'Ev1' }, now)).toEqual({ points: 1 });
    expect(ledger()).toEqual([
      {
        message_ts: ts(1),
        reactor_id: 'U2',
        reaction: 'tada',
        action: 'added',
        reactor_is_bot: 0,
        event_id: 'Ev1',
        received_at: now,
      },
    ]);
    expect(pointsOn(world, T, C, ts(1))).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 1 }]);
    expect(world.reviews.reviews.answerPoints(T, C, ts(1))).toBe(1);
  });

  it('weighs each emoji, gives at most 3 points per reviewer, and takes points back with the reaction', async () => {
    withQuestionThreads('star:2,thumbsup:2');
    answer(ts(1), 'U7');
    const steps: Array<[string, string, 'added' | 'removed', number]> = [
      ['U2', 'star', 'added', 2],
      ['U2', 'fire', 'added', 3],
      ['U2', 'rocket', 'added', 3], // 4 by weight, capped at 3
      ['U2', 'star', 'removed', 2], // fire + rocket
      ['U2', 'fire', 'removed', 1],
      ['U3', 'thumbsup::skin-tone-2', 'added', 2], // a skin tone weighs what its base emoji does
      ['U3', 'eyes', 'added', 3],
      ['U3', 'eyes', 'removed', 2],
    ];
    for (const [reactorId, reaction, action, points] of steps) {
      expect(
        await react(world, { ...on(ts(1), reactorId, reaction), action }, now),
        `${reactorId} ${reaction}`,
      ).toEqual({ points });
    }
    expect(pointsOn(world, T, C, ts(1))).toEqual([
      { reactor_id: 'U2', author_id: 'U7', points: 1 },
      { reactor_id: 'U3', author_id: 'U7', points: 2 },
    ]);
    expect(world.reviews.reviews.answerPoints(T, C, ts(1))).toBe(3);
    expect(rowCount(world, 'reaction_events')).toBe(steps.length);
  });

  it('a retried event or a duplicate of one counts once', async () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    const added = { ...on(ts(1), 'U2', 'tada'), eventId: 'EvA', eventTime: 1_000 };
    expect(await react(world, added, now)).toEqual({ points: 1 });
    expect(await react(world, added, now + 1)).toBe('duplicate'); // Slack's retry: same event id
    expect(await react(world, { ...added, eventId: 'EvB' }, now + 1)).toBe('duplicate'); // same reaction, same time
    const removed = { ...added, action: 'removed' as const, eventId: 'EvC', eventTime: 2_000 };
    expect(await react(world, removed, now + 2)).toEqual({ points: 0 });
    expect(await react(world, removed, now + 3)).toBe('duplicate');
    expect(ledger().map((row) => [row.event_id, row.action])).toEqual([
      ['EvA', 'added'],
      ['EvC', 'removed'],
    ]);
    expect(pointsOn(world, T, C, ts(1))).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 0 }]);
  });

  it('events that arrive out of order end as Slack’s event times say', async () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    const tada = on(ts(1), 'U2', 'tada');
    // Added at 1, removed at 2 — but the removal arrives first.
    expect(await react(world, { ...tada, action: 'removed', eventTime: 2_000 }, now)).toEqual({ points: 0 });
    expect(await react(world, { ...tada, action: 'added', eventTime: 1_000 }, now)).toEqual({ points: 0 });
    expect(await react(world, { ...tada, action: 'added', eventTime: 3_000 }, now)).toEqual({ points: 1 });
    expect(pointsOn(world, T, C, ts(1))).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 1 }]);
  });

  it('gives nothing for reacting to your own answer, nor from a bot', async () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    expect(await react(world, on(ts(1), 'U7', 'star'), now)).toEqual({ points: 0 });
    expect(await react(world, on(ts(1), 'UBOT', 'white_check_mark'), now)).toEqual({ points: 0 });
    expect(ledger().map((row) => [row.reactor_id, row.reactor_is_bot])).toEqual([
      ['U7', 0],
      ['UBOT', 1],
    ]);
    expect(world.reviews.reviews.answerPoints(T, C, ts(1))).toBe(0);
  });

  it('reactions on anything but an answer score nothing; on a file they are not even looked at', async () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    // The question's post, a message that is not an answer, the answer's ts in another workspace.
    expect(await react(world, on(POST, 'U2', 'tada'), now)).toBe('not-an-answer');
    expect(await react(world, on(ts(2), 'U2', 'tada'), now)).toBe('not-an-answer');
    expect(await react(world, { ...on(ts(1), 'U2', 'tada'), teamId: 'T2' }, now)).toBe('not-an-answer');
    expect(rowCount(world, 'reaction_points')).toBe(0);
    expect(rowCount(world, 'reaction_events')).toBe(3); // kept, in case the message becomes an answer

    people.lookups.length = 0;
    expect(await react(world, { ...on(ts(1), 'U2', 'tada'), itemType: 'file' }, now)).toBe('not-an-answer');
    expect(people.lookups).toEqual([]);
    expect(rowCount(world, 'reaction_events')).toBe(3);
    expect(rowCount(world, 'reaction_points')).toBe(0);
  });
});

describe('rubric reviews', () => {
  const review = (
    userId: string,
    messageTs: string,
    at: number,
    s = scores(4, 4, 3, 2),
    comment = 'Numbers',
  ) =>
    submitReview(world.reviews, {
      who: { teamId: T, userId },
      channelId: C,
      messageTs,
      scores: s,
      comment,
      now: at,
    });
  const stored = () =>
    world.db
      .prepare(
        `SELECT reviewer_id, author_id, situation, task, action, result, comment, created_at, updated_at
         FROM rubric_reviews ORDER BY reviewer_id`,
      )
      .all();

  it('one review per reviewer per answer: a second one replaces the first', () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    const first = review('U2', ts(1), now);
    expect(first).toMatchObject({ ok: true, replaced: false, answer: { userId: 'U7', messageTs: ts(1) } });
    const second = review('U2', ts(1), now + HOUR, scores(5, 5, 4, 3), 'Better with the numbers');
    expect(second).toMatchObject({ ok: true, replaced: true });
    expect(review('U3', ts(1), now + HOUR)).toMatchObject({ ok: true, replaced: false });
    expect(stored()).toEqual([
      {
        reviewer_id: 'U2',
        author_id: 'U7',
        ...scores(5, 5, 4, 3),
        comment: 'Better with the numbers',
        created_at: now,
        updated_at: now + HOUR,
      },
      {
        reviewer_id: 'U3',
        author_id: 'U7',
        ...scores(4, 4, 3, 2),
        comment: 'Numbers',
        created_at: now + HOUR,
        updated_at: now + HOUR,
      },
    ]);
  });

  it('is refused for your own answer and for a message that is not an answer', () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    expect(review('U7', ts(1), now)).toEqual({ ok: false, reason: 'own-answer' });
    expect(review('U2', ts(2), now)).toEqual({ ok: false, reason: 'not-an-answer' });
    expect(review('U2', POST, now)).toEqual({ ok: false, reason: 'not-an-answer' });
    expect(rowCount(world, 'rubric_reviews')).toBe(0);
    expect(
      reviewTarget(world.reviews, { who: { teamId: T, userId: 'U2' }, channelId: C, messageTs: ts(1) }),
    ).toMatchObject({ ok: true, answer: { userId: 'U7' } });
    expect(
      reviewTarget(world.reviews, { who: { teamId: 'T2', userId: 'U2' }, channelId: C, messageTs: ts(1) }),
    ).toEqual({ ok: false, reason: 'not-an-answer' });
  });
});

describe('channelLeaderboard', () => {
  const board = (period: Period, at = now, channelId = C) =>
    channelLeaderboard(world.reviews, { teamId: T, channelId, period, now: at });

  it('answerers by points, then answers, then user id; reviewers by reviews, then user id; by name', async () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    answer(ts(2), 'U7');
    answer(ts(3), 'U8');
    answer(ts(4), 'U9');
    answer(ts(5), 'U10'); // Slack cannot say who U10 is
    answer(ts(6), 'U9', now, 'C2'); // another channel's answer
    await react(world, on(ts(1), 'U2', 'tada'), now);
    await react(world, on(ts(3), 'U2', 'tada'), now);
    await react(world, on(ts(5), 'U3', 'tada'), now);
    for (const reaction of ['a', 'b', 'c']) await react(world, on(ts(6), 'U2', reaction, 'C2'), now);
    for (const [reviewer, messageTs] of [
      ['U3', ts(1)],
      ['U3', ts(4)],
      ['U2', ts(1)],
      ['U2', ts(3)],
      ['U4', ts(5)],
    ] as const) {
      submitReview(world.reviews, {
        who: { teamId: T, userId: reviewer },
        channelId: C,
        messageTs,
        scores: scores(3, 3, 3, 3),
        comment: '',
        now,
      });
    }

    people.lookups.length = 0;
    const shown = await board('all');
    expect(shown.answerers).toEqual([
      { userId: 'U7', name: 'Cleo', points: 1, answers: 2 },
      { userId: 'U10', name: 'a teammate', points: 1, answers: 1 }, // 'U10' < 'U8' byte by byte
      { userId: 'U8', name: 'Dev', points: 1, answers: 1 },
      { userId: 'U9', name: 'Eve', points: 0, answers: 1 },
    ]);
    expect(shown.reviewers).toEqual([
      { userId: 'U2', name: 'Ben', reviews: 2 },
      { userId: 'U3', name: 'Cy', reviews: 2 },
      { userId: 'U4', name: 'Dana', reviews: 1 },
    ]);
    expect(shown).toMatchObject({ period: 'all', since: 0, timeZone: 'UTC' });
    expect(people.lookups.map(([, userId]) => userId).sort()).toEqual(
      ['U10', 'U2', 'U3', 'U4', 'U7', 'U8', 'U9'].sort(),
    );

    expect((await board('all', now, 'C2')).answerers).toEqual([
      { userId: 'U9', name: 'Eve', points: 3, answers: 1 },
    ]);
  });

  it('shows the top 10 answerers and top 5 reviewers, and asks Slack only about them', async () => {
    withQuestionThreads();
    for (let n = 1; n <= 12; n++) answer(ts(n), `UA${String(n).padStart(2, '0')}`);
    for (let n = 1; n <= 7; n++) {
      submitReview(world.reviews, {
        who: { teamId: T, userId: `UR${n}` },
        channelId: C,
        messageTs: ts(1),
        scores: scores(3, 3, 3, 3),
        comment: '',
        now,
      });
    }
    people.lookups.length = 0;
    const shown = await board('all');
    expect(shown.answerers.map((row) => row.userId)).toEqual([
      'UA01',
      'UA02',
      'UA03',
      'UA04',
      'UA05',
      'UA06',
      'UA07',
      'UA08',
      'UA09',
      'UA10',
    ]);
    expect(shown.reviewers.map((row) => row.userId)).toEqual(['UR1', 'UR2', 'UR3', 'UR4', 'UR5']);
    expect(people.lookups).toHaveLength(15);
  });

  it('this week and this month begin in the channel’s time zone; nothing after now counts', async () => {
    withQuestionThreads();
    world.reviews.subscriptions.save({
      teamId: T,
      channelId: C,
      time: '09:00',
      timeZone: 'Pacific/Auckland',
      days: [1, 2, 3, 4, 5],
      holidays: null,
      createdBy: 'U2',
      at: now - 40 * 24 * HOUR,
    });
    // Monday 30 Nov, 01:00 in Auckland (UTC+13); still Sunday 29 Nov in UTC.
    const monday = Date.parse('2026-11-29T12:00:00Z');
    answer(ts(1), 'U7', Date.parse('2026-11-29T11:30:00Z')); // Monday 00:30 in Auckland: this week
    answer(ts(2), 'U8', Date.parse('2026-11-29T10:30:00Z')); // Sunday 23:30 in Auckland: last week
    answer(ts(3), 'U9', Date.parse('2026-10-31T10:00:00Z')); // 31 Oct 23:00 in Auckland: last month
    answer(ts(4), 'U3', monday); // now
    answer(ts(5), 'U4', monday + 1); // after now (a clock ahead): not yet
    const ids = async (period: Period, channelId = C) =>
      (await board(period, monday, channelId)).answerers.map((row) => row.userId);

    expect(await board('week', monday)).toMatchObject({
      since: Date.parse('2026-11-29T11:00:00Z'),
      timeZone: 'Pacific/Auckland',
    });
    expect(await ids('week')).toEqual(['U3', 'U7']);
    expect((await board('month', monday)).since).toBe(Date.parse('2026-10-31T11:00:00Z'));
    expect(await ids('month')).toEqual(['U3', 'U7', 'U8']);
    expect(await ids('all')).toEqual(['U3', 'U7', 'U8', 'U9']);

    // The same answers in a channel that has no schedule: UTC, where it is still Sunday.
    for (const [n, userId, at] of [
      [11, 'U7', '2026-11-29T11:30:00Z'],
      [12, 'U8', '2026-11-29T10:30:00Z'],
      [13, 'U9', '2026-11-22T23:59:00Z'],
    ] as const) {
      answer(ts(n), userId, Date.parse(at), 'C2');
    }
    expect(await board('week', monday, 'C2')).toMatchObject({
      since: Date.parse('2026-11-23T00:00:00Z'),
      timeZone: 'UTC',
    });
    expect(await ids('week', 'C2')).toEqual(['U7', 'U8']);
  });

  it('counts reviews in the period they were first given', async () => {
    withQuestionThreads();
    answer(ts(1), 'U7', now - 10 * 24 * HOUR);
    const give = (userId: string, at: number) =>
      submitReview(world.reviews, {
        who: { teamId: T, userId },
        channelId: C,
        messageTs: ts(1),
        scores: scores(3, 3, 3, 3),
        comment: '',
        now: at,
      });
    give('U2', now - 9 * 24 * HOUR); // the week before
    give('U3', now - HOUR);
    give('U2', now); // U2 changes their old review this week
    expect((await board('week')).reviewers.map((row) => [row.userId, row.reviews])).toEqual([['U3', 1]]);
    expect((await board('month')).reviewers.map((row) => [row.userId, row.reviews])).toEqual([
      ['U2', 1],
      ['U3', 1],
    ]);
  });
});

describe('periodStart', () => {
  it.each([
    ['week', '2026-11-25T10:00:00Z', 'UTC', '2026-11-23T00:00:00Z'], // a Wednesday
    ['week', '2026-11-23T00:00:00Z', 'UTC', '2026-11-23T00:00:00Z'], // Monday at midnight
    ['week', '2026-11-29T23:59:00Z', 'UTC', '2026-11-23T00:00:00Z'], // Sunday is the week's last day
    ['week', '2026-11-29T12:00:00Z', 'Pacific/Auckland', '2026-11-29T11:00:00Z'], // already Monday there
    ['week', '2026-11-30T05:00:00Z', 'America/Los_Angeles', '2026-11-23T08:00:00Z'], // still Sunday there
    ['month', '2026-11-27T10:00:00Z', 'Europe/Berlin', '2026-10-31T23:00:00Z'],
    ['month', '2026-10-30T10:00:00Z', 'Europe/Berlin', '2026-09-30T22:00:00Z'], // 1 Oct was summer time
    ['month', '2026-11-30T12:00:00Z', 'Pacific/Auckland', '2026-11-30T11:00:00Z'], // 1 Dec there
    ['all', '2026-11-27T10:00:00Z', 'Europe/Berlin', '1970-01-01T00:00:00Z'],
  ] as const)('%s at %s in %s begins at %s', (period, at, timeZone, start) => {
    expect(periodStart(period, Date.parse(at), timeZone)).toBe(Date.parse(start));
  });
});

describe('peerStats', () => {
  it('points received in every channel, reviews given, rubric per STAR part, the latest feedback', async () => {
    withQuestionThreads();
    answer(ts(1), 'U7');
    answer(ts(2), 'U7', now, 'C2');
    answer(ts(3), 'U2');
    await react(world, on(ts(1), 'U2', 'tada'), now);
    await react(world, on(ts(1), 'U3', 'tada'), now);
    await react(world, on(ts(2), 'U2', 'fire', 'C2'), now);
    await react(world, on(ts(3), 'U7', 'fire'), now);
    const review = (
      userId: string,
      messageTs: string,
      s: ReturnType<typeof scores>,
      comment: string,
      at: number,
    ) =>
      submitReview(world.reviews, {
        who: { teamId: T, userId },
        channelId: C,
        messageTs,
        scores: s,
        comment,
        now: at,
      });
    review('U2', ts(1), scores(4, 3, 2, 5), 'first thoughts', now);
    review('U3', ts(1), scores(4, 5, 2, 3), 'say what you did', now + HOUR);
    review('U2', ts(1), scores(4, 3, 2, 5), 'the action is thin', now + 2 * HOUR); // replaces U2's
    review('U7', ts(3), scores(5, 5, 5, 5), 'great', now);

    expect(peerStats(world.reviews, { teamId: T, userId: 'U7' })).toEqual({
      pointsReceived: 3,
      reviewsGiven: 1,
      rubric: { averages: { situation: 4, task: 4, action: 2, result: 4 }, weakest: 'action', count: 2 },
      latestFeedback: {
        ...scores(4, 3, 2, 5),
        comment: 'the action is thin',
        reviewerId: 'U2',
        at: now + 2 * HOUR,
      },
    });
    expect(peerStats(world.reviews, { teamId: T, userId: 'U2' })).toMatchObject({
      pointsReceived: 1,
      reviewsGiven: 1,
    });
    // Another workspace knows nothing of it.
    expect(peerStats(world.reviews, { teamId: 'T2', userId: 'U7' })).toEqual({
      pointsReceived: 0,
      reviewsGiven: 0,
      rubric: undefined,
      latestFeedback: undefined,
    });
  });
});

describe('timeZoneOfPerson', () => {
  it('is the person’s Slack time zone, else UTC', async () => {
    people = fakePeople();
    world = inMemoryWorld(people);
    expect(await timeZoneOfPerson(people, { teamId: T, userId: 'U7' })).toBe('Asia/Tokyo');
    expect(await timeZoneOfPerson(people, { teamId: T, userId: 'U2' })).toBe('UTC');
    expect(await timeZoneOfPerson(people, { teamId: T, userId: 'UNOBODY' })).toBe('UTC');
  });
});
