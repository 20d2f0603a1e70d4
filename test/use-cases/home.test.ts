import { afterEach, describe, expect, it } from 'vitest';
import { nextCard } from '../../src/domain/spaced-repetition.js';
import { dueToday, homeData } from '../../src/use-cases/home.js';
import { submitReview } from '../../src/use-cases/peer-review.js';
import { rateRecall, revealAnswer, serveQuestion } from '../../src/use-cases/practice-question.js';
import { outboxPostSent, react, reply } from './channel-threads.js';
import { inMemoryWorld, knownPeople, type World } from './in-memory.js';

/**
 * The App Home: what is due by the end of the user's day, and their true progress in their time
 * zone, with what teammates and the coach said. Real repositories on an in-memory database.
 */

const T = 'T1';
const C = 'C1';
const who = { teamId: T, userId: 'U7' };
/** Friday 27 Nov: 19:00 in Tokyo, 10:00 in UTC, 02:00 in Los Angeles. */
const now = Date.parse('2026-11-27T10:00:00Z');
const migration = 'sample-deck/describe-how-you-led-a-migration-nobody-wanted';

let world: World;
afterEach(() => world.db.close());

/** A card for the question that falls due at `due` (ISO). */
function dueAt(questionId: string, due: string, userId = 'U7') {
  const card = { ...nextCard(undefined, 3, now - 86_400_000), due: new Date(due) };
  world.practice.cards.save(T, userId, questionId, card, now - 86_400_000);
}

const ids = (timeZone: string, at = now) => dueToday(world.practice, who, timeZone, at).map((q) => q.id);

describe('dueToday', () => {
  it('the questions due by the end of the user’s own day, most overdue first', () => {
    world = inMemoryWorld();
    dueAt(migration, '2026-11-27T15:00:00Z'); // midnight in Tokyo: tomorrow there, today in UTC
    dueAt('rally-team', '2026-11-27T14:59:00Z'); // 23:59 in Tokyo
    dueAt('pm-disagreement', '2026-11-25T08:00:00Z'); // overdue
    dueAt('retired-question', '2026-11-20T08:00:00Z'); // no longer in the decks
    dueAt('rally-team', '2026-11-27T09:00:00Z', 'U8'); // someone else's

    expect(ids('Asia/Tokyo')).toEqual(['pm-disagreement', 'rally-team']);
    expect(ids('UTC')).toEqual(['pm-disagreement', 'rally-team', migration]);
    // In Los Angeles the day ends at 08:00 UTC on the 28th.
    dueAt('rally-team', '2026-11-28T07:59:00Z');
    expect(ids('America/Los_Angeles')).toEqual(['pm-disagreement', migration, 'rally-team']);
    expect(ids('UTC')).toEqual(['pm-disagreement', migration]);
  });

  it('a question rated Again comes back today; one rated Easy does not', () => {
    world = inMemoryWorld();
    rateRecall(world.practice, { who, questionId: 'rally-team', rating: 'again', now });
    rateRecall(world.practice, { who, questionId: 'pm-disagreement', rating: 'easy', now });
    expect(ids('UTC')).toEqual(['rally-team']);
    // Easy on a new card: 8 days later.
    expect(ids('UTC', now + 8 * 86_400_000)).toEqual(['rally-team', 'pm-disagreement']);
  });
});

