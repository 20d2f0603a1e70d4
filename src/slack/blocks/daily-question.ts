import type { Question } from '../../domain/deck.js';
import { encode } from '../card-state.js';
import { actions } from '../ids.js';
import { actionsBlock, button, context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { promptBlocks, questionMeta } from './question-card.js';

function dayLabel(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/** The question of the day in a channel: the team answers in its thread. */
export function dailyQuestionMessage(question: Question, localDate: string): Message {
  return message(
    `Question of the day: ${escapeMrkdwn(question.prompt)}`,
    [
      context(`:sunrise: *Question of the day* · ${dayLabel(localDate)}`),
      ...promptBlocks(question),
      context(questionMeta(question)),
      ...sections(
        ':thread: *Answer in the thread* — Situation, Task, Action, Result. Teammates can react to score it.',
      ),
    ],
    [
      actionsBlock('daily_question', [
        button('Show model answer', actions.showAnswer, encode({ q: question.id, a: 1 })),
        button('Answer it', actions.answerInThread, encode({ q: question.id }), 'primary'),
      ]),
    ],
  );
}
