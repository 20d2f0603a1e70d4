import type { webApi } from '@slack/bolt';
import { slackErrorCode } from './slack-errors.js';

/**
 * The bot must be in a channel to receive its thread replies (message.channels / message.groups
 * events only come from channels the app is in) and to look up its own posts. A public channel is
 * joined; a private one needs an invitation.
 */
export async function ensureBotInChannel(
  client: webApi.WebClient,
  channelId: string,
): Promise<'member' | 'joined' | 'needs-invite'> {
  try {
    const channel = (await client.conversations.info({ channel: channelId })).channel;
    if (channel?.is_member) return 'member';
    if (!channel || channel.is_private) return 'needs-invite';
    await client.conversations.join({ channel: channelId });
    return 'joined';
  } catch (error) {
    if (slackErrorCode(error) !== undefined) return 'needs-invite';
    throw error;
  }
}
