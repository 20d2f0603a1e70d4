import { z } from 'zod';
import { builtOnce } from './built-once.js';
import { starPartsSchema } from './star.js';

export const questionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?$/, 'ids use lowercase letters, digits and hyphens')
  .max(120);

function buildDeckSchema() {
  /** Where something stands in a deck file, for `file:line` messages. */
  const sourceSchema = z.object({ file: z.string(), line: z.number().int().positive() });
  const text = z.string().trim().min(1);
  const followUpSchema = z.object({ question: text, answer: text, source: sourceSchema });
  const questionSchema = z.object({
    id: questionIdSchema,
    deck: z.string(),
    number: z.number().int().nonnegative(),
    category: text,
    prompt: text,
    stage: z.string().nullable(),
    /** "Behavioral (90% probability)" → 90. */
    stageProbability: z.number().min(0).max(100).nullable(),
    difficulty: z.string().nullable(),
    whyAsked: z.string().nullable(),
    /** Model answer parts, as Markdown. Whatever stands between Action and Result belongs to Action. */
    answer: starPartsSchema(text).extend({ insights: z.string().nullable() }),
    followUps: z.array(followUpSchema),
    source: sourceSchema,
  });
  const tipsSchema = z.object({ title: text, items: z.array(text).min(1) });
  return z.object({
    name: z.string(),
    file: z.string(),
    title: z.string().nullable(),
    questions: z.array(questionSchema).min(1),
    tips: z.array(tipsSchema),
  });
}

type DeckSchema = ReturnType<typeof buildDeckSchema>;

/**
 * The schema of a parsed deck, built when first asked for: parsing a deck checks its result against
 * it (deck-markdown.ts), but a start-up that reads its decks as already checked (kept in the
 * database, or parsed by this very build) never needs it, and building it at load cost every
 * start-up some milliseconds (as coach.ts builds its model, and holidays.ts its calendars).
 */
export const deckSchema: () => DeckSchema = builtOnce(buildDeckSchema);

export type Deck = z.infer<DeckSchema>;
export type Question = Deck['questions'][number];
export type FollowUp = Question['followUps'][number];
export type Tips = Deck['tips'][number];
type Source = Question['source'];

export type DeckError = Source & { readonly message: string };

export function formatDeckError(error: DeckError): string {
  return `${error.file}:${error.line}: ${error.message}`;
}

type Category = { readonly name: string; readonly questionIds: readonly string[] };

/** Every loaded deck as one collection: what the app serves. */
export type Library = {
  readonly decks: readonly Deck[];
  readonly questions: readonly Question[];
  readonly categories: readonly Category[];
  readonly tips: readonly Tips[];
  readonly byId: ReadonlyMap<string, Question>;
};

/** Joins decks; a question id used twice (within or across decks) is an error. */
export function buildLibrary(decks: readonly Deck[]): { library: Library; errors: DeckError[] } {
  const byId = new Map<string, Question>();
  const errors: DeckError[] = [];
  const categories = new Map<string, { name: string; questionIds: string[] }>();
  for (const deck of decks) {
    for (const question of deck.questions) {
      const first = byId.get(question.id);
      if (first) {
        errors.push({
          ...question.source,
          message: `question id "${question.id}" is already used at ${first.source.file}:${first.source.line}; give one of them an explicit <!-- id: ... -->`,
        });
        continue;
      }
      byId.set(question.id, question);
      const key = question.category.toLowerCase();
      const category = categories.get(key) ?? { name: question.category, questionIds: [] };
      category.questionIds.push(question.id);
      categories.set(key, category);
    }
  }
  const library: Library = {
    decks,
    questions: [...byId.values()],
    categories: [...categories.values()],
    tips: mergeTips(decks.flatMap((deck) => deck.tips)),
    byId,
  };
  return { library, errors };
}

/**
 * Every deck may have its "Practice Tips": one group per title (in any case), in the order they
 * first appear, each tip once, so `/star tips` never repeats a section.
 */
function mergeTips(groups: readonly Tips[]): Tips[] {
  const merged = new Map<string, { title: string; items: string[] }>();
  for (const group of groups) {
    const key = group.title.trim().toLowerCase();
    const into = merged.get(key) ?? { title: group.title, items: [] };
    for (const item of group.items) if (!into.items.includes(item)) into.items.push(item);
    merged.set(key, into);
  }
  return [...merged.values()];
}
