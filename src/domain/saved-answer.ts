import { z } from 'zod';
import { starPartsSchema } from './star.js';

/**
 * An answer written in the STAR form, saved privately for its author; posted to a channel when they
 * ask (then `postedChannelId` and `postedTs` say where). Its parts are kept as written: the form's
 * rules (`starAnswerSchema`) applied when it was saved.
 */
export const savedAnswerSchema = starPartsSchema(z.string())
  .extend({
    id: z.number().int(),
    teamId: z.string(),
    userId: z.string(),
    questionId: z.string(),
    createdAt: z.number(),
    postedChannelId: z.string().nullable(),
    postedTs: z.string().nullable(),
  })
  .readonly();
export type SavedAnswer = z.infer<typeof savedAnswerSchema>;
