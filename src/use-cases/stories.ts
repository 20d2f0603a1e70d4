import { answerKind } from '../domain/answer-kind.js';
import { type CoachReport, splitFreeText } from '../domain/coach.js';
import { type DeckError, formatDeckError, type Library, type Question } from '../domain/deck.js';
import { type RatingName, ratingValue } from '../domain/practice.js';
import { nextCard } from '../domain/spaced-repetition.js';
import { starAnswerText } from '../domain/star.js';
import {
  type Story,
  type StoryField,
  type StoryForm,
  storyAsAnswer,
  storyBankMax,
  storyFormSchema,
  storyTitleMax,
} from '../domain/story.js';
import { deckProblems, deckProblemsOfAll, storiesFromDeck, storiesToDeck } from '../domain/story-deck.js';
import { categoryKey, knownCategories, type StoryMatrix, storyMatrix } from '../domain/story-matrix.js';
import type { StoryRepository } from '../storage/story-repository.js';
import type { ThreadAnswerRepository } from '../storage/thread-answer-repository.js';
import { coachStarAnswer } from './coaching.js';
import type { ChannelAccess, Who } from './deps.js';
import type { YourAnswerInFull } from './your-answers.js';

/** What the story bank's use cases need, built in main.ts. */
export type StoryDeps = {
  readonly stories: StoryRepository;
  /** The decks: their categories are what a story can answer, their questions what it is practised with. */
  readonly library: Library;
  /** A story shared for review joins the channel's answers (reactions, the rubric). */
  readonly threadAnswers: Pick<ThreadAnswerRepository, 'add'>;
  readonly atomically: <T>(fn: () => T) => T;
};

/** The library's categories, in its order: what a story can answer. */
export function storyCategories(deps: StoryDeps): string[] {
  return deps.library.categories.map((category) => category.name);
}

/** A story with the coach's reading of it (made from its text each time: nothing else to keep in step). */
export type CoachedStory = { readonly story: Story; readonly coach: CoachReport };

const coached = (story: Story): CoachedStory => ({ story, coach: coachStarAnswer(storyAsAnswer(story)) });

export type SaveStoryResult =
  | ({ readonly kind: 'saved'; readonly created: boolean } & CoachedStory)
  /** Each problem on its field of the form. */
  | { readonly kind: 'invalid'; readonly errors: Partial<Record<StoryField, string>> }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'full' };

const deckProblemText: Record<StoryField, string> = {
  title:
    'Keep Markdown marks (* _ ` [ ] < >) out of the title: it would read differently from your exported deck.',
  situation:
    'A line here would read as a heading, a code fence or a STAR label in your exported deck: reword it.',
  task: 'A line here would read as a heading, a code fence or a STAR label in your exported deck: reword it.',
  action:
    'A line here would read as a heading, a code fence or a STAR label in your exported deck: reword it.',
  result:
    'A line here would read as a heading, a code fence or a STAR label in your exported deck: reword it.',
  lesson:
    'A line here would read as a heading, a code fence or a STAR label in your exported deck: reword it.',
  categories: 'One of these categories cannot be written to a deck.',
};

/** Reads a story form: the schema, then the library's categories, then whether it exports cleanly. */
function readStoryForm(
  deps: StoryDeps,
  input: unknown,
): { ok: true; form: StoryForm } | { ok: false; errors: Partial<Record<StoryField, string>> } {
  const parsed = storyFormSchema().safeParse(input);
  if (!parsed.success) {
    const errors: Partial<Record<StoryField, string>> = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as StoryField] ??= issue.message;
    return { ok: false, errors };
  }
  const { known, unknown } = knownCategories(storyCategories(deps), parsed.data.categories);
  if (unknown.length > 0)
    return { ok: false, errors: { categories: `Not a category of the decks: ${unknown.join(', ')}.` } };
  const form = { ...parsed.data, categories: known };
  const problems = deckProblems(form);
  if (problems.length > 0)
    return {
      ok: false,
      errors: Object.fromEntries(problems.map((field) => [field, deckProblemText[field]])),
    };
  return { ok: true, form };
}

