import { afterEach, describe, expect, it } from 'vitest';
import { submitReview } from '../../src/use-cases/peer-review.js';
import { revealAnswer } from '../../src/use-cases/practice-question.js';
import { statsReport } from '../../src/use-cases/practice-stats.js';
import { inMemoryWorld, knownPeople, type World } from './in-memory.js';

/**
 * `/star stats [@user]`: the subject's practice counted in the subject's time zone, what teammates
 * gave them, and who they are; on the real repositories, with Slack's answers faked.
 */

const now = Date.parse('2026-11-24T10:00:00Z');
const caller = { teamId: 'T1', userId: 'U1' };

/** Each user's time zone as Slack says it; every question asked is recorded. */
function zones(byUser: Record<string, string>) {
  const asked: string[] = [];
  const timeZoneOf = async (userId: string) => {
    asked.push(userId);
    return byUser[userId] ?? 'UTC';
  };
  return { timeZoneOf, asked };
}

let world: World;
afterEach(() => world.db.close());

/** Practice on 23 Nov 23:30 UTC and 24 Nov 09:00 UTC: two days in UTC, one day (the 24th) in Tokyo. */
function practiceAcrossMidnight(userId: string) {
  const who = { teamId: 'T1', userId };
  revealAnswer(world.practice, { who, questionId: 'rally-team', now: Date.parse('2026-11-23T23:30:00Z') });
  revealAnswer(world.practice, {
    who,
    questionId: 'pm-disagreement',
    now: Date.parse('2026-11-24T09:00:00Z'),
  });
}

describe('statsReport', () => {
  it('counts the caller’s days in the caller’s Slack time zone, and names nobody', async () => {
    const people = knownPeople({});
    world = inMemoryWorld(people);
    practiceAcrossMidnight('U1');
    const slack = zones({ U1: 'Asia/Tokyo' });
    const report = await statsReport(world.practice, world.reviews, slack.timeZoneOf, { who: caller, now });
    expect(slack.asked).toEqual(['U1']);
    expect(report).toMatchObject({
      kind: 'own',
      timeZone: 'Asia/Tokyo',
      stats: { practiced: 2, totalQuestions: 3, streak: 1 },
    });
    expect(people.lookups).toEqual([]);
  });

  it('the same practice in UTC is a two-day streak', async () => {
    world = inMemoryWorld();
    practiceAcrossMidnight('U1');
    const report = await statsReport(world.practice, world.reviews, zones({}).timeZoneOf, {
      who: caller,
      now,
    });
    expect(report).toMatchObject({ kind: 'own', timeZone: 'UTC', stats: { streak: 2 } });
  });

  it('about a teammate: only what is public in channels, never their practice or the reviews they got', async () => {
    const people = knownPeople({ U2: { name: 'Ada', timeZone: 'Europe/Berlin' } });
    world = inMemoryWorld(people);
    practiceAcrossMidnight('U2');
    world.reviews.threadAnswers.add({
      teamId: 'T1',
      channelId: 'C1',
      messageTs: '1700000000.000100',
      threadTs: '1700000000.000100',
      userId: 'U2',
      questionId: 'rally-team',
      source: 'modal',
      kind: 'answer',
      text: 'Situation: …',
      createdAt: now - 60_000,
    });
    const reviewed = submitReview(world.reviews, {
      who: caller,
      channelId: 'C1',
      messageTs: '1700000000.000100',
      scores: { situation: 4, task: 3, action: 2, result: 5 },
      comment: 'More numbers in the result',
      now: now - 30_000,
    });
    expect(reviewed.ok).toBe(true);

    const slack = zones({ U1: 'Asia/Tokyo', U2: 'Europe/Berlin' });
    const report = await statsReport(world.practice, world.reviews, slack.timeZoneOf, {
      who: caller,
      subjectId: 'U2',
      now,
    });
    // Their zone is not needed: nothing about their days is shown.
    expect(slack.asked).toEqual([]);
    expect(report).toEqual({
      kind: 'teammate',
      person: expect.objectContaining({ userId: 'U2', name: 'Ada' }),
      totals: { pointsReceived: 0, answersInChannels: 1, reviewsGiven: 0 },
    });
    expect(people.lookups).toEqual([['T1', 'U2']]);

    // The caller practiced nothing: their own stats are empty, with the review they gave.
    const own = await statsReport(world.practice, world.reviews, slack.timeZoneOf, { who: caller, now });
    expect(own).toMatchObject({ kind: 'own', stats: { practiced: 0 }, peer: { reviewsGiven: 1 } });
    // Asking about yourself by name is asking for your own.
    const mine = await statsReport(world.practice, world.reviews, slack.timeZoneOf, {
      who: caller,
      subjectId: 'U1',
      now,
    });
    expect(mine.kind).toBe('own');
  });
});
