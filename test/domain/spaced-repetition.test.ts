import { describe, expect, it } from 'vitest';
import { buildLibrary, type Question } from '../../src/domain/deck.js';
import { parseDeckMarkdown } from '../../src/domain/deck-markdown.js';
import { categoryRatings, type PracticeEvent, type Rating } from '../../src/domain/practice.js';
import { pickStudyQuestion } from '../../src/domain/question-picker.js';
import { cardFromJson, cardToJson, nextCard, type ReviewCard } from '../../src/domain/spaced-repetition.js';
import { sampleDeck } from '../support/fixtures.js';

const day = 86_400_000;
const start = Date.parse('2026-11-02T09:00:00Z');
const parsed = parseDeckMarkdown(sampleDeck(), 'sample.md', 'sample');
if (!parsed.ok) throw new Error('fixture');
const { library } = buildLibrary([parsed.deck]);
const [q1, q2, q3] = library.questions as [Question, Question, Question];

describe('FSRS scheduling', () => {
  it('Easy pushes a new question out by days; Again brings it back within minutes', () => {
    expect(nextCard(undefined, 4, start).due.getTime() - start).toBeGreaterThanOrEqual(3 * day);
    expect(nextCard(undefined, 1, start).due.getTime() - start).toBeLessThan(day);
  });

  it('over simulated weeks, intervals grow with Good and shrink after Again', () => {
    let card: ReviewCard | undefined;
    let now = start;
    const intervals: number[] = [];
    for (const rating of [3, 3, 3, 3, 1, 3] as Rating[]) {
      card = nextCard(card, rating, now);
      intervals.push(card.due.getTime() - now);
      now = card.due.getTime(); // review exactly when due
    }
    expect(intervals[3]).toBeGreaterThan(intervals[2] ?? 0);
    expect(intervals[2]).toBeGreaterThan(intervals[1] ?? 0);
    expect(intervals[4]).toBeLessThan(day); // Again: back the same day
    expect(intervals[3]).toBeGreaterThan(7 * day);
  });

  it('a stored card that is not a card is refused, not scheduled from', () => {
    const card = JSON.parse(cardToJson(nextCard(undefined, 3, start)));
    expect(() => cardFromJson('{}')).toThrow();
    expect(() => cardFromJson(JSON.stringify({ ...card, due: 'tomorrow' }))).toThrow(/due/);
    expect(() => cardFromJson(JSON.stringify({ ...card, state: 7 }))).toThrow(/state/);
    expect(cardFromJson(JSON.stringify({ ...card, last_review: null })).last_review).toBeUndefined();
  });

  it('cards survive a round trip through JSON', () => {
    const card = nextCard(undefined, 3, start);
    const back = cardFromJson(cardToJson(card));
    expect(back.due.getTime()).toBe(card.due.getTime());
    expect(nextCard(back, 3, card.due.getTime()).due.getTime()).toBe(
      nextCard(card, 3, card.due.getTime()).due.getTime(),
    );
  });
});

describe('pickStudyQuestion (no filter)', () => {
  const base = { candidates: library.questions, random: () => 0, categoryRatings: new Map<string, number>() };

  it('serves due questions first, the most overdue first', () => {
    const dueAt = new Map([
      [q1.id, start - day],
      [q2.id, start - 2 * day],
      [q3.id, start + day],
    ]);
    const lastSeen = new Map([...dueAt.keys()].map((id) => [id, start - 3 * day]));
    expect(pickStudyQuestion({ ...base, lastSeen, dueAt, now: start })?.id).toBe(q2.id);
  });

  it('then unseen questions from the weakest category', () => {
    const events: PracticeEvent[] = [
      { teamId: 'T', userId: 'U', questionId: q1.id, kind: 'rating', rating: 1, source: 'slack', at: start },
      { teamId: 'T', userId: 'U', questionId: q3.id, kind: 'rating', rating: 4, source: 'slack', at: start },
    ];
    const ratingsByCategory = categoryRatings(library, events);
    expect(ratingsByCategory).toEqual(
      new Map([
        ['leadership', 1],
        ['conflict resolution', 4],
      ]),
    );
    // q1 (Leadership) and q3 (Conflict) are scheduled later; q2 (Leadership, the weaker one) is unseen.
    const dueAt = new Map([
      [q1.id, start + day],
      [q3.id, start + 8 * day],
    ]);
    const lastSeen = new Map([
      [q1.id, start],
      [q3.id, start],
    ]);
    expect(
      pickStudyQuestion({ ...base, categoryRatings: ratingsByCategory, lastSeen, dueAt, now: start })?.id,
    ).toBe(q2.id);
  });

  it('among unseen questions, the weakest category comes first (never rated counts as weakest)', () => {
    const lastSeen = new Map<string, number>();
    const dueAt = new Map<string, number>();
    const leadershipWeak = new Map([
      ['leadership', 1.5],
      ['conflict resolution', 3.5],
    ]);
    for (const random of [0, 0.5, 0.99]) {
      const q = pickStudyQuestion({
        ...base,
        random: () => random,
        categoryRatings: leadershipWeak,
        lastSeen,
        dueAt,
        now: start,
      });
      expect(q?.category).toBe('Leadership');
    }
    const conflictUnrated = new Map([['leadership', 2]]);
    expect(
      pickStudyQuestion({ ...base, categoryRatings: conflictUnrated, lastSeen, dueAt, now: start })?.category,
    ).toBe('Conflict Resolution');
  });

  it('a question rated Easy comes back last, after everything else', () => {
    const now = start;
    const dueAt = new Map([
      [q1.id, nextCard(undefined, 4, now).due.getTime()], // Easy
      [q2.id, nextCard(undefined, 3, now).due.getTime() + day], // Good, then a day later
      [q3.id, nextCard(undefined, 2, now).due.getTime() + day], // Hard
    ]);
    const lastSeen = new Map([...dueAt.keys()].map((id) => [id, now]));
    const served: string[] = [];
    let excludeId: string | undefined;
    for (let i = 0; i < 2; i++) {
      const q = pickStudyQuestion({ ...base, lastSeen, dueAt, now, excludeId });
      served.push(q?.id ?? '');
      excludeId = q?.id;
      dueAt.set(q?.id ?? '', now + 30 * day);
    }
    expect(served).not.toContain(q1.id);
  });
});
