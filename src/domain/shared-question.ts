import { z } from 'zod';

/** A question someone posted to a channel with "Post to channel": its thread holds the team's answers. */
export const sharedQuestionSchema = z
  .object({
    questionId: z.string(),
    /** Who shared it ('' once they asked to be forgotten). */
    sharedBy: z.string(),
    sharedAt: z.number(),
  })
  .readonly();
export type SharedQuestion = z.infer<typeof sharedQuestionSchema>;
