import type { Context } from '@slack/bolt';
import { z } from 'zod';
import { builtOnce } from '../domain/built-once.js';
import type { Who } from '../use-cases/deps.js';

/**
 * What Slack sends, parsed once at the edge. Listeners read these parsed values, never casts of
 * the raw payload; a body that does not match is ignored (Slack adds fields freely, so objects are
 * not strict). Payloads whose shape Bolt already types (commands, block actions, view submissions)
 * are read through Bolt's types; button values and private_metadata are parsed in card-state.ts.
 *
 * The workspace of a request is the one Bolt authorized it for (`context.teamId`, and
 * `context.enterpriseId` / `context.isEnterpriseInstall` for org-wide installs), never a `team_id`
 * read from the payload.
 *
 * Each schema is built on first use (built-once.ts), not at load: start-up parses none of them.
 */

/**
 * Parses `value`; undefined when it is not what the schema says. The schema may be given as its
 * builder (`eventCallbackSchema`: built on first use, see built-once.ts).
 */
export function parsed<T>(schema: z.ZodType<T> | (() => z.ZodType<T>), value: unknown): T | undefined {
  const result = (typeof schema === 'function' ? schema() : schema).safeParse(value);
  return result.success ? result.data : undefined;
}

/**
 * Who acts in a request: the user, in the workspace Bolt authorized the request for. A request
 * without a workspace is refused, never stored under ''.
 */
export function actingUser(context: Context, userId: string): Who {
  const teamId = context.teamId;
  if (!teamId) throw new Error('a request without a workspace id');
  return { teamId, userId };
}

/** Any request that carries a response_url (commands, clicks, shortcuts): where to answer its user. */
export const responseUrlSchema = builtOnce(() => z.object({ response_url: z.string() }));

/** The Events API envelope around every event: its id, the same on each of Slack's retries. */
export const eventEnvelopeSchema = builtOnce(() => z.object({ event_id: z.string().min(1) }));

/**
 * An Events API callback as the event inbox keeps it: its id, the inner event's type, and the
 * workspaces it names: `authorizations[0]` (the workspace, or org, whose installation Bolt
 * authorizes the event for: in Slack Connect, the channel's) and the outer `team_id` (in Slack
 * Connect, the acting user's own workspace).
 */
export const eventCallbackSchema = builtOnce(() =>
  z.object({
    type: z.literal('event_callback'),
    event_id: z.string().min(1),
    team_id: z.string().min(1).nullish(),
    enterprise_id: z.string().min(1).nullish(),
    authorizations: z
      .array(z.object({ team_id: z.string().min(1).nullish(), enterprise_id: z.string().min(1).nullish() }))
      .nullish(),
    event: z.object({ type: z.string().min(1) }),
  }),
);

/** A message's timestamp (`1712345678.000100`): a schema of its own at each use. */
export const ts = () => z.string().regex(/^\d+\.\d+$/);

/** `message`: a person's reply in a thread (bots and top-level messages are not answers). */
export const threadReplySchema = builtOnce(() =>
  z.object({
    channel: z.string(),
    user: z.string(),
    text: z.string().default(''),
    ts: ts(),
    thread_ts: ts(),
    // Replies also sent to the channel, or with a file attached, are answers too.
    subtype: z.enum(['thread_broadcast', 'file_share']).optional(),
    bot_id: z.undefined().optional(),
  }),
);

/** `message` with subtype `message_changed`: an edit (of a person's message), at `event_ts`. */
export const messageChangedSchema = builtOnce(() =>
  z.object({
    subtype: z.literal('message_changed'),
    channel: z.string(),
    event_ts: ts().optional(),
    message: z.object({
      ts: ts(),
      text: z.string().default(''),
      thread_ts: ts().optional(),
      bot_id: z.undefined().optional(),
    }),
  }),
);

/** `message` with subtype `message_deleted`. */
export const messageDeletedSchema = builtOnce(() =>
  z.object({
    subtype: z.literal('message_deleted'),
    channel: z.string(),
    deleted_ts: ts(),
  }),
);

/** `reaction_added` / `reaction_removed`: item.type may also be `file` or `file_comment`. */
export const reactionEventSchema = builtOnce(() =>
  z.object({
    type: z.enum(['reaction_added', 'reaction_removed']),
    user: z.string(),
    reaction: z.string().min(1).max(100),
    item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
    event_ts: z.string().regex(/^\d+(\.\d+)?$/),
  }),
);

/** `app_uninstalled`, or `tokens_revoked` with the user and bot tokens that were revoked. */
export const workspaceLeftSchema = builtOnce(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('app_uninstalled') }),
    z.object({
      type: z.literal('tokens_revoked'),
      tokens: z.object({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }),
    }),
  ]),
);

/**
 * The bot left or was removed from a conversation: `channel_left` / `group_left` are about the bot
 * itself; `member_left_channel` is about anyone who left, named in `user`.
 */
export const botRemovedSchema = builtOnce(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('member_left_channel'), user: z.string(), channel: z.string() }),
    z.object({ type: z.enum(['channel_left', 'group_left']), channel: z.string() }),
  ]),
);

/** `app_home_opened`: `tab` is `home` or `messages`. */
export const appHomeOpenedSchema = builtOnce(() =>
  z.object({
    type: z.literal('app_home_opened'),
    user: z.string().min(1),
    tab: z.string().optional(),
  }),
);

/**
 * `member_joined_channel`: someone joined a channel the bot is in, or the bot itself joined one.
 * `inviter` is there when a person added them, absent when they joined by themselves (the bot
 * joins public channels itself for `/star subscribe` and "Post to channel").
 */
export const memberJoinedSchema = builtOnce(() =>
  z.object({
    type: z.literal('member_joined_channel'),
    user: z.string().min(1),
    channel: z.string().min(1),
    inviter: z.string().min(1).optional(),
  }),
);

/**
 * `app_mention`: a message that mentions the bot, in a conversation it is in; `thread_ts` when the
 * message is in a thread. Messages written by bots carry `bot_id` (and may have no `user`).
 */
export const appMentionSchema = builtOnce(() =>
  z.object({
    type: z.literal('app_mention'),
    channel: z.string().min(1),
    ts: ts(),
    thread_ts: ts().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
  }),
);
