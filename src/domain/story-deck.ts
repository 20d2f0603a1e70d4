import type { DeckError } from './deck.js';
import { parseDeckMarkdown } from './deck-markdown.js';
import { type StoryField, type StoryForm, storyBankMax, storyFormSchema } from './story.js';
import { categoryKey, knownCategories } from './story-matrix.js';

/**
 * Stories as a Markdown deck, in the format the app reads its decks in (deck-markdown.ts,
 * product.md §1), and back. Each story is a question: its title the prompt, its parts the
 * **Situation** / **Task** / **Action** / **Result** of the model answer, its lesson the
 * **Key Insights**. It stands under its first category's `## Category`; the others it answers are
 * named on its **Why Asked** line ("Also answers: Mentoring; Conflict Resolution"), which the deck
 * format keeps as the question's why-asked text:
 *
 *   # My STAR stories
 *   ## Leadership
 *   ### Question 1: The migration nobody wanted
 *   **Why Asked**: Also answers: Mentoring
 *   #### STAR Answer
 *   **Situation**:
 *   "…"
 *
 * Each part is written between quotes, which the parser drops ("quotes around answers are
 * cosmetic"), so a part that itself starts or ends with a quote keeps it. A story whose text would
 * not read back the same (a line that opens a heading or a code fence, or a **Result**: label of its
 * own) is refused when it is saved (`deckProblems`), so every exported bank loads back unchanged.
 */

const alsoAnswers = /^also answers:\s*(.*)$/i;
const deckName = 'my-stories';

type DeckStory = Pick<StoryForm, StoryField>;

function questionOf(story: DeckStory, number: number): string {
  const [first, ...others] = story.categories;
  const lines = [`### Question ${number}: ${story.title}`, ''];
  if (others.length > 0) lines.push(`**Why Asked**: Also answers: ${others.join('; ')}`, '');
  else if (first === undefined) throw new Error('a story answers at least one category');
  lines.push('#### STAR Answer', '');
  const part = (label: string, text: string) => lines.push(`**${label}**:`, `"${text}"`, '');
  part('Situation', story.situation);
  part('Task', story.task);
  part('Action', story.action);
  part('Result', story.result);
  if (story.lesson) part('Key Insights', story.lesson);
  return lines.join('\n');
}

/**
 * The stories as one deck file: grouped under their first category (categories in the order they
 * first appear), numbered from 1. `title` is the deck's `#` heading.
 */
export function storiesToDeck(stories: readonly DeckStory[], title = 'My STAR stories'): string {
  const groups = new Map<string, { name: string; stories: DeckStory[] }>();
  for (const story of stories) {
    const first = story.categories[0] ?? '';
    const key = categoryKey(first);
    const group = groups.get(key) ?? { name: first, stories: [] };
    group.stories.push(story);
    groups.set(key, group);
  }
  const out = [`# ${title}`, ''];
  let number = 0;
  for (const group of groups.values()) {
    out.push(`## ${group.name}`, '');
    for (const story of group.stories) out.push(questionOf(story, ++number));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export type DeckImport = { ok: true; stories: StoryForm[] } | { ok: false; errors: DeckError[] };

/**
 * Reads a deck of stories (an exported bank, or one the user wrote in the same format): every
 * problem as `file:line: what is wrong`, as `star stories check` says them: the deck format's own
 * errors first, then a category the library does not have, then what the story form refuses.
 * `categories` are the library's; follow-ups and the other metadata are not part of a story and
 * are left out. At most `room` stories (what the bank still takes).
 */
export function storiesFromDeck(
  text: string,
  file: string,
  categories: readonly string[],
  room: number = storyBankMax,
): DeckImport {
  const parsed = parseDeckMarkdown(text, file, deckName);
  if (!parsed.ok) return parsed;
  const errors: DeckError[] = [];
  const stories: StoryForm[] = [];
  for (const question of parsed.deck.questions) {
    const fail = (message: string) => errors.push({ file, line: question.source.line, message });
    const also = alsoAnswers.exec(question.whyAsked ?? '')?.[1] ?? '';
    const named = [question.category, ...also.split(';').map((name) => name.trim())].filter(Boolean);
    const { known, unknown } = knownCategories(categories, named);
    if (unknown.length > 0) {
      fail(
        `${unknown.map((name) => `"${name}"`).join(', ')} ${unknown.length === 1 ? 'is not a category' : 'are not categories'} of this app (its categories: ${categories.join(', ')})`,
      );
      continue;
    }
    const form = storyFormSchema().safeParse({
      title: question.prompt,
      ...question.answer,
      lesson: question.answer.insights ?? '',
      categories: known,
    });
    if (!form.success) {
      for (const issue of form.error.issues)
        fail(`question ${question.number}, ${String(issue.path[0])}: ${issue.message}`);
      continue;
    }
    stories.push(form.data);
  }
  if (errors.length === 0 && stories.length > room) {
    errors.push({
      file,
      line: 1,
      message: `${stories.length} stories, but your bank has room for ${room} more (at most ${storyBankMax} in all)`,
    });
  }
  return errors.length > 0
    ? { ok: false, errors: errors.sort((a, b) => a.line - b.line) }
    : { ok: true, stories };
}

const sameStory = (a: StoryForm, b: StoryForm | undefined) =>
  b !== undefined &&
  (['title', 'situation', 'task', 'action', 'result', 'lesson'] as const).every((f) => a[f] === b[f]) &&
  a.categories.join('\n') === b.categories.join('\n');

/**
 * `deckProblems` of many stories at once (an imported deck): one round trip of them all, and the
 * field-by-field check only for a story that did not come back the same. Parsing is what costs
 * (about a second for a 1 MB deck), so a deck is parsed once more, not once a story.
 */
export function deckProblemsOfAll(stories: readonly StoryForm[]): StoryField[][] {
  const categories = [...new Set(stories.flatMap((story) => story.categories))];
  const back = storiesFromDeck(storiesToDeck(stories), 'check.md', categories, stories.length);
  return stories.map((story, i) => (back.ok && sameStory(story, back.stories[i]) ? [] : deckProblems(story)));
}

/**
 * The fields of a story that would not read back the same from an exported deck (a line of its text
 * that Markdown would read as a heading, a code fence or one of the deck's labels): empty when it
 * exports cleanly. The check is the round trip itself, so it is exactly as strict as the parser.
 */
export function deckProblems(story: StoryForm): StoryField[] {
  const back = storiesFromDeck(storiesToDeck([story]), 'check.md', story.categories, 1);
  const read = back.ok ? back.stories[0] : undefined;
  if (!read) {
    // The deck did not parse at all: find the text fields to blame, one at a time.
    const texts = ['title', 'situation', 'task', 'action', 'result', 'lesson'] as const;
    const blamed = texts.filter((field) => {
      const alone = { ...story, title: 'A title', situation: 'Some words', task: 'Some words' };
      const probe = {
        ...alone,
        action: 'Some words',
        result: 'Some words',
        lesson: '',
        [field]: story[field],
      };
      return !storiesFromDeck(storiesToDeck([probe]), 'check.md', story.categories, 1).ok;
    });
    return blamed.length > 0 ? blamed : ['title'];
  }
  const fields: StoryField[] = [];
  for (const field of ['title', 'situation', 'task', 'action', 'result', 'lesson'] as const)
    if (read[field] !== story[field]) fields.push(field);
  if (read.categories.join('\n') !== story.categories.join('\n')) fields.push('categories');
  return fields;
}
