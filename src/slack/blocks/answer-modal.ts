import type { types } from '@slack/bolt';
import type { Question } from '../../domain/deck.js';
import { answerPartMax, type StarPart, starLabels, starParts } from '../../domain/star.js';
import { type AnswerModalMetadata, encode } from '../card-state.js';
import { views } from '../ids.js';
import { context, escapedClip, plain } from './kit.js';

const placeholders: Record<StarPart, string> = {
  situation: 'Where and when; what was at stake. Keep it short.',
  task: 'What you had to do, and why it was yours.',
  action: 'What you did — "I", not "we" — with the tradeoffs you weighed.',
  result: 'What changed, in numbers; what you learned.',
};

/**
 * The STAR form: one input per part, whose block_id and action_id are the part's name, so the
 * submission reads back as a StarAnswer (domain/star.ts).
 */
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
      ...starParts.map(
        (part): types.InputBlock => ({
          type: 'input',
          block_id: part,
          label: plain(starLabels[part]),
          element: {
            type: 'plain_text_input',
            action_id: part,
            multiline: true,
            max_length: answerPartMax,
            placeholder: plain(placeholders[part]),
          },
        }),
      ),
    ],
  };
}
