import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { leavePairs } from '../../../use-cases/pairs.js';
import { pauseForRemovedBot } from '../../../use-cases/subscriptions.js';
import type { SlackDeps } from '../../deps.js';
import { botRemovedSchema, parsed } from '../../envelopes.js';

type Args = SlackEventMiddlewareArgs<'member_left_channel' | 'channel_left' | 'group_left'> &
  AllMiddlewareArgs;

/**
 * The bot left or was removed from a channel: `channel_left` / `group_left` are about the bot
 * itself; `member_left_channel` is about anyone: for the bot, its subscription pauses with that
 * reason instead of posting where replies can no longer reach us; for a person, they leave the
 * channel's mock-interview rounds.
 */
export function botRemoved(deps: SlackDeps) {
  return async ({ event, context, logger }: Args): Promise<void> => {
    const removed = parsed(botRemovedSchema, event);
    const teamId = context.teamId;
    if (!removed || !teamId) return;
    // Someone else left: they take part in no more mock-interview rounds there.
    if (removed.type === 'member_left_channel' && removed.user !== context.botUserId) {
      if (removed.user) leavePairs(deps.pairs, { teamId, userId: removed.user, channelId: removed.channel });
      return;
    }
    if (pauseForRemovedBot(deps.subscriptions, { teamId, channelId: removed.channel })) {
      logger.info(`removed from ${removed.channel}: its question of the day is paused`);
    }
  };
}