/**
 * Adds a story to the user's bank (`id` absent) or changes one of theirs: refused field by field
 * when the form is not a story, `full` past `storyBankMax`. The coach reads it as it is saved.
 */
export function saveStory(
  deps: StoryDeps,
  input: { who: Who; id?: number; form: unknown; now: number },
): SaveStoryResult {
  const { teamId, userId } = input.who;
  const read = readStoryForm(deps, input.form);
  if (!read.ok) return { kind: 'invalid', errors: read.errors };
  const saved = deps.atomically((): SaveStoryResult | number => {
    if (input.id === undefined) {
      if (deps.stories.count(teamId, userId) >= storyBankMax) return { kind: 'full' };
      return deps.stories.add(teamId, userId, read.form, input.now);
    }
    return deps.stories.update(teamId, userId, input.id, read.form, input.now)
      ? input.id
      : { kind: 'not-found' };
  });
  if (typeof saved !== 'number') return saved;
  const story = deps.stories.find(teamId, userId, saved);
  if (!story) return { kind: 'not-found' };
  return { kind: 'saved', created: input.id === undefined, ...coached(story) };
}

/** Deletes one of the user's stories (and its schedule); false when they have no such story. */
export function deleteStory(deps: StoryDeps, input: { who: Who; id: number }): boolean {
  return deps.atomically(() => deps.stories.remove(input.who.teamId, input.who.userId, input.id));
}

/** One of the user's stories with the coach's reading; undefined when it is not theirs (or gone). */
export function openStory(deps: StoryDeps, input: { who: Who; id: number }): CoachedStory | undefined {
  const story = deps.stories.find(input.who.teamId, input.who.userId, input.id);
  return story ? coached(story) : undefined;
}

export type StoryBank = { readonly stories: readonly Story[]; readonly matrix: StoryMatrix };

/** The user's stories and the matrix of the library's categories by them (`/star stories`, the App Home). */
export function storyBank(deps: StoryDeps, who: Who): StoryBank {
  const stories = deps.stories.ofUser(who.teamId, who.userId);
  return { stories, matrix: storyMatrix(storyCategories(deps), stories) };
}

/**
 * "Answer with one of my stories" on a question card: the question and the chosen story, when both
 * exist and the story is the caller's. Stories that answer the question's category come first in
 * the offer (`storiesFor`).
 */
export function practiseWithStory(
  deps: StoryDeps,
  input: { who: Who; questionId: string; storyId: number },
): { question: Question; story: Story } | undefined {
  const question = deps.library.byId.get(input.questionId);
  const story = deps.stories.find(input.who.teamId, input.who.userId, input.storyId);
  return question && story ? { question, story } : undefined;
}

/** The user's stories for a question: those that answer its category first, then the others. */
export function storiesFor(deps: StoryDeps, input: { who: Who; questionId: string }): Story[] {
  const stories = deps.stories.ofUser(input.who.teamId, input.who.userId);
  const category = deps.library.byId.get(input.questionId)?.category;
  if (!category) return stories;
  const key = categoryKey(category);
  const answers = (story: Story) => story.categories.some((c) => categoryKey(c) === key);
  return [...stories.filter(answers), ...stories.filter((story) => !answers(story))];
}

/**
 * How well the user told a story (rehearsing it, or answering a question with it): the rating moves
 * the story's spaced-repetition card, so it comes back when it is due. Undefined when the story is
 * not theirs.
 */
