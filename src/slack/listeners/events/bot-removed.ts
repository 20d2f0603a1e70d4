import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { pauseForRemovedBot } from '../../../use-cases/subscriptions.js';
import type { SlackDeps } from '../../deps.js';
import { botRemovedSchema, parsed } from '../../envelopes.js';

type Args = SlackEventMiddlewareArgs<'member_left_channel' | 'channel_left' | 'group_left'> &
  AllMiddlewareArgs;

/**
 * The bot left or was removed from a channel: `channel_left` / `group_left` are about the bot
 * itself; `member_left_channel` is about anyone, so only the bot's own counts. Its subscription
 * pauses with that reason instead of posting where replies can no longer reach us.
 */
export function botRemoved(deps: SlackDeps) {
  return async ({ event, context, logger }: Args): Promise<void> => {
    const removed = parsed(botRemovedSchema, event);
    const teamId = context.teamId;
    if (!removed || !teamId) return;
    if (removed.type === 'member_left_channel' && removed.user !== context.botUserId) return;
    if (pauseForRemovedBot(deps.subscriptions, { teamId, channelId: removed.channel })) {
      logger.info(`removed from ${removed.channel}: its question of the day is paused`);
    }
  };
}
