import type { Question, Tips } from '../domain/deck.js';
import {
  type CategoryProgress,
  categoryProgress,
  categoryRatingsOf,
  type PracticeKind,
  type PracticeSource,
  type RatingName,
  ratingValue,
} from '../domain/practice.js';
import { matchQuestions, pickQuestion, pickStudyQuestion } from '../domain/question-picker.js';
import { nextCard } from '../domain/spaced-repetition.js';
import type { PracticeDeps, Who } from './deps.js';

export type ServeResult =
  | {
      kind: 'question';
      question: Question;
      /** Whether the user has stories in their bank, when the pick read it (without a filter). */
      hasStories?: boolean;
    }
  | { kind: 'no-match'; filter: string; categories: CategoryProgress[] };

type ServeInput = {
  who: Who;
  filter?: string | undefined;
  excludeId?: string | undefined;
  now: number;
  /** Cards due before this instant count as due (default: now); the App Home's "due today" reaches the end of the user's day. */
  dueBefore?: number;
  source?: PracticeSource;
};

/**
 * "Next question" (and the terminal's practice loop): picks the next question for this user (unseen
 * first), records that they saw it, and returns it.
 */
export function serveQuestion(deps: PracticeDeps, input: ServeInput): ServeResult {
  const served = pickNext(deps, input);
  if (served.kind === 'question')
    recordPractice(deps, input.who, served.question.id, 'view', input.now, input.source);
  return served;
}

/**
 * `/star question [filter]`: as `serveQuestion`, but the view goes through the group commit
 * (`later`): the first write of its turn of the event loop is written at once, the others of that
 * turn share one commit, so a burst of commands does not pay a commit each. Resolves once the view
 * is committed (the card is shown only then, as before), and
 * rejects when it cannot be (a database locked by another process: the user is told to try again).
 */
export async function askForQuestion(deps: PracticeDeps, input: ServeInput): Promise<ServeResult> {
  const served = pickNext(deps, input);
  if (served.kind === 'question') {
    const { who, now, source } = input;
    const questionId = served.question.id;
    await deps.later(() => recordPractice(deps, who, questionId, 'view', now, source), {
      oneStatement: true,
    });
  }
  return served;
}

/** The next question for this user: unseen first; without a filter, spaced repetition decides. */
function pickNext(deps: PracticeDeps, input: ServeInput): ServeResult {
  const { who, filter, now } = input;
  const match = matchQuestions(deps.library, filter);
  const common = { candidates: match.questions, excludeId: input.excludeId, random: deps.random };
  // A filter always wins; without one, spaced repetition decides (the user's history read in one pass).
  let question: Question | undefined;
  let hasStories: boolean | undefined;
  if (match.by === 'all') {
    // The history, the review cards and whether the user has stories (for the card), in one read.
    const state = deps.practice.studyState(who.teamId, who.userId);
    hasStories = state.hasStories;
    question = pickStudyQuestion({
      ...common,
      lastSeen: state.lastSeen,
      dueAt: state.dueAt,
      categoryRatings: categoryRatingsOf(deps.library, state.ratings),
      now: input.dueBefore === undefined ? now : input.dueBefore - 1,
    });
  } else question = pickQuestion({ ...common, lastSeen: deps.practice.lastSeen(who.teamId, who.userId) });
  if (!question) {
    return { kind: 'no-match', filter: filter ?? '', categories: listCategories(deps, who) };
  }
  return hasStories === undefined
    ? { kind: 'question', question }
    : { kind: 'question', question, hasStories };
}

/** Looks a question up by id; undefined when the decks no longer have it. */
export function findQuestion(deps: PracticeDeps, questionId: string): Question | undefined {
  return deps.library.byId.get(questionId);
}

function recordPractice(
  deps: PracticeDeps,
  who: Who,
  questionId: string,
  kind: Extract<PracticeKind, 'view' | 'reveal' | 'follow_up'>,
  now: number,
  source: PracticeSource = 'slack',
) {
  deps.practice.record({ ...who, questionId, kind, rating: null, source, at: now });
}

/** "Show model answer". */
export function revealAnswer(
  deps: PracticeDeps,
  input: { who: Who; questionId: string; now: number; source?: PracticeSource },
) {
  const question = findQuestion(deps, input.questionId);
  if (question) recordPractice(deps, input.who, question.id, 'reveal', input.now, input.source);
  return question;
}

/** "Follow-up" / "Next follow-up". */
export function openFollowUp(
  deps: PracticeDeps,
  input: { who: Who; questionId: string; index: number; now: number; source?: PracticeSource },
) {
  const question = findQuestion(deps, input.questionId);
  if (!question?.followUps[input.index]) return undefined;
  recordPractice(deps, input.who, question.id, 'follow_up', input.now, input.source);
  return question;
}

/** "Show follow-up answer": the question, when the decks still have it and that follow-up. */
export function findFollowUp(
  deps: PracticeDeps,
  input: { questionId: string; index: number },
): Question | undefined {
  const question = findQuestion(deps, input.questionId);
  return question?.followUps[input.index] ? question : undefined;
}

/** Again / Hard / Good / Easy after the model answer. */
export function rateRecall(
  deps: PracticeDeps,
  input: { who: Who; questionId: string; rating: RatingName; now: number; source?: PracticeSource },
) {
  const question = findQuestion(deps, input.questionId);
  if (!question) return undefined;
  const rating = ratingValue(input.rating);
  const { teamId, userId } = input.who;
  // A second click on the rating buttons (or a second card for the same question) within a minute
  // does not move the schedule again.
  const card = deps.cards.find(teamId, userId, question.id);
  if (card?.last_review && input.now - card.last_review.getTime() < 60_000) return question;
  deps.atomically(() => {
    deps.practice.record({
      ...input.who,
      questionId: question.id,
      kind: 'rating',
      rating,
      source: input.source ?? 'slack',
      at: input.now,
    });
    deps.cards.save(
      teamId,
      userId,
      question.id,
      nextCard(deps.cards.find(teamId, userId, question.id), rating, input.now),
      input.now,
    );
  });
  return question;
}

/** `/star tips`: the decks' interview tips. */
export function listTips(deps: PracticeDeps): readonly Tips[] {
  return deps.library.tips;
}

/** `/star categories`: each category with how many of its questions this user has practiced. */
export function listCategories(deps: PracticeDeps, who: Who): CategoryProgress[] {
  return categoryProgress(deps.library, deps.practice.practicedIds(who.teamId, who.userId));
}
