import type { Library, Question } from '../domain/deck.js';
import { answeredEvent } from '../domain/practice.js';
import type { ReactionWeights } from '../domain/scoring.js';
import { type StarAnswer, starAnswerText } from '../domain/star.js';
import type { ThreadAnswer } from '../domain/thread-answer.js';
import type { OutboxRepository } from '../storage/outbox-repository.js';
import type { PracticeRepository } from '../storage/practice-repository.js';
import type { ReviewRepository } from '../storage/review-repository.js';
import type { SharedQuestionRepository } from '../storage/shared-question-repository.js';
import type { ThreadAnswerRepository } from '../storage/thread-answer-repository.js';
import type { Who } from './deps.js';
import { scoreEarlyReactions } from './peer-review.js';

export type ThreadDeps = {
  readonly library: Library;
  readonly outbox: OutboxRepository;
  readonly shared: SharedQuestionRepository;
  readonly threadAnswers: ThreadAnswerRepository;
  readonly practice: PracticeRepository;
  readonly reviews: ReviewRepository;
  /** Reaction weights, to score reactions that arrived before their answer. */
  readonly weights: ReactionWeights;
  readonly atomically: <T>(fn: () => T) => T;
};

/** The question a channel thread is about: a daily post or a shared question; else undefined. */
export function questionOfThread(
  deps: ThreadDeps,
  teamId: string,
  channelId: string,
  threadTs: string,
): Question | undefined {
  const id =
    deps.outbox.findByMessage(teamId, channelId, threadTs)?.questionId ??
    deps.shared.find(teamId, channelId, threadTs)?.questionId;
  return id ? deps.library.byId.get(id) : undefined;
}

export type ThreadMessage = {
  readonly teamId: string;
  readonly channelId: string;
  readonly ts: string;
  readonly threadTs: string;
  readonly userId: string;
  readonly text: string;
};

/**
 * A reply in a thread: an answer when the thread is a daily or shared question and the reply is a
 * person's. Recorded once, whatever Slack retries.
 */
export function recordThreadReply(deps: ThreadDeps, reply: ThreadMessage, now: number): boolean {
  if (reply.ts === reply.threadTs) return false;
  const question = questionOfThread(deps, reply.teamId, reply.channelId, reply.threadTs);
  if (!question) return false;
  return deps.atomically(() => {
    const answer = {
      teamId: reply.teamId,
      channelId: reply.channelId,
      messageTs: reply.ts,
      threadTs: reply.threadTs,
      userId: reply.userId,
      questionId: question.id,
      source: 'reply' as const,
      text: reply.text,
      createdAt: now,
    };
    const added = deps.threadAnswers.add(answer);
    if (added) {
      // Reactions that came in before this reply was recorded count now.
      scoreEarlyReactions(deps.reviews, deps.weights, { ...answer, editedAt: null }, now);
      deps.practice.record(answeredEvent(reply, question.id, now));
    }
    return added;
  });
}

/**
 * An edit of an answer. `editTime` is Slack's time of the edit (microseconds): an edit older than
 * the last one applied changes nothing (a redelivered event can arrive after a newer edit).
 */
export function editThreadReply(
  deps: ThreadDeps,
  input: { teamId: string; channelId: string; ts: string; text: string; editTime?: number },
  now: number,
): boolean {
  return deps.threadAnswers.edit(input, now);
}

export function deleteThreadReply(
  deps: ThreadDeps,
  input: { teamId: string; channelId: string; ts: string },
): boolean {
  return deps.atomically(() => {
    const removed = deps.threadAnswers.remove(input.teamId, input.channelId, input.ts);
    // A deleted answer's points and reviews no longer count anywhere.
    if (removed) deps.reviews.forgetAnswer(input.teamId, input.channelId, input.ts);
    return removed;
  });
}

/** Posts a thread answer for its author; implemented at the Slack edge. */
export type ThreadPoster = {
  postThreadAnswer(input: {
    channelId: string;
    threadTs: string;
    question: Question;
    answer: StarAnswer;
    authorId: string;
  }): Promise<{ ts: string }>;
};

/**
 * An answer written in the STAR form and posted by the app in a channel, as a channel answer: its
 * author is the user who wrote it (never the bot). A post at the top of a channel is its own thread.
 */
export function formAnswerPosted(input: {
  teamId: string;
  channelId: string;
  ts: string;
  threadTs?: string;
  userId: string;
  questionId: string;
  answer: StarAnswer;
  now: number;
}): Omit<ThreadAnswer, 'editedAt'> {
  return {
    teamId: input.teamId,
    channelId: input.channelId,
    messageTs: input.ts,
    threadTs: input.threadTs ?? input.ts,
    userId: input.userId,
    questionId: input.questionId,
    source: 'modal',
    text: starAnswerText(input.answer),
    createdAt: input.now,
  };
}

/** "Answer it" under a daily or shared question: the answer goes into the thread under the author's name. */
export async function answerInThread(
  deps: ThreadDeps,
  poster: ThreadPoster,
  input: {
    who: Who;
    channelId: string;
    threadTs: string;
    questionId: string;
    answer: StarAnswer;
    now: number;
  },
): Promise<{ ts: string } | undefined> {
  const question = deps.library.byId.get(input.questionId);
  if (!question) return undefined;
  const { ts } = await poster.postThreadAnswer({
    channelId: input.channelId,
    threadTs: input.threadTs,
    question,
    answer: input.answer,
    authorId: input.who.userId,
  });
  deps.atomically(() => {
    deps.threadAnswers.add(
      formAnswerPosted({
        ...input,
        teamId: input.who.teamId,
        userId: input.who.userId,
        questionId: question.id,
        ts,
      }),
    );
    deps.practice.record(answeredEvent(input.who, question.id, input.now));
  });
  return { ts };
}
