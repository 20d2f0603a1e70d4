import type { Logger, webApi } from '@slack/bolt';
import type { RubricScores } from '../domain/star.js';
import { reviewReceivedMessage } from './blocks/review.js';

/**
 * Tells an answer's author, in a DM, that it was reviewed: the scores, the comment, and a link to
 * the answer when Slack gives one. The review is saved already: a DM Slack refuses is only logged.
 */
export async function tellReviewedAuthor(
  client: webApi.WebClient,
  logger: Logger,
  review: {
    authorId: string;
    reviewerId: string;
    channelId: string;
    messageTs: string;
    scores: RubricScores;
    comment: string;
    replaced: boolean;
  },
): Promise<void> {
  let permalink: string | undefined;
  try {
    permalink = (await client.chat.getPermalink({ channel: review.channelId, message_ts: review.messageTs }))
      .permalink;
  } catch {
    permalink = undefined;
  }
  try {
    await client.chat.postMessage({
      channel: review.authorId,
      ...reviewReceivedMessage({
        reviewerId: review.reviewerId,
        scores: review.scores,
        comment: review.comment,
        permalink,
        replaced: review.replaced,
      }),
    });
  } catch (error) {
    logger.warn('review saved, but its author could not be told:', (error as Error).message);
  }
}
