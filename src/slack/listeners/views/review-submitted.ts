import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { rubricParts } from '../../../domain/scoring.js';
import { submitReview } from '../../../use-cases/peer-review.js';
import { reviewCommentMax, reviewReceivedMessage, reviewRefusalText } from '../../blocks/review.js';
import { decode } from '../../card-state.js';
import type { SlackDeps } from '../../deps.js';
import { whoClicked } from '../actions/card-action.js';
import { fieldErrors } from './field-errors.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadataSchema = z.object({ c: z.string().min(1).max(40), ts: z.string().regex(/^\d+\.\d+$/) });
const score = z.coerce
  .number({ error: 'Pick a score from 1 to 5.' })
  .int()
  .min(1, 'Pick a score from 1 to 5.')
  .max(5);
const reviewSchema = z.object({
  situation: score,
  task: score,
  action: score,
  result: score,
  comment: z
    .string()
    .trim()
    .min(3, 'Say what would make it stronger.')
    .max(reviewCommentMax, `Keep it under ${reviewCommentMax} characters.`),
});

/**
 * The rubric modal was submitted: problems go back to the modal (through ack); a review is saved
 * (replacing the reviewer's earlier one) and its author gets a DM with the scores and the comment.
 */
export function reviewSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client, logger }: Args): Promise<void> => {
    const metadata = decode(metadataSchema, view.private_metadata);
    if (!metadata) {
      await ack({
        response_action: 'errors',
        errors: { comment: 'This form is out of date or was changed. Close it and try again.' },
      });
      return;
    }
    const values = view.state.values;
    const parsed = reviewSchema.safeParse({
      ...Object.fromEntries(
        rubricParts.map((part) => [part, values[part]?.[part]?.selected_option?.value ?? '']),
      ),
      comment: values.comment?.comment?.value ?? '',
    });
    if (!parsed.success) {
      await ack({ response_action: 'errors', errors: fieldErrors(parsed.error) });
      return;
    }
    const { comment, ...scores } = parsed.data;
    const who = whoClicked(body);
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
    let permalink: string | undefined;
    try {
      permalink = (await client.chat.getPermalink({ channel: metadata.c, message_ts: metadata.ts }))
        .permalink;
    } catch {
      permalink = undefined;
    }
    try {
      await client.chat.postMessage({
        channel: saved.answer.userId,
        ...reviewReceivedMessage({
          reviewerId: who.userId,
          scores,
          comment,
          permalink,
          replaced: saved.replaced,
        }),
      });
    } catch (error) {
      logger.warn('review saved, but its author could not be told:', (error as Error).message);
    }
  };
}
