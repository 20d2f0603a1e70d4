import { type PracticeStats, practiceStats } from '../domain/practice.js';
import type { PracticeDeps, Who } from './deps.js';

/** `/star stats`: the caller's practice, with days counted in their time zone. */
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
