import type { Question } from '../domain/deck.js';
import type { SavedAnswer, StarAnswer } from '../storage/answer-repository.js';
import type { PracticeDeps, Who } from './deps.js';

/** "Answer it": the answer is saved privately, with a practice event, in one transaction. */
export function saveAnswer(
  deps: PracticeDeps,
  input: { who: Who; questionId: string; answer: StarAnswer; now: number },
): { question: Question; answerId: number } | undefined {
  const question = deps.library.byId.get(input.questionId);
  if (!question) return undefined;
  const answerId = deps.atomically(() => {
    const id = deps.answers.save({ ...input.who, questionId: question.id, at: input.now, ...input.answer });
    deps.practice.record({
      ...input.who,
      questionId: question.id,
      kind: 'answer',
      rating: null,
      source: 'slack',
      at: input.now,
    });
    return id;
  });
  return { question, answerId };
}

/** Posts messages to channels; implemented at the Slack edge. */
export type ChannelPoster = {
  postQuestion(input: { channelId: string; question: Question; sharedBy: string }): Promise<{ ts: string }>;
  postAnswer(input: { channelId: string; question: Question; answer: SavedAnswer }): Promise<{ ts: string }>;
};

export type PostAnswerResult =
  | { kind: 'posted'; channelId: string; ts: string }
  | { kind: 'already-posted'; channelId: string; ts: string }
  | { kind: 'not-found' };

/** "Post my answer to channel": only the author can post it, and only once. */
export async function postAnswer(
  deps: PracticeDeps,
  poster: ChannelPoster,
  input: { who: Who; answerId: number; channelId: string },
): Promise<PostAnswerResult> {
  const answer = deps.answers.find(input.who.teamId, input.answerId);
  const question = answer ? deps.library.byId.get(answer.questionId) : undefined;
  if (!answer || !question || answer.userId !== input.who.userId) return { kind: 'not-found' };
  if (answer.postedChannelId && answer.postedTs) {
    return { kind: 'already-posted', channelId: answer.postedChannelId, ts: answer.postedTs };
  }
  const { ts } = await poster.postAnswer({ channelId: input.channelId, question, answer });
  deps.answers.markPosted(input.who.teamId, answer.id, input.channelId, ts);
  return { kind: 'posted', channelId: input.channelId, ts };
}

/** "Post to channel": shares the question so the team can answer in its thread. */
export async function shareQuestion(
  deps: PracticeDeps,
  poster: ChannelPoster,
  input: { who: Who; questionId: string; channelId: string; now: number },
): Promise<{ question: Question; ts: string } | undefined> {
  const question = deps.library.byId.get(input.questionId);
  if (!question) return undefined;
  const { ts } = await poster.postQuestion({
    channelId: input.channelId,
    question,
    sharedBy: input.who.userId,
  });
  deps.shared.record({
    teamId: input.who.teamId,
    channelId: input.channelId,
    ts,
    questionId: question.id,
    sharedBy: input.who.userId,
    at: input.now,
  });
  return { question, ts };
}
