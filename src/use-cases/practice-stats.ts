import { type PracticeStats, practiceStats } from '../domain/practice.js';
import type { PracticeDeps, TimeZoneOf, Who } from './deps.js';
import { type PeerStats, type Person, peerStats, type ReviewDeps } from './peer-review.js';

/** The caller's practice, with days counted in their time zone. */
export function getPracticeStats(
  deps: PracticeDeps,
  input: { who: Who; timeZone: string; now: number },
): PracticeStats {
  return practiceStats(
    deps.library,
    deps.practice.eventsOf(input.who.teamId, input.who.userId),
    input.timeZone,
    input.now,
  );
}

/**
 * `/star stats`: your own practice in full; a teammate's, only what is public in a channel (points
 * from reactions, answers posted, reviews given). Self-ratings, streaks, coach findings and the
 * reviews someone received are theirs alone (product.md §6).
 */
export type StatsReport =
  | {
      readonly kind: 'own';
      readonly stats: PracticeStats;
      /** Your time zone, in which your days are counted. */
      readonly timeZone: string;
      readonly peer: PeerStats;
    }
  | {
      readonly kind: 'teammate';
      readonly person: Person;
      readonly totals: { pointsReceived: number; answersInChannels: number; reviewsGiven: number };
    };

/** `/star stats [@user]`: the caller's practice (days in their own zone), or a teammate's public totals. */
export async function statsReport(
  practice: PracticeDeps,
  reviews: ReviewDeps,
  timeZoneOf: TimeZoneOf,
  input: { who: Who; subjectId?: string | undefined; now: number },
): Promise<StatsReport> {
  const { teamId } = input.who;
  if (input.subjectId && input.subjectId !== input.who.userId) {
    const person = await reviews.people.lookup(teamId, input.subjectId);
    return { kind: 'teammate', person, totals: reviews.leaderboard.publicTotals(teamId, input.subjectId) };
  }
  const timeZone = await timeZoneOf(input.who.userId);
  const stats = getPracticeStats(practice, { who: input.who, timeZone, now: input.now });
  return { kind: 'own', stats, timeZone, peer: peerStats(reviews, input.who) };
}
