import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/domain/deck.js';
import { parseDeckMarkdown } from '../../src/domain/deck-markdown.js';
import { matchQuestions, pickQuestion } from '../../src/domain/question-picker.js';
import { sampleDeck } from '../support/fixtures.js';

const parsed = parseDeckMarkdown(sampleDeck(), 'sample.md', 'sample');
if (!parsed.ok) throw new Error('fixture deck must parse');
const { library } = buildLibrary([parsed.deck]);
const numbers = (filter: string | undefined) =>
  matchQuestions(library, filter).questions.map((q) => q.number);

describe('matchQuestions', () => {
  it.each([
    [undefined, 'all', [1, 2, 3]],
    ['', 'all', [1, 2, 3]],
    ['pm-disagreement', 'id', [3]],
    ['2', 'number', [2]],
    ['#3', 'number', [3]],
    ['q1', 'number', [1]],
    ['question 2', 'number', [2]],
    ['conflict', 'category', [3]],
    ['LEADERSHIP', 'category', [1, 2]],
    ['principal', 'difficulty', [2]],
    ['migration', 'words', [2]],
    ['a disagreement with the product manager', 'words', [3]],
    ['quantum', 'words', []],
    ['42', 'number', []],
  ] as const)('%j matches by %s', (filter, by, expected) => {
    expect(matchQuestions(library, filter).by).toBe(by);
    expect(numbers(filter)).toEqual(expected);
  });
});

describe('pickQuestion', () => {
  const all = library.questions;
  const ids = all.map((q) => q.id);
  const fixed = (value: number) => () => value;

  it('serves unseen questions first, chosen by the random source', () => {
    const lastSeen = new Map([[ids[0] ?? '', 1000]]);
    expect(pickQuestion({ candidates: all, lastSeen, random: fixed(0) })?.id).toBe(ids[1]);
    expect(pickQuestion({ candidates: all, lastSeen, random: fixed(0.99) })?.id).toBe(ids[2]);
  });

  it('serves the question seen longest ago once all are seen', () => {
    const lastSeen = new Map([
      [ids[0] ?? '', 3000],
      [ids[1] ?? '', 1000],
      [ids[2] ?? '', 2000],
    ]);
    expect(pickQuestion({ candidates: all, lastSeen, random: fixed(0) })?.id).toBe(ids[1]);
  });

  it('never serves the question on screen again, unless it is the only one', () => {
    const lastSeen = new Map<string, number>();
    for (let i = 0; i < 10; i++) {
      expect(
        pickQuestion({ candidates: all, lastSeen, excludeId: ids[0], random: () => i / 10 })?.id,
      ).not.toBe(ids[0]);
    }
    const only = all.slice(0, 1);
    expect(pickQuestion({ candidates: only, lastSeen, excludeId: ids[0], random: fixed(0) })?.id).toBe(
      ids[0],
    );
  });

  it('visits every question before repeating one (seen questions go last)', () => {
    const lastSeen = new Map<string, number>();
    const served: string[] = [];
    for (let at = 1; at <= 6; at++) {
      const q = pickQuestion({ candidates: all, lastSeen, excludeId: served.at(-1), random: fixed(0.5) });
      if (!q) throw new Error('no question');
      served.push(q.id);
      lastSeen.set(q.id, at);
    }
    expect(new Set(served.slice(0, 3)).size).toBe(3);
    expect(served.slice(3)).toEqual(served.slice(0, 3));
  });

  it('returns nothing for no candidates', () => {
    expect(pickQuestion({ candidates: [], lastSeen: new Map(), random: fixed(0) })).toBeUndefined();
  });
});
