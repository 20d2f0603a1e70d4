import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/domain/deck.js';
import { pickStudyQuestion, type StudyInput } from '../../src/domain/question-picker.js';

/**
 * `pickStudyQuestion` runs in every `/star question`, so it makes one pass over the candidates. This
 * pins it to the rules as first written (product.md §6), one filter and sort per rule, on many
 * made-up histories: the same question, from the same draws of the random source.
 */
function reference(input: StudyInput): Question | undefined {
  const { candidates, lastSeen, excludeId, random, dueAt, categoryRatings, now } = input;
  const pool = candidates.length > 1 ? candidates.filter((q) => q.id !== excludeId) : candidates;
  const due = pool
    .filter((q) => (dueAt.get(q.id) ?? Number.POSITIVE_INFINITY) <= now)
    .sort((a, b) => (dueAt.get(a.id) ?? 0) - (dueAt.get(b.id) ?? 0));
  if (due[0]) return due[0];
  const unseen = pool.filter((q) => !lastSeen.has(q.id) && !dueAt.has(q.id));
  if (unseen.length > 0) {
    const weakness = (q: Question) => categoryRatings.get(q.category.toLowerCase()) ?? 0;
    const weakest = Math.min(...unseen.map(weakness));
    const pick = unseen.filter((q) => weakness(q) === weakest);
    return pick[Math.min(pick.length - 1, Math.floor(random() * pick.length))];
  }
  const unrated = pool.filter((q) => !dueAt.has(q.id));
  if (unrated.length > 0) {
    let oldest: Question | undefined;
    for (const q of unrated)
      if (oldest === undefined || (lastSeen.get(q.id) ?? 0) < (lastSeen.get(oldest.id) ?? 0)) oldest = q;
    return oldest;
  }
  return [...pool].sort((a, b) => (dueAt.get(a.id) ?? 0) - (dueAt.get(b.id) ?? 0))[0];
}

/** A small deterministic source of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('pickStudyQuestion against the rules as first written', () => {
  it('picks the same question, with the same draws, for 3,000 made-up histories', () => {
    const categories = ['Leadership', 'leadership', 'Conflict Resolution', 'Failure', 'Scale'];
    for (let run = 0; run < 3000; run++) {
      const draw = seeded(run + 1);
      const count = Math.floor(draw() * 9); // 0 to 8 candidates
      const candidates = Array.from(
        { length: count },
        (_, i) => ({ id: `q${i}`, category: categories[Math.floor(draw() * categories.length)] }) as Question,
      );
      const now = 1_000;
      const lastSeen = new Map<string, number>();
      const dueAt = new Map<string, number>();
      for (const q of candidates) {
        if (draw() < 0.5) lastSeen.set(q.id, Math.floor(draw() * 4) * 100); // ties on purpose
        if (draw() < 0.35) dueAt.set(q.id, Math.floor(draw() * 5) * 500); // some due, some later, ties
      }
      const categoryRatings = new Map<string, number>();
      for (const name of ['leadership', 'conflict resolution', 'failure'])
        if (draw() < 0.5) categoryRatings.set(name, 1 + Math.floor(draw() * 3));
      const excludeId = draw() < 0.3 ? `q${Math.floor(draw() * Math.max(count, 1))}` : undefined;
      const input = { candidates, lastSeen, dueAt, categoryRatings, excludeId, now };
      const theirs: number[] = [];
      const ours: number[] = [];
      const randomSeed = run * 7 + 3;
      const expected = reference({ ...input, random: recording(seeded(randomSeed), theirs) });
      const actual = pickStudyQuestion({ ...input, random: recording(seeded(randomSeed), ours) });
      expect(actual?.id, `history ${run}`).toBe(expected?.id);
      expect(ours).toEqual(theirs);
    }
  });
});

function recording(random: () => number, draws: number[]): () => number {
  return () => {
    const value = random();
    draws.push(value);
    return value;
  };
}
