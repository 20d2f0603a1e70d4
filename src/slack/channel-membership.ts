import type { webApi } from '@slack/bolt';
import type { Membership } from '../use-cases/deps.js';
import { slackErrorCode } from './slack-errors.js';

/**
 * The bot must be in a channel to receive its thread replies (message.channels / message.groups
 * events only come from channels the app is in) and to look up its own posts. A public channel is
 * joined; a private one the bot is not in does not exist for it (`channel_not_found`) and needs an
 * invitation. Any other refusal keeps Slack's own code (archived, missing_scope, ratelimited, a dead
 * token), so the user is told what is really wrong. Callers screen out DMs and group DMs first.
 */
export async function ensureBotInChannel(client: webApi.WebClient, channelId: string): Promise<Membership> {
  try {
    const channel = (await client.conversations.info({ channel: channelId })).channel;
    if (channel?.is_archived) return { ok: false, code: 'is_archived' };
    if (channel?.is_member) return { ok: true };
    if (!channel || channel.is_private) return { ok: false, code: 'channel_not_found' };
    await client.conversations.join({ channel: channelId });
    return { ok: true };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === undefined) throw error;
    return { ok: false, code };
  }
}
