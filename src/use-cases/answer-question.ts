import { countsAsAnswer, starAnswerKind } from '../domain/answer-kind.js';
import type { Question } from '../domain/deck.js';
import { answeredEvent } from '../domain/practice.js';
import type { SavedAnswer } from '../domain/saved-answer.js';
import type { StarAnswer } from '../domain/star.js';
import type { ChannelAccess, PracticeDeps, Who } from './deps.js';
import { formAnswerPosted } from './thread-answers.js';

/**
 * "Answer it": the answer is saved privately, in one transaction with a practice event when it
 * counts as an answer (filler in the four fields is kept, and counts as no practice).
 */
export function saveAnswer(
  deps: PracticeDeps,
  input: { who: Who; questionId: string; answer: StarAnswer; now: number },
): { question: Question; answerId: number } | undefined {
  const question = deps.library.byId.get(input.questionId);
  if (!question) return undefined;
  const answerId = deps.atomically(() => {
    const id = deps.answers.save({ ...input.who, questionId: question.id, at: input.now, ...input.answer });
    if (countsAsAnswer(starAnswerKind(input.answer)))
      deps.practice.record(answeredEvent(input.who, question.id, input.now));
    return id;
  });
  return { question, answerId };
}

/** Posts messages to channels; implemented at the Slack edge. */
export type ChannelPoster = {
  postQuestion(input: { channelId: string; question: Question; sharedBy: string }): Promise<{ ts: string }>;
  postAnswer(input: { channelId: string; question: Question; answer: SavedAnswer }): Promise<{ ts: string }>;
};

/** The bot cannot be in the channel (Slack's code: `channel_not_found` for a private one it is not in). */
export type NoAccess = { kind: 'no-access'; code: string };

export type PostAnswerResult =
  | NoAccess
  | { kind: 'posted'; channelId: string; ts: string }
  | { kind: 'already-posted'; channelId: string; ts: string }
  | { kind: 'in-progress' }
  | { kind: 'not-found' };

/**
 * "Post my answer to channel": only the author can post it, and only once, however often they click;
 * only where the bot is (or can join), so that teammates' reactions and reviews reach it.
 */
export async function postAnswer(
  deps: PracticeDeps,
  poster: ChannelPoster & ChannelAccess,
  input: { who: Who; answerId: number; channelId: string; now: number },
): Promise<PostAnswerResult> {
  const membership = await poster.ensureMember(input.channelId);
  if (!membership.ok) return { kind: 'no-access', code: membership.code };
  const { teamId } = input.who;
  const answer = deps.answers.find(teamId, input.answerId);
  const question = answer ? deps.library.byId.get(answer.questionId) : undefined;
  if (!answer || !question || answer.userId !== input.who.userId) return { kind: 'not-found' };
  if (answer.postedChannelId && answer.postedTs) {
    return { kind: 'already-posted', channelId: answer.postedChannelId, ts: answer.postedTs };
  }
  if (!deps.answers.claimPosting(teamId, answer.id, input.now)) return { kind: 'in-progress' };
  try {
    const { ts } = await poster.postAnswer({ channelId: input.channelId, question, answer });
    deps.atomically(() => {
      deps.answers.markPosted(teamId, answer.id, input.channelId, ts);
      // Now teammates can react to it and review it like any answer in the channel.
      deps.threadAnswers.add(
        formAnswerPosted({
          teamId,
          channelId: input.channelId,
          ts,
          userId: answer.userId,
          questionId: question.id,
          answer,
          now: input.now,
        }),
      );
    });
    return { kind: 'posted', channelId: input.channelId, ts };
  } catch (error) {
    deps.answers.releasePosting(teamId, answer.id);
    throw error;
  }
}

export type ShareResult =
  | NoAccess
  | { kind: 'shared'; question: Question; ts: string }
  | { kind: 'already-shared'; ts: string | null }
  | { kind: 'not-found' };

/** A question is shared to a channel at most once in this long. */
const shareWindowMs = 24 * 60 * 60_000;

/**
 * "Post to channel": shares the question so the team can answer in its thread; once a day per
 * channel, and only where the bot is (or can join), since the answers come back as thread replies.
 */
export async function shareQuestion(
  deps: PracticeDeps,
  poster: ChannelPoster & ChannelAccess,
  input: { who: Who; questionId: string; channelId: string; now: number },
): Promise<ShareResult> {
  const membership = await poster.ensureMember(input.channelId);
  if (!membership.ok) return { kind: 'no-access', code: membership.code };
  const { teamId, userId } = input.who;
  const question = deps.library.byId.get(input.questionId);
  if (!question) return { kind: 'not-found' };
  const claim = deps.atomically(() =>
    deps.shared.claim({
      teamId,
      channelId: input.channelId,
      questionId: question.id,
      sharedBy: userId,
      at: input.now,
      since: input.now - shareWindowMs,
    }),
  );
  if (!claim.claimed) return { kind: 'already-shared', ts: claim.ts };
  try {
    const { ts } = await poster.postQuestion({ channelId: input.channelId, question, sharedBy: userId });
    deps.shared.markPosted(teamId, claim.id, ts);
    return { kind: 'shared', question, ts };
  } catch (error) {
    deps.shared.release(teamId, claim.id);
    throw error;
  }
}
