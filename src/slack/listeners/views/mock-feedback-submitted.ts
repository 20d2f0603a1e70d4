import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { rubricReviewSchema, starParts } from '../../../domain/star.js';
import { giveMockFeedback } from '../../../use-cases/pairs.js';
import { mockFeedbackReceived } from '../../blocks/pairs.js';
import { decode } from '../../card-state.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { refreshHome } from '../../home-publisher.js';
import { fieldErrors, formValues } from './modal-form.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadataSchema = z.object({ g: z.number().int().positive() });

/**
 * The interviewer's scores were submitted: problems go back to the window; the feedback is saved
 * (a second replaces the first; the group counts as met), the candidate gets it in a DM and sees it
 * in their App Home's peer rubric.
 */
export function mockFeedbackSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client, logger, context }: Args): Promise<void> => {
    const metadata = decode(metadataSchema, view.private_metadata);
    const parsed = rubricReviewSchema.safeParse(formValues(view, [...starParts, 'comment']));
    if (!metadata) {
      await ack({
        response_action: 'errors',
        errors: { comment: 'This form is out of date. Close it and try again.' },
      });
      return;
    }
    if (!parsed.success) {
      await ack(fieldErrors(parsed.error));
      return;
    }
    const { comment, ...scores } = parsed.data;
    const who = actingUser(context, body.user.id);
    const given = giveMockFeedback(deps.pairs, {
      ...who,
      groupId: metadata.g,
      scores,
      comment,
      now: deps.now(),
    });
    if (!given) {
      await ack({
        response_action: 'errors',
        errors: { comment: 'You interview nobody in this group, so there is no one to score.' },
      });
      return;
    }
    await ack();
    try {
      await client.chat.postMessage({
        channel: given.candidate,
        ...mockFeedbackReceived({ interviewerId: who.userId, question: given.question, scores, comment }),
      });
    } catch (error) {
      logger.warn('could not send the mock interview feedback DM:', (error as Error).message);
    }
    await refreshHome(deps, client, { teamId: who.teamId, userId: given.candidate }, logger);
  };
}
