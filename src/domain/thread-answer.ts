import { z } from 'zod';
import { answerKindSchema } from './answer-kind.js';

/** How an answer reached a channel thread: a reply written in the thread, or the STAR form posted by the app. */
const threadAnswerSourceSchema = z.enum(['reply', 'modal']);

/** An answer visible in a channel: a thread reply to a question, or a STAR answer the app posted for its author. */
export const threadAnswerSchema = z
  .object({
    teamId: z.string(),
    channelId: z.string(),
    /** The answer's own message. */
    messageTs: z.string(),
    /** The question's message (the answer's own for a STAR answer posted at the top of a channel). */
    threadTs: z.string(),
    /** Its author (never the bot, even when the app posted it). */
    userId: z.string(),
    questionId: z.string(),
    source: threadAnswerSourceSchema,
    text: z.string(),
    /**
     * Answer, comment or filler (answer-kind.ts): only answers score, rank and count as practice.
     * Null for a reply stored before kinds existed, until start-up has classified it.
     */
    kind: answerKindSchema.nullable(),
    createdAt: z.number(),
    editedAt: z.number().nullable(),
  })
  .readonly();
export type ThreadAnswer = z.infer<typeof threadAnswerSchema>;
