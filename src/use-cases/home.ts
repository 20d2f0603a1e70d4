import { endOfLocalDay } from '../domain/calendar.js';
import type { Question } from '../domain/deck.js';
import { isNewcomer } from '../domain/onboarding.js';
import {
  type CategoryProgress,
  categoryProgress,
  type PracticeStats,
  practiceStats,
} from '../domain/practice.js';
import { type CoachDeps, frequentGaps } from './coaching.js';
import type { PracticeDeps, Who } from './deps.js';
import { type PeerStats, peerStats, type ReviewDeps } from './peer-review.js';
import { type StoryBank, type StoryDeps, storyBank, storyDue } from './stories.js';
import { type YourAnswer, yourAnswers } from './your-answers.js';

export type HomeData = {
  readonly stats: PracticeStats;
  readonly categories: CategoryProgress[];
  readonly dueToday: Question[];
  readonly peer: PeerStats;
  readonly gaps: ReturnType<typeof frequentGaps>;
  /** The user's latest answers, newest first (private and in channels). */
  readonly answers: readonly YourAnswer[];
  readonly timeZone: string;
  /** No practice at all yet: the Home teaches what to try first instead of showing zeros. */
  readonly newcomer: boolean;
  /** The user's story bank and its matrix, and whether a story is due to be told again. */
  readonly stories?: StoryBank & { readonly due: boolean };
};

/** The questions whose review falls due by the end of the user's day, most overdue first. */
export function dueToday(deps: PracticeDeps, who: Who, timeZone: string, now: number): Question[] {
  const endOfDay = endOfLocalDay(now, timeZone);
  return [...deps.cards.dueTimes(who.teamId, who.userId)]
    .filter(([, due]) => due < endOfDay)
    .sort((a, b) => a[1] - b[1])
    .map(([id]) => deps.library.byId.get(id))
    .filter((q): q is Question => q !== undefined);
}

/**
 * Everything the App Home shows: the user's true progress, their weakest STAR part, their latest
 * answers; and whether they are new (`newcomer`), when it shows what to try first instead.
 */
export function homeData(
  practice: PracticeDeps,
  reviews: ReviewDeps,
  coach: CoachDeps,
  input: { who: Who; timeZone: string; now: number; stories?: StoryDeps },
): HomeData {
  const { who, timeZone, now } = input;
  const bank = input.stories && {
    ...storyBank(input.stories, who),
    due: storyDue(input.stories, { who, now }),
  };
  const events = practice.practice.eventsOf(who.teamId, who.userId);
  const peer = peerStats(reviews, who);
  const answers = yourAnswers(practice, who);
  return {
    stats: practiceStats(practice.library, events, timeZone, now),
    categories: categoryProgress(practice.library, practice.practice.practicedIds(who.teamId, who.userId)),
    dueToday: dueToday(practice, who, timeZone, now),
    peer,
    gaps: frequentGaps(coach, who),
    answers,
    timeZone,
    // Someone who has only written stories so far sees their bank, not the first steps.
    newcomer:
      isNewcomer({ events, answers: answers.length, reviewsGiven: peer.reviewsGiven }) &&
      (bank?.stories.length ?? 0) === 0,
    ...(bank ? { stories: bank } : {}),
  };
}