export function rateStory(
  deps: StoryDeps,
  input: { who: Who; storyId: number; rating: RatingName; now: number },
): { story: Story; dueAt: number } | undefined {
  const { teamId, userId } = input.who;
  return deps.atomically(() => {
    const story = deps.stories.find(teamId, userId, input.storyId);
    if (!story) return undefined;
    const card = nextCard(deps.stories.card(teamId, userId, story.id), ratingValue(input.rating), input.now);
    deps.stories.saveCard(teamId, userId, story.id, card);
    return { story, dueAt: card.due.getTime() };
  });
}

/**
 * The story to tell again: the most overdue one (a story never rehearsed is due at once), or, when
 * none is due, the one that comes back first. Undefined when the bank is empty.
 */
export function storyToRehearse(deps: StoryDeps, input: { who: Who; now: number }): Story | undefined {
  const { teamId, userId } = input.who;
  return (
    deps.stories.due(teamId, userId, input.now) ?? deps.stories.due(teamId, userId, Number.MAX_SAFE_INTEGER)
  );
}

/** Whether one of the user's stories is due to be told again (the App Home says so on its button). */
export function storyDue(deps: StoryDeps, input: { who: Who; now: number }): boolean {
  return deps.stories.due(input.who.teamId, input.who.userId, input.now) !== undefined;
}

/** The user's stories as a Markdown deck (the format the app reads); undefined when they have none. */
export function exportStories(deps: StoryDeps, who: Who): { markdown: string; count: number } | undefined {
  const stories = deps.stories.ofUser(who.teamId, who.userId);
  if (stories.length === 0) return undefined;
  return { markdown: storiesToDeck(stories), count: stories.length };
}

/** Sends a file to a user's direct messages with the app; implemented at the Slack edge. */
export type DeckFileSender = {
  sendFile(input: {
    userId: string;
    filename: string;
    content: string;
    title: string;
    comment: string;
  }): Promise<{ ok: true } | { ok: false; code: string | undefined }>;
};

export type StoriesDeckResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'file'; readonly filename: string; readonly count: number }
  /** No file could be sent: the deck is to be shown as text instead, with Slack's reason (when it said). */
  | {
      readonly kind: 'inline';
      readonly markdown: string;
      readonly count: number;
      readonly code: string | undefined;
    };

/** "Export my stories": the deck as a file in the user's DM with the app, named after the day. */
export async function sendStoriesDeck(
  deps: StoryDeps,
  files: DeckFileSender,
  input: { who: Who; now: number },
): Promise<StoriesDeckResult> {
  const deck = exportStories(deps, input.who);
  if (!deck) return { kind: 'empty' };
  const filename = `my-star-stories-${new Date(input.now).toISOString().slice(0, 10)}.md`;
  const sent = await files.sendFile({
    userId: input.who.userId,
    filename,
    content: deck.markdown,
    title: 'My STAR stories',
    comment: `Your ${deck.count === 1 ? 'story' : `${deck.count} stories`} as a deck: send it back to me here to load it again.`,
  });
  return sent.ok
    ? { kind: 'file', filename, count: deck.count }
    : { kind: 'inline', markdown: deck.markdown, count: deck.count, code: sent.code };
}

export type ImportResult =
  | { readonly kind: 'imported'; readonly added: number; readonly updated: number }
  /** Nothing was imported: each problem as `file:line: what is wrong`. */
  | { readonly kind: 'invalid'; readonly errors: readonly string[] };

/**
 * A deck of the user's own stories (a file they sent the app): every story in it is checked first
 * (the deck format's file:line errors, the categories, the form's rules); with any problem nothing
 * is imported. Otherwise a story whose title the bank already has replaces it (its schedule stays),
 * the others are added; all in one transaction.
 */
