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

export type StatsReport = {
  readonly stats: PracticeStats;
  /** The subject's time zone, in which their days are counted. */
  readonly timeZone: string;
  readonly peer: PeerStats;
  /** Who the subject is, when the caller asked about a teammate; undefined for the caller. */
  readonly person: Person | undefined;
};

/**
 * `/star stats [@user]`: the practice of the caller, or of a teammate they name, in the subject's
 * own time zone (as Slack says it now), and what teammates gave them in peer review.
 */
export async function statsReport(
  practice: PracticeDeps,
  reviews: ReviewDeps,
  timeZoneOf: TimeZoneOf,
  input: { who: Who; subjectId?: string | undefined; now: number },
): Promise<StatsReport> {
  const subject = { teamId: input.who.teamId, userId: input.subjectId ?? input.who.userId };
  const timeZone = await timeZoneOf(subject.userId);
  const stats = getPracticeStats(practice, { who: subject, timeZone, now: input.now });
  const peer = peerStats(reviews, subject);
  const person = input.subjectId ? await reviews.people.lookup(subject.teamId, input.subjectId) : undefined;
  return { stats, timeZone, peer, person };
}
