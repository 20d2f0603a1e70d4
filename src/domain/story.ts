import { z } from 'zod';
import { builtOnce } from './built-once.js';
import { answerPartMax, type StarAnswer } from './star.js';

/**
 * A user's own STAR story (product.md §10): a title, the four STAR parts, the lesson, and the
 * categories of the decks it can answer. Private to its author; kept in the story bank.
 */

/** A title is a deck question's heading in an export: one line, short enough for a Slack header. */
export const storyTitleMax = 150;
/** A story answers at least one category, and at most this many (a story that answers everything answers nothing). */
export const storyCategoriesMax = 5;
/** How many stories one person keeps: coaches advise eight to twelve; this leaves room to draft. */
export const storyBankMax = 100;

/** Line ends as Slack sends them or as a file has them: one kind, `\n`. */
const oneKindOfLineEnd = (text: string) => text.replace(/\r\n?/g, '\n');

/**
 * A story as the form (or an imported deck) gives it, each problem on its field. Built on first use
 * (built-once.ts): start-up reads no story.
 */
export const storyFormSchema = builtOnce(() => {
  const part = z
    .string()
    .transform(oneKindOfLineEnd)
    .pipe(
      z
        .string()
        .trim()
        .min(3, 'Write at least a few words.')
        .max(answerPartMax, `Keep it under ${answerPartMax} characters.`),
    );
  return z.object({
    title: z
      .string()
      .trim()
      .min(3, 'Give the story a short title.')
      .max(storyTitleMax, `Keep the title under ${storyTitleMax} characters.`)
      .refine((title) => !/[\r\n]/.test(title), 'Keep the title on one line.'),
    situation: part,
    task: part,
    action: part,
    result: part,
    lesson: z
      .string()
      .transform(oneKindOfLineEnd)
      .pipe(z.string().trim().max(answerPartMax, `Keep it under ${answerPartMax} characters.`)),
    categories: z
      .array(z.string().trim().min(1))
      .min(1, 'Pick at least one category this story answers.')
      .max(storyCategoriesMax, `Pick at most ${storyCategoriesMax} categories.`)
      .transform((names) => [...new Set(names)]),
  });
});

export type StoryForm = z.infer<ReturnType<typeof storyFormSchema>>;

/** The fields of a story's form, in the order the form shows them. */
const storyFields = [
  'title',
  'situation',
  'task',
  'action',
  'result',
  'lesson',
  'categories',
] as const satisfies ReadonlyArray<keyof StoryForm>;
export type StoryField = (typeof storyFields)[number];

export type Story = StoryForm & {
  readonly id: number;
  readonly teamId: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When spaced repetition brings it back to be told again; null until it is first rehearsed. */
  readonly dueAt: number | null;
};

/**
 * What the coach reads of a story: its four parts, the lesson told at the end of the Result (where
 * an interviewer hears it), so the coach hears the lesson too.
 */
export function storyAsAnswer(story: StoryForm): StarAnswer {
  return {
    situation: story.situation,
    task: story.task,
    action: story.action,
    result: story.lesson ? `${story.result}\n\nLesson: ${story.lesson}` : story.result,
  };
}
