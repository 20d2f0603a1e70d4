import type { Question } from '../../domain/deck.js';
import type { StarAnswer } from '../../domain/star.js';
import { encode } from '../card-state.js';
import { actions } from '../ids.js';
import { actionsBlock, button, context, type Message, message, postsOf, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { promptBlocks, questionMeta, starAnswerBlocks } from './question-card.js';

/**
 * A question posted in a channel (the question of the day, or one shared with "Post to channel"):
 * the team answers in its thread; "Show model answer" is private to whoever clicks; "Answer it"
 * opens the STAR form whose answer goes into the thread.
 */
export function channelQuestionMessage(
  question: Question,
  intro: { text: string; context: string; blockId: string },
): Message {
  return message(
    `${intro.text}: ${escapeMrkdwn(question.prompt)}`,
    [
      context(intro.context),
      ...promptBlocks(question),
      context(questionMeta(question)),
      ...sections(
        ':thread: *Answer in the thread* — Situation, Task, Action, Result. Teammates can react to score it.',
      ),
    ],
    [
      actionsBlock(intro.blockId, [
        button('Show model answer', actions.showAnswer, encode({ q: question.id, a: 1 })),
        button('Answer it', actions.answerInThread, encode({ q: question.id }), 'primary'),
      ]),
    ],
  );
}

/** A question shared with "Post to channel". */
export function sharedQuestionMessage(question: Question, sharedBy: string): Message {
  return channelQuestionMessage(question, {
    text: 'Practice question',
    context: `<@${sharedBy}> shared a practice question`,
    blockId: 'shared_question',
  });
}

/**
 * An answer posted from the STAR form (to a channel or a thread): teammates react to it or review
 * it. A long answer (four parts of up to 3,000 characters) is more than Slack takes in one post: it
 * continues in the thread, and the first message — the one that scores — keeps the Review button.
 */
export function postedAnswerMessages(question: Question, answer: StarAnswer, authorId: string): Message[] {
  return postsOf(
    `STAR answer by <@${authorId}>: ${escapeMrkdwn(question.prompt)}`,
    starAnswerBlocks(answer),
    {
      first: [
        context(`:star: STAR answer by <@${authorId}>`),
        ...sections(`*${escapeMrkdwn(question.prompt)}*`),
      ],
      trailing: [
        context('React to score it, or review each STAR part:'),
        actionsBlock('answer_review', [button('Review', actions.review, 'review')]),
      ],
      continued: (n, total) => context(`:star: STAR answer by <@${authorId}>, continued (${n} of ${total})`),
    },
  );
}
