import { type AnswerKind, answerKind, countsAsAnswer } from '../domain/answer-kind.js';
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
 * A reply in the thread of a daily or shared question, recorded once whatever Slack retries, with
 * its kind (answer-kind.ts). Only an answer scores the reactions it already had and counts as
 * practice; a comment or filler is kept and counts nowhere.
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
      kind: answerKind(reply.text, question.prompt),
      createdAt: now,
    };
    const added = deps.threadAnswers.add(answer);
    if (added && countsAsAnswer(answer.kind)) becameAnswer(deps, { ...answer, editedAt: null }, now);
    return added;
  });
}

/** A reply is now an answer: the reactions it already had score, and it counts as practice. */
function becameAnswer(deps: ThreadDeps, answer: ThreadAnswer, now: number): void {
  scoreEarlyReactions(deps.reviews, deps.weights, answer, now);
  deps.practice.record(
    answeredEvent({ teamId: answer.teamId, userId: answer.userId }, answer.questionId, now),
  );
}

/** What an edit did: nothing, or changed the reply (which may have become an answer with it). */
export type EditOutcome =
  | { readonly applied: false }
  | { readonly applied: true; readonly becameAnswer: boolean; readonly reply: ThreadAnswer };

/**
 * An edit of a reply; its kind is decided again. `editTime` is Slack's time of the edit
 * (microseconds): an edit older than the last one applied changes nothing (a redelivered event can
 * arrive after a newer edit). A comment edited into an answer scores and counts from then on; an
 * answer edited into a comment loses its points (its reactions stay in the ledger).
 */
export function editThreadReply(
  deps: ThreadDeps,
  input: { teamId: string; channelId: string; ts: string; text: string; editTime?: number },
  now: number,
): EditOutcome {
  return deps.atomically(() => {
    const before = deps.threadAnswers.find(input.teamId, input.channelId, input.ts);
    if (!before) return { applied: false };
    const prompt = deps.library.byId.get(before.questionId)?.prompt;
    // The STAR form's text has its labels: it is judged as written, like a reply.
    const kind = answerKind(input.text, prompt);
    if (!deps.threadAnswers.edit({ ...input, kind }, now)) return { applied: false };
    const reply = { ...before, text: input.text, kind, editedAt: now };
    const was = before.kind !== null && countsAsAnswer(before.kind);
    const is = countsAsAnswer(kind);
    if (was && !is) deps.reviews.forgetPoints(input.teamId, input.channelId, input.ts);
    if (!was && is) becameAnswer(deps, reply, now);
    return { applied: true, becameAnswer: !was && is, reply };
  });
}

/**
 * Replies stored before kinds existed get theirs, a batch per transaction (run at start-up, before
 * the app serves). A reply found to be a comment loses any points it had. Returns how many.
 */
export function classifyStoredReplies(deps: ThreadDeps, batch = 500): number {
  let done = 0;
  for (const teamId of deps.threadAnswers.unclassifiedTeams()) {
    for (;;) {
      const rows = deps.threadAnswers.unclassified(teamId, batch);
      if (rows.length === 0) break;
      deps.atomically(() => {
        for (const row of rows) {
          const kind = answerKind(row.text, deps.library.byId.get(row.questionId)?.prompt);
          deps.threadAnswers.setKind(row.teamId, row.channelId, row.messageTs, kind);
          if (!countsAsAnswer(kind)) deps.reviews.forgetPoints(row.teamId, row.channelId, row.messageTs);
        }
      });
      done += rows.length;
    }
  }
  return done;
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
}): Omit<ThreadAnswer, 'editedAt'> & { kind: AnswerKind } {
  const text = starAnswerText(input.answer);
  return {
    teamId: input.teamId,
    channelId: input.channelId,
    messageTs: input.ts,
    threadTs: input.threadTs ?? input.ts,
    userId: input.userId,
    questionId: input.questionId,
    source: 'modal',
    text,
    kind: answerKind(text),
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
    const posted = formAnswerPosted({
      ...input,
      teamId: input.who.teamId,
      userId: input.who.userId,
      questionId: question.id,
      ts,
    });
    deps.threadAnswers.add(posted);
    if (countsAsAnswer(posted.kind)) deps.practice.record(answeredEvent(input.who, question.id, input.now));
  });
  return { ts };
}
