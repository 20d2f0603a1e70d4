import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { deleteThreadReply, editThreadReply, recordThreadReply } from '../../../use-cases/thread-answers.js';
import { sendCoaching } from '../../coaching.js';
import type { SlackDeps } from '../../deps.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** Slack escapes &, < and > in message text; answers are stored as the author wrote them. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const ts = z.string().regex(/^\d+\.\d+$/);

/** A person's reply in a thread (bots and top-level messages are not answers). */
const replySchema = z.object({
  channel: z.string(),
  user: z.string(),
  text: z.string().default(''),
  ts,
  thread_ts: ts,
  // Replies also sent to the channel, or with a file attached, are answers too.
  subtype: z.enum(['thread_broadcast', 'file_share']).optional(),
  bot_id: z.undefined().optional(),
});

const changedSchema = z.object({
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: z.object({
    ts,
    text: z.string().default(''),
    thread_ts: ts.optional(),
    bot_id: z.undefined().optional(),
  }),
});

const deletedSchema = z.object({
  subtype: z.literal('message_deleted'),
  channel: z.string(),
  deleted_ts: ts,
});

/**
 * `message` events (message.channels, message.groups): thread replies under daily and shared
 * questions become answers; edits update them and deletions remove them. Slack's retries change
 * nothing, since each answer is keyed by its message.
 */
export function threadMessage(deps: SlackDeps) {
  return async ({ event, body, context, client }: Args): Promise<void> => {
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id;
    if (!teamId) return;
    const reply = replySchema.safeParse(event);
    if (reply.success) {
      const { channel, user, text, ts: messageTs, thread_ts: threadTs } = reply.data;
      const answer = {
        teamId,
        channelId: channel,
        ts: messageTs,
        threadTs,
        userId: user,
        text: unescapeSlack(text),
      };
      if (recordThreadReply(deps.threads, answer, deps.now())) await sendCoaching(deps, client, answer);
      return;
    }
    const changed = changedSchema.safeParse(event);
    if (changed.success) {
      const { channel, message } = changed.data;
      editThreadReply(
        deps.threads,
        { teamId, channelId: channel, ts: message.ts, text: unescapeSlack(message.text) },
        deps.now(),
      );
      return;
    }
    const deleted = deletedSchema.safeParse(event);
    if (deleted.success) {
      deleteThreadReply(deps.threads, {
        teamId,
        channelId: deleted.data.channel,
        ts: deleted.data.deleted_ts,
      });
    }
  };
}
