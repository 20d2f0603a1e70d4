import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { eventTimeMicros } from '../../../domain/scoring.js';
import { unescapeSlack } from '../../../domain/slack-text.js';
import { deleteThreadReply, editThreadReply, recordThreadReply } from '../../../use-cases/thread-answers.js';
import { sendCoaching } from '../../coaching.js';
import type { SlackDeps } from '../../deps.js';
import { messageChangedSchema, messageDeletedSchema, parsed, threadReplySchema } from '../../envelopes.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * `message` events (message.channels, message.groups): thread replies under daily and shared
 * questions are kept as answers or comments (answer-kind.ts); edits update them (and decide their
 * kind again) and deletions remove them. Slack's retries and the
 * inbox's redeliveries change nothing, since each answer is keyed by its message, and an edit older
 * than the one applied is ignored. Answers are stored as the author wrote them (Slack's escaping of
 * &, < and > undone).
 */
export function threadMessage(deps: SlackDeps) {
  return async ({ event, context, client }: Args): Promise<void> => {
    const teamId = context.teamId;
    if (!teamId) return;
    const reply = parsed(threadReplySchema, event);
    if (reply) {
      const answer = {
        teamId,
        channelId: reply.channel,
        ts: reply.ts,
        threadTs: reply.thread_ts,
        userId: reply.user,
        text: unescapeSlack(reply.text),
      };
      if (recordThreadReply(deps.threads, answer, deps.now())) await sendCoaching(deps, client, answer);
      return;
    }
    const changed = parsed(messageChangedSchema, event);
    if (changed) {
      const { channel, message } = changed;
      const text = unescapeSlack(message.text);
      const edit = editThreadReply(
        deps.threads,
        {
          teamId,
          channelId: channel,
          ts: message.ts,
          text,
          ...(changed.event_ts ? { editTime: eventTimeMicros(changed.event_ts) } : {}),
        },
        deps.now(),
      );
      // A comment edited into an answer is coached now (at most once, like any answer).
      if (edit.applied && edit.becameAnswer) {
        const { reply } = edit;
        await sendCoaching(deps, client, {
          teamId,
          channelId: channel,
          ts: reply.messageTs,
          threadTs: reply.threadTs,
          userId: reply.userId,
          text,
        });
      }
      return;
    }
    const deleted = parsed(messageDeletedSchema, event);
    if (deleted) {
      deleteThreadReply(deps.threads, { teamId, channelId: deleted.channel, ts: deleted.deleted_ts });
    }
  };
}
