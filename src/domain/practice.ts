import { z } from 'zod';
import { addDays, localDate } from './calendar.js';
import type { Library } from './deck.js';

export const ratings = ['again', 'hard', 'good', 'easy'] as const;
export type RatingName = (typeof ratings)[number];
/** FSRS grades: Again 1, Hard 2, Good 3, Easy 4. */
const ratingSchema = z.literal([1, 2, 3, 4]);
export type Rating = z.infer<typeof ratingSchema>;

export function ratingValue(name: RatingName): Rating {
  return (ratings.indexOf(name) + 1) as Rating;
}

export function ratingName(value: number): RatingName {
  return ratings[Math.min(3, Math.max(0, Math.round(value) - 1))] ?? 'good';
}

/** What a user did with a question: saw it, revealed its answer, opened a follow-up, rated or answered it. */
const practiceKindSchema = z.enum(['view', 'reveal', 'follow_up', 'rating', 'answer']);
export type PracticeKind = z.infer<typeof practiceKindSchema>;

/** Where the practice happened: in Slack, or in `star practice` in a terminal. */
const practiceSourceSchema = z.enum(['slack', 'terminal']);
export type PracticeSource = z.infer<typeof practiceSourceSchema>;

/** One step of a user's practice; `rating` is set on ratings only. */
export const practiceEventSchema = z
  .object({
    teamId: z.string(),
    userId: z.string(),
    questionId: z.string(),
    kind: practiceKindSchema,
    rating: ratingSchema.nullable(),
    source: practiceSourceSchema,
    at: z.number(),
  })
  .readonly();
export type PracticeEvent = z.infer<typeof practiceEventSchema>;

/** A question answered in Slack (in the STAR form, or in a channel thread), as a practice event. */
export function answeredEvent(
  who: { readonly teamId: string; readonly userId: string },
  questionId: string,
  at: number,
): PracticeEvent {
  return {
    teamId: who.teamId,
    userId: who.userId,
    questionId,
    kind: 'answer',
    rating: null,
    source: 'slack',
    at,
  };
}

/**
 * Days in a row with practice, counted back from today in the user's time zone. A streak is still
 * alive if the last practice was yesterday (today is not over yet).
 * Example: practice on Mon, Tue, Wed; asked on Thu before practising → 3.
 */
export function streakDays(practiceTimes: readonly number[], timeZone: string, now: number): number {
  const days = new Set(practiceTimes.map((at) => localDate(at, timeZone)));
  let day = localDate(now, timeZone);
  if (!days.has(day)) day = addDays(day, -1);
  let streak = 0;
  while (days.has(day)) {
    streak += 1;
    day = addDays(day, -1);
  }
  return streak;
}

/** A question counts as practiced once the user revealed its answer, rated it or answered it. */
function isPractice(kind: PracticeKind): boolean {
  return kind !== 'view';
}

export type CategoryProgress = { readonly name: string; readonly total: number; readonly practiced: number };

export function categoryProgress(library: Library, practicedIds: ReadonlySet<string>): CategoryProgress[] {
  return library.categories.map((category) => ({
    name: category.name,
    total: category.questionIds.length,
    practiced: category.questionIds.filter((id) => practicedIds.has(id)).length,
  }));
}

export type PracticeStats = {
  readonly practiced: number;
  readonly totalQuestions: number;
  readonly ratingsGiven: number;
  readonly answersWritten: number;
  readonly averageRating: number | null;
  readonly streak: number;
  readonly categoriesCovered: number;
  readonly categoriesTotal: number;
};

export function practiceStats(
  library: Library,
  events: readonly PracticeEvent[],
  timeZone: string,
  now: number,
): PracticeStats {
  const practiceEvents = events.filter((e) => isPractice(e.kind) && library.byId.has(e.questionId));
  const practicedIds = new Set(practiceEvents.map((e) => e.questionId));
  const ratingsGiven = practiceEvents.filter((e) => e.rating !== null);
  const progress = categoryProgress(library, practicedIds);
  return {
    practiced: practicedIds.size,
    totalQuestions: library.questions.length,
    ratingsGiven: ratingsGiven.length,
    answersWritten: practiceEvents.filter((e) => e.kind === 'answer').length,
    averageRating:
      ratingsGiven.length === 0
        ? null
        : ratingsGiven.reduce((sum, e) => sum + (e.rating ?? 0), 0) / ratingsGiven.length,
    streak: streakDays(
      events.filter((e) => isPractice(e.kind)).map((e) => e.at),
      timeZone,
      now,
    ),
    categoriesCovered: progress.filter((c) => c.practiced > 0).length,
    categoriesTotal: progress.length,
  };
}

/** The user's average self-rating per category (lower-cased name → 1–4), for "weakest category". */
export function categoryRatings(
  library: Library,
  events: ReadonlyArray<{ readonly questionId: string; readonly rating: number | null }>,
): Map<string, number> {
  return categoryRatingsOf(
    library,
    events.flatMap((event) =>
      event.rating === null ? [] : [{ questionId: event.questionId, count: 1, total: event.rating }],
    ),
  );
}

/** As `categoryRatings`, from each question's ratings already summed: `count` ratings adding up to `total`. */
export function categoryRatingsOf(
  library: Library,
  questions: ReadonlyArray<{ readonly questionId: string; readonly count: number; readonly total: number }>,
): Map<string, number> {
  // It runs in every `/star question`: sums in place, then each replaced by its average.
  if (questions.length === 0) return new Map();
  const sums = new Map<string, { total: number; count: number }>();
  for (const rated of questions) {
    const question = rated.count > 0 ? library.byId.get(rated.questionId) : undefined;
    if (!question) continue;
    const key = question.category.toLowerCase();
    const sum = sums.get(key);
    if (sum === undefined) sums.set(key, { total: rated.total, count: rated.count });
    else {
      sum.total += rated.total;
      sum.count += rated.count;
    }
  }
  const averages = new Map<string, number>();
  for (const [key, { total, count }] of sums) averages.set(key, total / count);
  return averages;
}
