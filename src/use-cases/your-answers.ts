import { analyseAnswer, type CoachReport } from '../domain/coach.js';
import type { ReceivedReview } from '../domain/review.js';
import type { SavedAnswer } from '../domain/saved-answer.js';
import type { StarAnswer } from '../domain/star.js';
import type { ThreadAnswer } from '../domain/thread-answer.js';
import type { AnswerLocation, YourAnswerRef } from '../domain/your-answer-ref.js';
import { coachStarAnswer } from './coaching.js';
import type { PracticeDeps, Who } from './deps.js';
import type { ReviewDeps } from './peer-review.js';

/** What the list and the full answer read: the decks and the user's answers. */
type AnswerDeps = Pick<PracticeDeps, 'library' | 'answers' | 'threadAnswers'>;

/** One of the user's answers, as the App Home lists it. */
export type YourAnswer = {
  /** How to ask for it again (the Home's "Open" button carries it). */
  readonly ref: YourAnswerRef;
  readonly questionId: string;
  /** The question's prompt; undefined when the question is no longer in the decks. */
  readonly prompt: string | undefined;
  /** When it was written. */
  readonly at: number;
  readonly location: AnswerLocation;
};

/** An answer in full, for its author: as written, what the coach makes of it, and its reviews. */
export type YourAnswerInFull = YourAnswer & {
  /** The STAR form's four parts (a private answer), or the message's text (an answer in a thread). */
  readonly content:
    | { readonly kind: 'star'; readonly answer: StarAnswer }
    | { readonly kind: 'text'; readonly text: string };
  readonly coach: CoachReport;
  /** Teammates' rubric reviews, the latest first; none for an answer that was never in a channel. */
  readonly reviews: readonly ReceivedReview[];
};

/** How many answers the App Home lists. */
const yourAnswersShown = 10;

function fromSaved(deps: AnswerDeps, answer: SavedAnswer): YourAnswer {
  return {
    ref: { kind: 'private', id: answer.id },
    questionId: answer.questionId,
    prompt: deps.library.byId.get(answer.questionId)?.prompt,
    at: answer.createdAt,
    location:
      answer.postedChannelId !== null && answer.postedTs !== null
        ? { kind: 'channel', channelId: answer.postedChannelId, ts: answer.postedTs }
        : { kind: 'private' },
  };
}

function fromThread(deps: AnswerDeps, answer: ThreadAnswer): YourAnswer {
  const inThread = answer.threadTs !== answer.messageTs;
  return {
    ref: { kind: 'channel', channelId: answer.channelId, ts: answer.messageTs },
    questionId: answer.questionId,
    prompt: deps.library.byId.get(answer.questionId)?.prompt,
    at: answer.createdAt,
    location: {
      kind: 'channel',
      channelId: answer.channelId,
      ts: answer.messageTs,
      ...(inThread ? { threadTs: answer.threadTs } : {}),
    },
  };
}

/**
 * The user's latest answers, newest first: those saved privately with the STAR form and their own
 * answers in channel threads (answers only, by the one rule of answer-kind.ts: no comments, no
 * filler). A private answer its author posted to a channel is listed once, where it was posted.
 */
export function yourAnswers(deps: AnswerDeps, who: Who, limit = yourAnswersShown): YourAnswer[] {
  const saved = deps.answers.latestOf(who.teamId, who.userId, limit).map((a) => fromSaved(deps, a));
  const inThreads = deps.threadAnswers
    .latestAnswersOf(who.teamId, who.userId, limit)
    .map((a) => fromThread(deps, a));
  return [...saved, ...inThreads].sort((a, b) => b.at - a.at).slice(0, limit);
}

/** Where a channel answer's reviews are: a thread answer's own message, or where a private answer was posted. */
function reviewsAt(
  reviews: Pick<ReviewDeps, 'reviews'>,
  who: Who,
  location: AnswerLocation,
): ReceivedReview[] {
  if (location.kind === 'private') return [];
  return reviews.reviews.reviewsOf(who.teamId, location.channelId, location.ts, who.userId);
}

/**
 * One of the caller's answers in full, found by `ref` with the caller's workspace and user only:
 * an answer of anyone else, in any workspace, or a comment, is not found (undefined). The coach
 * reads it as it read it when it was written: the STAR form as a spoken answer, a thread reply as a
 * written summary.
 */
export function openYourAnswer(
  practice: AnswerDeps,
  reviews: Pick<ReviewDeps, 'reviews'>,
  input: { who: Who; ref: YourAnswerRef },
): YourAnswerInFull | undefined {
  const { who, ref } = input;
  if (ref.kind === 'private') {
    const answer = practice.answers.findOwn(who.teamId, who.userId, ref.id);
    if (!answer) return undefined;
    const listed = fromSaved(practice, answer);
    return {
      ...listed,
      content: { kind: 'star', answer },
      coach: coachStarAnswer(answer),
      reviews: reviewsAt(reviews, who, listed.location),
    };
  }
  const answer = practice.threadAnswers.findOwnAnswer(who.teamId, who.userId, ref.channelId, ref.ts);
  if (!answer) return undefined;
  const listed = fromThread(practice, answer);
  return {
    ...listed,
    content: { kind: 'text', text: answer.text },
    // A reply written in the thread is a written summary; one posted from the STAR form is the full answer.
    coach: analyseAnswer(
      { text: answer.text },
      {
        where: answer.source === 'modal' ? 'practice' : 'thread',
        kind: 'answer',
        ...(listed.prompt ? { question: listed.prompt } : {}),
      },
    ),
    reviews: reviewsAt(reviews, who, listed.location),
  };
}