describe('homeData', () => {
  it('the user’s streak, coverage, due questions, peer review and gaps, in their time zone', async () => {
    world = inMemoryWorld(knownPeople({ U2: { name: 'Ben' }, U7: { name: 'Cleo' }, U8: { name: 'Dev' } }));
    // Practice on 26 Nov 01:00 and 23:00 in Tokyo (25 and 26 Nov in UTC), and an answer in a channel now.
    revealAnswer(world.practice, { who, questionId: 'rally-team', now: Date.parse('2026-11-25T16:00:00Z') });
    rateRecall(world.practice, {
      who,
      questionId: 'rally-team',
      rating: 'again',
      now: Date.parse('2026-11-26T14:00:00Z'),
    });
    const post = '1764237600.000100';
    outboxPostSent(world, {
      teamId: T,
      channelId: C,
      questionId: 'pm-disagreement',
      ts: post,
      at: now - 60_000,
    });
    const text =
      'Situation: the PM wanted a date by Friday. Task: I owned the plan. Action: I wrote a plan with two dates and walked the PM through both. Result: it shipped on the later date.';
    reply(
      world,
      { teamId: T, channelId: C, ts: '1764237700.000100', threadTs: post, userId: 'U7', text },
      now,
    );
    reply(
      world,
      { teamId: T, channelId: C, ts: '1764237800.000100', threadTs: post, userId: 'U8', text },
      now,
    );
    await react(
      world,
      { teamId: T, channelId: C, messageTs: '1764237700.000100', reactorId: 'U2', reaction: 'star' },
      now,
    );
    const review = {
      channelId: C,
      scores: { situation: 4, task: 4, action: 2, result: 3 },
      comment: 'More I',
      now,
    };
    submitReview(world.reviews, {
      ...review,
      who: { teamId: T, userId: 'U2' },
      messageTs: '1764237700.000100',
    });
    submitReview(world.reviews, { ...review, who, messageTs: '1764237800.000100' });

    const home = homeData(world.practice, world.reviews, world.coach, { who, timeZone: 'Asia/Tokyo', now });
    expect(home.timeZone).toBe('Asia/Tokyo');
    expect(home.stats).toEqual({
      practiced: 2,
      totalQuestions: 3,
      ratingsGiven: 1,
      answersWritten: 1,
      averageRating: 1,
      streak: 2, // 26 and 27 Nov in Tokyo
      categoriesCovered: 2,
      categoriesTotal: 2,
    });
    expect(home.categories).toEqual([
      { name: 'Leadership', total: 2, practiced: 1 },
      { name: 'Conflict Resolution', total: 1, practiced: 1 },
    ]);
    expect(home.dueToday.map((q) => q.id)).toEqual(['rally-team']);
    expect(home.peer).toEqual({
      pointsReceived: 1,
      reviewsGiven: 1,
      rubric: {
        averages: { situation: 4, task: 4, action: 2, result: 3 },
        weakest: 'action',
        count: 1,
      },
      latestFeedback: {
        situation: 4,
        task: 4,
        action: 2,
        result: 3,
        comment: 'More I',
        reviewerId: 'U2',
        at: now,
      },
    });
    // Their one answer (not U8's, with the same text): three of its gaps, in code order.
    expect(home.gaps.answers).toBe(1);
    expect(home.gaps.gaps.map((g) => [g.code, g.count])).toEqual([
      ['no-lesson', 1],
      ['no-tradeoff', 1],
      ['result-not-quantified', 1],
    ]);

    // The same history counted in UTC: three days in a row.
    expect(
      homeData(world.practice, world.reviews, world.coach, { who, timeZone: 'UTC', now }).stats.streak,
    ).toBe(3);
  });

  it('a user with no history sees zeros, not someone else’s progress', () => {
    world = inMemoryWorld();
    revealAnswer(world.practice, { who: { teamId: T, userId: 'U8' }, questionId: 'rally-team', now });
    revealAnswer(world.practice, { who: { teamId: 'T2', userId: 'U7' }, questionId: 'rally-team', now });
    const home = homeData(world.practice, world.reviews, world.coach, { who, timeZone: 'UTC', now });
    expect(home.stats).toMatchObject({ practiced: 0, streak: 0, answersWritten: 0, averageRating: null });
    expect(home.categories.map((c) => c.practiced)).toEqual([0, 0]);
    expect(home.dueToday).toEqual([]);
    expect(home.peer).toEqual({
      pointsReceived: 0,
      reviewsGiven: 0,
      rubric: undefined,
      latestFeedback: undefined,
    });
    expect(home.gaps).toEqual({ gaps: [], answers: 0 });
  });

  it('a newcomer until the first practice: seeing questions does not count, revealing an answer does', () => {
    world = inMemoryWorld();
    const home = () => homeData(world.practice, world.reviews, world.coach, { who, timeZone: 'UTC', now });
    expect(home().newcomer).toBe(true);
    serveQuestion(world.practice, { who, now });
    expect(home().newcomer).toBe(true);
    revealAnswer(world.practice, { who, questionId: 'rally-team', now });
    expect(home().newcomer).toBe(false);
  });
});
