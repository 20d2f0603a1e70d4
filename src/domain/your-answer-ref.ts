import { z } from 'zod';

/** A Slack message timestamp: seconds, a dot, microseconds. */
const messageTsSchema = z.string().regex(/^\d{1,12}\.\d{1,9}$/);

/** A Slack conversation id (C…, G…): letters and digits. */
const channelIdSchema = z.string().regex(/^[A-Z0-9]{2,40}$/);

/**
 * Which of a user's answers: one saved privately with the STAR form (its id), or one written in a
 * channel thread (the channel and its message). It is only ever looked up together with the
 * caller's workspace and user, so naming an answer of someone else finds nothing.
 */
export const yourAnswerRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('private'), id: z.number().int().positive() }),
  z.object({ kind: z.literal('channel'), channelId: channelIdSchema, ts: messageTsSchema }),
]);
export type YourAnswerRef = z.infer<typeof yourAnswerRefSchema>;

/**
 * Where an answer is: only its author sees it, or it is a message in a channel (a thread reply,
 * or a private answer its author posted; `threadTs` when the message is a reply in a thread).
 */
export type AnswerLocation =
  | { readonly kind: 'private' }
  | { readonly kind: 'channel'; readonly channelId: string; readonly ts: string; readonly threadTs?: string };
