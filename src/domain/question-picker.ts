import type { Library, Question } from './deck.js';

/** How a filter matched: the first rule that finds anything wins. */
export type Match = {
  by: 'all' | 'id' | 'number' | 'category' | 'difficulty' | 'words';
  /** Read-only: without a filter it is the library's own list (no copy for every request). */
  questions: readonly Question[];
};

const stopWords = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'and',
  'or',
  'in',
  'on',
  'about',
  'for',
  'with',
  'you',
  'me',
]);

/**
 * Questions matching a `/star question` filter: an id, a question number ("3", "#3", "q3"), a
 * category ("conflict" → Conflict Resolution), a difficulty ("principal"), or words that must all
 * appear in the prompt. No filter matches every question; an empty result means nothing matched.
 */
export function matchQuestions(library: Library, filter: string | undefined): Match {
  const wanted = (filter ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (wanted === '') return { by: 'all', questions: library.questions };

  const byId = library.byId.get(wanted);
  if (byId) return { by: 'id', questions: [byId] };

  const number = /^(?:#|q|question\s*)?(\d{1,4})$/.exec(wanted);
  if (number)
    return { by: 'number', questions: library.questions.filter((q) => q.number === Number(number[1])) };

  const categories = library.categories.filter((c) => c.name.toLowerCase().includes(wanted));
  if (categories.length > 0) {
    const ids = new Set(categories.flatMap((c) => c.questionIds));
    return { by: 'category', questions: library.questions.filter((q) => ids.has(q.id)) };
  }

  const byDifficulty = library.questions.filter((q) => q.difficulty?.toLowerCase() === wanted);
  if (byDifficulty.length > 0) return { by: 'difficulty', questions: byDifficulty };

  const words = wanted.split(' ').filter((word) => word.length > 1 && !stopWords.has(word));
  const terms = words.length > 0 ? words : [wanted];
  return {
    by: 'words',
    questions: library.questions.filter((q) => {
      const prompt = q.prompt.toLowerCase();
      return terms.every((term) => prompt.includes(term));
    }),
  };
}

export type PickInput = {
  readonly candidates: readonly Question[];
  /** When the user last saw each question (ms); a question missing here is unseen. */
  readonly lastSeen: ReadonlyMap<string, number>;
  /** The question on screen, skipped by "Next question" unless it is the only candidate. */
  readonly excludeId?: string | undefined;
  /** A number in [0, 1): Math.random in the app, fixed in tests. */
  readonly random: () => number;
};

function randomOf<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

function oldestSeen(pool: readonly Question[], lastSeen: ReadonlyMap<string, number>): Question | undefined {
  let oldest: Question | undefined;
  for (const q of pool) {
    if (oldest === undefined || (lastSeen.get(q.id) ?? 0) < (lastSeen.get(oldest.id) ?? 0)) oldest = q;
  }
  return oldest;
}

/**
 * Which question to serve under a filter: an unseen one (chosen at random among the unseen), else
 * the one seen longest ago.
 */
export function pickQuestion({ candidates, lastSeen, excludeId, random }: PickInput): Question | undefined {
  const pool = candidates.length > 1 ? candidates.filter((q) => q.id !== excludeId) : candidates;
  const unseen = pool.filter((q) => !lastSeen.has(q.id));
  if (unseen.length > 0) return randomOf(unseen, random);
  return oldestSeen(pool, lastSeen);
}

export type StudyInput = PickInput & {
  /** When each of the user's cards is due (ms); a question without a card was never rated. */
  readonly dueAt: ReadonlyMap<string, number>;
  /** The user's average self-rating per category (1–4); categories never rated are missing. */
  readonly categoryRatings: ReadonlyMap<string, number>;
  readonly now: number;
};

/**
 * `/star question` without a filter, with spaced repetition (product.md §6):
 *   1. questions due for review (most overdue first);
 *   2. unseen questions, from the user's weakest category (lowest average self-rating) first;
 *   3. questions seen but never rated, the one seen longest ago;
 *   4. otherwise the card due soonest, so a question rated Easy comes back last.
 * One pass over the candidates (it runs in every `/star question`), with no Map or closure of its own:
 * a category's weakness is looked up when the category changes from the question before (a deck
 * keeps a category's questions together), and not at all while the user has rated nothing.
 */
export function pickStudyQuestion(input: StudyInput): Question | undefined {
  const { candidates, lastSeen, excludeId, random, dueAt, categoryRatings, now } = input;
  const skip = candidates.length > 1 ? excludeId : undefined;
  const anyDue = dueAt.size > 0;
  const anyRated = categoryRatings.size > 0;
  // A category never rated counts as the weakest: nothing shows it is known yet.
  let category: string | undefined;
  let categoryWeakness = 0;
  let mostOverdue: Question | undefined;
  let mostOverdueAt = 0;
  let weakestUnseen: Question[] = [];
  let weakest = Number.POSITIVE_INFINITY;
  let oldestUnrated: Question | undefined;
  let oldestUnratedAt = 0;
  let dueSoonest: Question | undefined;
  let dueSoonestAt = 0;
  for (const q of candidates) {
    if (q.id === skip) continue;
    const due = anyDue ? dueAt.get(q.id) : undefined;
    if (due !== undefined) {
      if (due <= now && (mostOverdue === undefined || due < mostOverdueAt)) {
        mostOverdue = q;
        mostOverdueAt = due;
      }
      if (dueSoonest === undefined || due < dueSoonestAt) {
        dueSoonest = q;
        dueSoonestAt = due;
      }
      continue;
    }
    const seen = lastSeen.get(q.id);
    if (seen === undefined) {
      if (anyRated && q.category !== category) {
        category = q.category;
        categoryWeakness = categoryRatings.get(category.toLowerCase()) ?? 0;
      }
      const w = categoryWeakness;
      if (w < weakest) {
        weakest = w;
        weakestUnseen = [q];
      } else if (w === weakest) weakestUnseen.push(q);
    } else if (oldestUnrated === undefined || seen < oldestUnratedAt) {
      oldestUnrated = q;
      oldestUnratedAt = seen;
    }
  }
  if (mostOverdue) return mostOverdue;
  if (weakestUnseen.length > 0) return randomOf(weakestUnseen, random);
  // An unseen question never rated is picked above; an unrated one left here was seen.
  return oldestUnrated ?? dueSoonest;
}

/**
 * The question of the day for a channel: one it has not had in the current round; when the round
 * has used every question, a new round starts (so nothing repeats until the deck is used up).
 */
export function chooseDailyQuestion(
  questions: readonly Question[],
  current: { round: number; used: ReadonlySet<string> },
  random: () => number,
): { question: Question; round: number } | undefined {
  const unused = questions.filter((q) => !current.used.has(q.id));
  const round = unused.length > 0 ? current.round : current.round + 1;
  const pool = unused.length > 0 ? unused : questions;
  const question = pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))];
  return question ? { question, round } : undefined;
}
