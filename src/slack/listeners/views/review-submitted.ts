import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { rubricReviewSchema, starParts } from '../../../domain/star.js';
import { submitReview } from '../../../use-cases/peer-review.js';
import { reviewRefusalText } from '../../blocks/review.js';
import { decode, reviewModalMetadataSchema } from '../../card-state.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { tellReviewedAuthor } from '../../review-notice.js';
import { fieldErrors, formValues } from './modal-form.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The rubric modal was submitted: problems go back to the modal (through ack); a review is saved
 * (replacing the reviewer's earlier one) and its author gets a DM with the scores and the comment.
 */
export function reviewSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client, logger, context }: Args): Promise<void> => {
    const metadata = decode(reviewModalMetadataSchema, view.private_metadata);
    if (!metadata) {
      await ack({
        response_action: 'errors',
        errors: { comment: 'This form is out of date or was changed. Close it and try again.' },
      });
      return;
    }
    const parsed = rubricReviewSchema.safeParse(formValues(view, [...starParts, 'comment']));
    if (!parsed.success) {
      await ack(fieldErrors(parsed.error));
      return;
    }
    const { comment, ...scores } = parsed.data;
    const who = actingUser(context, body.user.id);
    const saved = submitReview(deps.reviews, {
      who,
      channelId: metadata.c,
      messageTs: metadata.ts,
      scores,
      comment,
      now: deps.now(),
    });
    if (!saved.ok) {
      await ack({ response_action: 'errors', errors: { comment: reviewRefusalText(saved.reason) } });
      return;
    }
    await ack();
    await tellReviewedAuthor(client, logger, {
      authorId: saved.answer.userId,
      reviewerId: who.userId,
      channelId: metadata.c,
      messageTs: metadata.ts,
      scores,
      comment,
      replaced: saved.replaced,
    });
  };
}
