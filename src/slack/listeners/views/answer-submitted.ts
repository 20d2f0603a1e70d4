import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { type StarAnswer, starAnswerText } from '../../../domain/answer.js';
import { saveAnswer } from '../../../use-cases/answer-question.js';
import type { Who } from '../../../use-cases/deps.js';
import { answerInThread } from '../../../use-cases/thread-answers.js';
import { answerPartMax } from '../../blocks/answer-modal.js';
import { answerSavedCard } from '../../blocks/question-card.js';
import { answerModalMetadataSchema, decode } from '../../card-state.js';
import { channelPoster } from '../../channel-poster.js';
import { sendCoaching } from '../../coaching.js';
import type { SlackDeps } from '../../deps.js';
import { refreshHome } from '../../home-publisher.js';
import { type AnswerInput, answerInputs } from '../../ids.js';
import { sendToResponseUrl } from '../../response-url.js';
import { postFailureText, slackErrorCode } from '../../slack-errors.js';
import { whoClicked } from '../actions/card-action.js';
import { fieldErrors } from './field-errors.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const part = z
  .string()
  .trim()
  .min(3, 'Write at least a few words.')
  .max(answerPartMax, `Keep it under ${answerPartMax} characters.`);

const answerSchema = z.object({ situation: part, task: part, action: part, result: part });

function fieldValues(view: ViewSubmitAction['view']): Record<AnswerInput, unknown> {
  const values = view.state.values;
  return Object.fromEntries(
    answerInputs.map((input) => [input, values[input]?.[input]?.value ?? '']),
  ) as Record<AnswerInput, unknown>;
}

/**
 * The STAR modal was submitted: invalid parts go back to the modal as errors (through ack); a valid
 * answer is saved privately, then shown in place of the card it came from.
 */
export function answerSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client, logger }: Args): Promise<void> => {
    const metadata = decode(answerModalMetadataSchema, view.private_metadata);
    if (!metadata) {
      await ack({
        response_action: 'errors',
        errors: {
          situation: 'This form is out of date or was changed. Close it and click "Answer it" again.',
        },
      });
      return;
    }
    const parsed = answerSchema.safeParse(fieldValues(view));
    if (!parsed.success) {
      await ack({ response_action: 'errors', errors: fieldErrors(parsed.error) });
      return;
    }
    const who = whoClicked(body);
    if (metadata.t && metadata.c) {
      await ack();
      await postInThread(deps, {
        client,
        logger,
        who,
        channelId: metadata.c,
        threadTs: metadata.t,
        questionId: metadata.q,
        answer: parsed.data,
      });
      return;
    }
    const saved = saveAnswer(deps.practice, {
      who,
      questionId: metadata.q,
      answer: parsed.data,
      now: deps.now(),
    });
    if (!saved) {
      await ack({
        response_action: 'errors',
        errors: { situation: 'This question is no longer in the decks, so the answer cannot be saved.' },
      });
      return;
    }
    await ack();
    await refreshHome(deps, client, who, logger);
    const card = answerSavedCard(saved.question, parsed.data, saved.answerId, metadata.f, {
      share: metadata.c !== undefined,
    });
    if (
      metadata.u &&
      (await sendToResponseUrl(metadata.u, { replace_original: true, response_type: 'ephemeral', ...card }))
    ) {
      return;
    }
    // The card's response_url expired (30 minutes): show the saved answer where we still can.
    try {
      if (!metadata.c) throw new Error('no channel');
      await client.chat.postEphemeral({ channel: metadata.c, user: who.userId, ...card });
    } catch {
      logger.info('answer saved; showing it in a direct message');
      await client.chat.postMessage({ channel: who.userId, ...card });
    }
  };
}

/** Posts the answer into the thread under its author's name; if Slack refuses, the author gets it back in a DM. */
async function postInThread(
  deps: SlackDeps,
  input: {
    client: Args['client'];
    logger: Args['logger'];
    who: Who;
    channelId: string;
    threadTs: string;
    questionId: string;
    answer: StarAnswer;
  },
): Promise<void> {
  let posted: { ts: string } | undefined;
  try {
    posted = await answerInThread(deps.threads, channelPoster(input.client), { ...input, now: deps.now() });
  } catch (error) {
    const code = slackErrorCode(error);
    await input.client.chat.postMessage({
      channel: input.who.userId,
      text: `${postFailureText(code)}\nYour answer, so nothing is lost:\n${starAnswerText(input.answer)}`,
    });
    if (code === undefined) throw error;
    return;
  }
  if (!posted) return;
  // The answer is in the thread; coaching that fails now is only logged, never reported as a lost answer.
  try {
    await sendCoaching(deps, input.client, {
      teamId: input.who.teamId,
      channelId: input.channelId,
      ts: posted.ts,
      threadTs: input.threadTs,
      userId: input.who.userId,
      text: starAnswerText(input.answer),
    });
  } catch (error) {
    input.logger.warn('answer posted, but its coaching could not be sent:', (error as Error).message);
  }
}
