import type { SlackDeps } from '../../deps.js';
import { openReview } from '../shortcuts/open-review.js';
import {
  type ButtonArgs,
  clickedIn,
  clickedMessageTs,
  staleCardText,
  tellPrivately,
  whoClicked,
} from './card-action.js';

/** "Review" under a posted answer: the rubric modal for that answer. */
export function reviewButton(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const channelId = clickedIn(args.body);
    const messageTs = clickedMessageTs(args.body);
    if (!channelId || !messageTs) return tellPrivately(args, staleCardText);
    const result = await openReview(deps, {
      client: args.client,
      who: whoClicked(args),
      channelId,
      messageTs,
      triggerId: args.body.trigger_id,
    });
    if (!result.opened) await tellPrivately(args, result.text);
  };
}