export function importStories(
  deps: StoryDeps,
  input: { who: Who; text: string; file: string; now: number },
): ImportResult {
  const { teamId, userId } = input.who;
  const existing = deps.stories.ofUser(teamId, userId);
  const byTitle = new Map(existing.map((story) => [story.title.trim().toLowerCase(), story.id]));
  const read = storiesFromDeck(input.text, input.file, storyCategories(deps), storyBankMax);
  if (!read.ok) return { kind: 'invalid', errors: read.errors.map(formatDeckError) };
  const fresh = read.stories.filter((story) => !byTitle.has(story.title.toLowerCase()));
  if (existing.length + fresh.length > storyBankMax) {
    const problem: DeckError = {
      file: input.file,
      line: 1,
      message: `${fresh.length} new stories, but your bank has room for ${storyBankMax - existing.length} more (at most ${storyBankMax})`,
    };
    return { kind: 'invalid', errors: [formatDeckError(problem)] };
  }
  // A deck as the app exports it reads back as it is (that is what the check below parses again to
  // find out): the common case, a bank taken away and brought back, costs no second parse.
  const asExported = storiesToDeck(read.stories) === input.text;
  const problems = (asExported ? [] : deckProblemsOfAll(read.stories)).flatMap((fields, i) =>
    fields.map((field) => `${input.file}: "${read.stories[i]?.title}", ${field}: ${deckProblemText[field]}`),
  );
  if (problems.length > 0) return { kind: 'invalid', errors: problems };
  return deps.atomically(() => {
    let added = 0;
    let updated = 0;
    for (const story of read.stories) {
      const id = byTitle.get(story.title.toLowerCase());
      if (id === undefined) {
        deps.stories.add(teamId, userId, story, input.now);
        added += 1;
      } else if (deps.stories.update(teamId, userId, id, story, input.now)) updated += 1;
    }
    return { kind: 'imported', added, updated };
  });
}

/** Posts a story to a channel for review; implemented at the Slack edge. */
export type StoryPoster = ChannelAccess & {
  postStory(input: { channelId: string; story: Story }): Promise<{ ts: string }>;
};

export type ShareStoryResult =
  | { readonly kind: 'shared'; readonly channelId: string; readonly ts: string }
  | { readonly kind: 'no-access'; readonly code: string }
  | { readonly kind: 'not-found' };

/**
 * "Share for review": the story is posted in the channel under its author's name, with the Review
 * button, and joins the channel's answers, so teammates react to it and score each STAR part with
 * the rubric as they do any posted answer. Stories stay private until their author shares one.
 */
export async function shareStory(
  deps: StoryDeps,
  poster: StoryPoster,
  input: { who: Who; storyId: number; channelId: string; now: number },
): Promise<ShareStoryResult> {
  const { teamId, userId } = input.who;
  const story = deps.stories.find(teamId, userId, input.storyId);
  if (!story) return { kind: 'not-found' };
  const membership = await poster.ensureMember(input.channelId);
  if (!membership.ok) return { kind: 'no-access', code: membership.code };
  const { ts } = await poster.postStory({ channelId: input.channelId, story });
  const text = starAnswerText(storyAsAnswer(story));
  deps.atomically(() =>
    deps.threadAnswers.add({
      teamId,
      channelId: input.channelId,
      messageTs: ts,
      threadTs: ts,
      userId,
      questionId: `story:${story.id}`,
      source: 'modal',
      text,
      kind: answerKind(text),
      createdAt: input.now,
    }),
  );
  return { kind: 'shared', channelId: input.channelId, ts };
}

/**
 * "Save as a story" on one of the user's answers: the story form filled in from it: the question
 * as its title, its category, and the answer's parts (a reply written in a thread is split into
 * them as the coach reads it). The user completes it and saves.
 */
export function storyDraft(deps: StoryDeps, answer: YourAnswerInFull): Partial<StoryForm> {
  const parts = answer.content.kind === 'star' ? answer.content.answer : splitFreeText(answer.content.text);
  const category = deps.library.byId.get(answer.questionId)?.category;
  return {
    ...(answer.prompt ? { title: answer.prompt.slice(0, storyTitleMax) } : {}),
    situation: parts.situation,
    task: parts.task,
    action: parts.action,
    result: parts.result,
    ...(category ? { categories: [category] } : {}),
  };
}
