import { z } from 'zod';
import { localDateSchema } from './calendar.js';

/** Where a planned post stands: waiting, being sent, in doubt (sent or not?), or done one way or another. */
const outboxStatusSchema = z.enum(['pending', 'sending', 'doubt', 'sent', 'failed', 'expired', 'empty']);
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;

/**
 * What a row is: `question` (of the day), `recap`, `reminder` (a DM: channel_id is the user id), or
 * a kind added later. The outbox stores any kind; the planners choose them, the dispatcher looks
 * their senders up by name, and the CHECK on daily_outbox.kind lists those the schema allows (a new
 * kind adds a migration).
 */
const outboxKindSchema = z.string().min(1);
export type OutboxKind = z.infer<typeof outboxKindSchema>;

/** A planned post of any kind and its delivery state, per workspace, channel, local date and kind. */
export const outboxRowSchema = z
  .object({
    id: z.number().int(),
    teamId: z.string(),
    channelId: z.string(),
    localDate: localDateSchema,
    kind: outboxKindSchema,
    /** The question of the day; null for the other kinds. */
    questionId: z.string().nullable(),
    round: z.number().int(),
    status: outboxStatusSchema,
    attempts: z.number().int(),
    nextAttemptAt: z.number(),
    claimedAt: z.number().nullable(),
    /** When the send now in doubt started (older rows: when it was claimed). */
    sendStartedAt: z.number().nullable(),
    lastError: z.string().nullable(),
    messageTs: z.string().nullable(),
  })
  .readonly();
export type OutboxRow = z.infer<typeof outboxRowSchema>;
