import type { webApi } from '@slack/bolt';
import type { Who } from '../../../use-cases/deps.js';
import { reviewTarget } from '../../../use-cases/peer-review.js';
import { reviewModal, reviewRefusalText } from '../../blocks/review.js';
import type { SlackDeps } from '../../deps.js';

/**
 * Opens the rubric modal for a message, or says why not (not an answer, or the caller's own).
 * Used by the "Review" button and the "Review STAR answer" message shortcut.
 */
export async function openReview(
  deps: SlackDeps,
  input: { client: webApi.WebClient; who: Who; channelId: string; messageTs: string; triggerId: string },
): Promise<{ opened: true } | { opened: false; text: string }> {
  const target = reviewTarget(deps.reviews, input);
  if (!target.ok) return { opened: false, text: reviewRefusalText(target.reason) };
  await input.client.views.open({
    trigger_id: input.triggerId,
    view: reviewModal({
      authorId: target.answer.userId,
      excerpt: target.answer.text,
      channelId: input.channelId,
      messageTs: input.messageTs,
    }),
  });
  return { opened: true };
}
