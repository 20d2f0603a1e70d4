import { describe, expect, it, vi } from 'vitest';
import { buildLibrary } from '../../src/domain/deck.js';
import { parseDeckMarkdown } from '../../src/domain/deck-markdown.js';
import { categoryRatings, categoryRatingsOf, type PracticeEvent } from '../../src/domain/practice.js';
import { migrationsDir } from '../../src/main.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createPracticeRepository } from '../../src/storage/practice-repository.js';
import { sampleDeck } from '../support/fixtures.js';

/**
 * `/star question` reads a user's history in one pass (`seenAndRated`): it must say what the two
 * reads it replaces said (when each question was last seen; the average self-rating per category),
 * and only for that workspace and user.
 */
describe("a user's practice history, read in one pass", () => {
  const parsed = parseDeckMarkdown(sampleDeck(), 'sample.md', 'sample');
  if (!parsed.ok) throw new Error('fixture deck must parse');
  const { library } = buildLibrary([parsed.deck]);
  const [q1, q2, q3] = library.questions.map((q) => q.id) as [string, string, string];

  it('gives the same last views and category ratings as the separate reads', () => {
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    const practice = createPracticeRepository(db);
    const event = (over: Partial<PracticeEvent>): PracticeEvent => ({
      teamId: 'T1',
      userId: 'U1',
      questionId: q1,
      kind: 'view',
      rating: null,
      source: 'slack',
      at: 1,
      ...over,
    });
    const history: PracticeEvent[] = [
      event({ at: 10 }),
      event({ kind: 'reveal', at: 20 }),
      event({ kind: 'rating', rating: 1, at: 30 }),
      event({ kind: 'rating', rating: 4, at: 40 }),
      event({ questionId: q2, at: 15 }),
      event({ questionId: q2, kind: 'rating', rating: 3, at: 16 }),
      event({ questionId: q3, at: 50 }),
      event({ questionId: q3, kind: 'answer', at: 70, source: 'terminal' }),
      event({ questionId: 'gone-from-the-decks', kind: 'rating', rating: 2, at: 5 }),
      // Another user, and the same user id in another workspace: none of it is theirs.
      event({ userId: 'U2', questionId: q2, kind: 'rating', rating: 1, at: 99 }),
      event({ teamId: 'T2', questionId: q3, kind: 'rating', rating: 1, at: 99 }),
    ];
    for (const one of history) practice.record(one);

    const { lastSeen, ratings } = practice.seenAndRated('T1', 'U1');
    expect(lastSeen).toEqual(practice.lastSeen('T1', 'U1'));
    expect(Object.fromEntries(lastSeen)).toEqual({ [q1]: 40, [q2]: 16, [q3]: 70, 'gone-from-the-decks': 5 });
    expect(categoryRatingsOf(library, ratings)).toEqual(
      categoryRatings(library, practice.ratingsOf('T1', 'U1')),
    );
    expect(practice.seenAndRated('T1', 'U3')).toEqual({ lastSeen: new Map(), ratings: [] });
  });

  it('is read from an index alone, in question order: no row of the table, no sort', () => {
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    const prepared = vi.spyOn(db, 'prepare');
    createPracticeRepository(db);
    const sql = prepared.mock.calls.map(([text]) => text).find((text) => text.includes('count(rating)'));
    if (!sql) throw new Error('the one-pass history read was not prepared');
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('T1', 'U1') as Array<{ detail: string }>;
    expect(plan.map((step) => step.detail)).toEqual([
      'SEARCH practice_events USING COVERING INDEX practice_events_by_user_rated (team_id=? AND user_id=?)',
    ]);
  });
});
