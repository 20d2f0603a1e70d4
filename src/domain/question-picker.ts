import type { Library, Question } from './deck.js';

/** How a filter matched: the first rule that finds anything wins. */
export type Match = {
  by: 'all' | 'id' | 'number' | 'category' | 'difficulty' | 'words';
  questions: Question[];
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
  if (wanted === '') return { by: 'all', questions: [...library.questions] };

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

/**
 * Which question to serve next: an unseen one (chosen at random among the unseen), else the one
 * seen longest ago. Spaced repetition (due questions first) will refine this rule.
 */
export function pickQuestion({ candidates, lastSeen, excludeId, random }: PickInput): Question | undefined {
  const pool = candidates.length > 1 ? candidates.filter((q) => q.id !== excludeId) : candidates;
  const unseen = pool.filter((q) => !lastSeen.has(q.id));
  if (unseen.length > 0) return unseen[Math.min(unseen.length - 1, Math.floor(random() * unseen.length))];
  let oldest: Question | undefined;
  for (const q of pool) {
    if (oldest === undefined || (lastSeen.get(q.id) ?? 0) < (lastSeen.get(oldest.id) ?? 0)) oldest = q;
  }
  return oldest;
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
