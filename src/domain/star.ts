import { z } from 'zod';

/**
 * The STAR format, in one place: its four parts in order, their labels, and the schemas of what a
 * user writes in them (an answer in the "Answer it" form) and of a teammate's rubric review (a score
 * per part and a comment). Everything that lists the parts imports them from here.
 */
export const starPartSchema = z.enum(['situation', 'task', 'action', 'result']);
export type StarPart = z.infer<typeof starPartSchema>;

/** Situation, Task, Action, Result: always in this order. */
export const starParts = starPartSchema.options;

export const starLabels: Readonly<Record<StarPart, string>> = {
  situation: 'Situation',
  task: 'Task',
  action: 'Action',
  result: 'Result',
};

/** A record with one value per STAR part, in S, T, A, R order. */
export function eachStarPart<T>(value: (part: StarPart) => T): Record<StarPart, T> {
  return Object.fromEntries(starParts.map((part) => [part, value(part)])) as Record<StarPart, T>;
}

/** An object schema with the same schema for each STAR part. */
export function starPartsSchema<T extends z.ZodType>(part: T) {
  return z.object(eachStarPart(() => part));
}

/** The longest answer part we accept (Slack's plain_text_input allows up to 3000). */
export const answerPartMax = 3000;

/** An answer in the four STAR parts, as a user writes it in the "Answer it" form. */
export const starAnswerSchema = starPartsSchema(
  z
    .string()
    .trim()
    .min(3, 'Write at least a few words.')
    .max(answerPartMax, `Keep it under ${answerPartMax} characters.`),
);
export type StarAnswer = z.infer<typeof starAnswerSchema>;

/** The answer as plain text, one part a line ("Situation: …"). */
export function starAnswerText(answer: StarAnswer): string {
  return starParts.map((part) => `${starLabels[part]}: ${answer[part]}`).join('\n');
}

const pickAScore = 'Pick a score from 1 to 5.';

/** A rubric score per STAR part, 1 (weak) to 5 (strong). */
export const rubricScoresSchema = starPartsSchema(
  z.coerce.number({ error: pickAScore }).int().min(1, pickAScore).max(5),
);
export type RubricScores = z.infer<typeof rubricScoresSchema>;

export const reviewCommentMax = 1000;

/** A teammate's review of an answer: the scores, and what would make the answer stronger. */
export const rubricReviewSchema = rubricScoresSchema.extend({
  comment: z
    .string()
    .trim()
    .min(3, 'Say what would make it stronger.')
    .max(reviewCommentMax, `Keep it under ${reviewCommentMax} characters.`),
});
