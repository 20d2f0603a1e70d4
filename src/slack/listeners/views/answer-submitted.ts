import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { starAnswerSchema, starParts } from '../../../domain/star.js';
import { saveAnswer } from '../../../use-cases/answer-question.js';
import { postAnswerInThread, showSavedAnswer } from '../../answer-delivery.js';
import { answerSavedCard } from '../../blocks/question-card.js';
import { answerModalMetadataSchema, decode } from '../../card-state.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { refreshHome } from '../../home-publisher.js';
import { fieldErrors, formValues } from './modal-form.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The STAR modal was submitted: invalid parts go back to the modal as errors (through ack). A valid
 * answer goes into its thread (a daily or shared question), or is saved privately and then shown in
 * place of the card it came from.
 */
export function answerSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client, logger, context }: Args): Promise<void> => {
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
    const parsed = starAnswerSchema.safeParse(formValues(view, starParts));
    if (!parsed.success) {
      await ack(fieldErrors(parsed.error));
      return;
    }
    const answer = parsed.data;
    const who = actingUser(context, body.user.id);
    if (metadata.t && metadata.c) {
      await ack();
      await postAnswerInThread(deps, client, logger, {
        who,
        channelId: metadata.c,
        threadTs: metadata.t,
        questionId: metadata.q,
        answer,
      });
      return;
    }
    const saved = saveAnswer(deps.practice, { who, questionId: metadata.q, answer, now: deps.now() });
    if (!saved) {
      await ack({
        response_action: 'errors',
        errors: { situation: 'This question is no longer in the decks, so the answer cannot be saved.' },
      });
      return;
    }
    await ack();
    await refreshHome(deps, client, who, logger);
    await showSavedAnswer(
      client,
      logger,
      { userId: who.userId, responseUrl: metadata.u, channelId: metadata.c },
      answerSavedCard(saved.question, answer, saved.answerId, metadata.f, {
        share: metadata.c !== undefined,
      }),
    );
  };
}
