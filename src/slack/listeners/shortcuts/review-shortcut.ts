import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { message, sections } from '../../blocks/kit.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { sendToResponseUrl } from '../../response-url.js';
import { openReview } from './open-review.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** The message shortcut "Review STAR answer", on any message. */
export function reviewShortcut(deps: SlackDeps) {
  return async ({ shortcut, ack, client, context }: Args): Promise<void> => {
    await ack();
    const result = await openReview(deps, {
      client,
      who: actingUser(context, shortcut.user.id),
      channelId: shortcut.channel.id,
      messageTs: shortcut.message.ts,
      triggerId: shortcut.trigger_id,
    });
    if (!result.opened) {
      await sendToResponseUrl(shortcut.response_url, {
        response_type: 'ephemeral',
        replace_original: false,
        ...message(result.text, sections(result.text)),
      });
    }
  };
}
