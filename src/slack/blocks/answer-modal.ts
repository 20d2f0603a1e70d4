import type { types } from '@slack/bolt';
import type { Question } from '../../domain/deck.js';
import { type AnswerModalMetadata, encode } from '../card-state.js';
import { type AnswerInput, answerInputs, views } from '../ids.js';
import { context, escapedClip, plain } from './kit.js';

/** The longest answer part we accept (Slack's plain_text_input allows up to 3000). */
export const answerPartMax = 3000;

const hints: Record<AnswerInput, [label: string, placeholder: string]> = {
  situation: ['Situation', 'Where and when; what was at stake. Keep it short.'],
  task: ['Task', 'What you had to do, and why it was yours.'],
  action: ['Action', 'What you did — "I", not "we" — with the tradeoffs you weighed.'],
  result: ['Result', 'What changed, in numbers; what you learned.'],
};

export function answerModal(question: Question, metadata: AnswerModalMetadata): types.ModalView {
  const inThread = metadata.t !== undefined;
  return {
    type: 'modal',
    callback_id: views.answer,
    private_metadata: encode(metadata),
    title: plain('Answer it'),
    submit: plain(inThread ? 'Post in thread' : 'Save answer'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapedClip(question.prompt, 2900)}*` } },
      context(
        inThread
          ? 'Posted in the thread under your name, for your teammates to review.'
          : 'Saved privately: only you see it, unless you post it afterwards.',
      ),
      ...answerInputs.map(
        (part): types.InputBlock => ({
          type: 'input',
          block_id: part,
          label: plain(hints[part][0]),
          element: {
            type: 'plain_text_input',
            action_id: part,
            multiline: true,
            max_length: answerPartMax,
            placeholder: plain(hints[part][1]),
          },
        }),
      ),
    ],
  };
}
