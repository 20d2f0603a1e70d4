import type { StarAnswer } from '../../domain/answer.js';
import type { Question } from '../../domain/deck.js';
import { encode } from '../card-state.js';
import { actions } from '../ids.js';
import { actionsBlock, button, context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { promptBlocks, questionMeta, starAnswerBlocks } from './question-card.js';

/** A question shared with "Post to channel": the team answers in its thread. */
export function sharedQuestionMessage(question: Question, sharedBy: string): Message {
  return message(
    `Practice question: ${escapeMrkdwn(question.prompt)}`,
    [
      context(`<@${sharedBy}> shared a practice question`),
      ...promptBlocks(question),
      context(questionMeta(question)),
      ...sections(
        ':thread: *Answer in the thread* — Situation, Task, Action, Result. Teammates can react to score it.',
      ),
    ],
    [
      actionsBlock('shared_question', [
        button('Show model answer', actions.showAnswer, encode({ q: question.id, a: 1 })),
        button('Answer it', actions.answerInThread, encode({ q: question.id }), 'primary'),
      ]),
    ],
  );
}

/** An answer posted from the STAR form (to a channel or a thread): teammates react or review it. */
export function postedAnswerMessage(question: Question, answer: StarAnswer, authorId: string): Message {
  return message(
    `STAR answer by <@${authorId}>: ${escapeMrkdwn(question.prompt)}`,
    [
      context(`:star: STAR answer by <@${authorId}>`),
      ...sections(`*${escapeMrkdwn(question.prompt)}*`),
      ...starAnswerBlocks(answer),
    ],
    [
      context('React to score it, or review each STAR part:'),
      actionsBlock('answer_review', [button('Review', actions.review, 'review')]),
    ],
  );
}
