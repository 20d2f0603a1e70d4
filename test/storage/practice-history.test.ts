import { describe, expect, it, vi } from 'vitest';
import { buildLibrary } from '../../src/domain/deck.js';
import { parseDeckMarkdown } from '../../src/domain/deck-markdown.js';
import { categoryRatings, categoryRatingsOf, type PracticeEvent } from '../../src/domain/practice.js';
import { nextCard } from '../../src/domain/spaced-repetition.js';
import { migrationsDir } from '../../src/main.js';
import { createCardRepository } from '../../src/storage/card-repository.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createPracticeRepository } from '../../src/storage/practice-repository.js';
import { createStoryRepository } from '../../src/storage/story-repository.js';
import { sampleDeck } from '../support/fixtures.js';

/**
 * `/star question` reads what it weighs in one statement (`studyState`): it must say what the reads
 * it replaces said (when each question was last seen; the average self-rating per category; when
 * each review card is due; whether the user has stories), and only for that workspace and user.
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

    const cards = createCardRepository(db);
    const stories = createStoryRepository(db);
    cards.save('T1', 'U1', q1, nextCard(undefined, 1, 30), 30);
    cards.save('T1', 'U1', q2, nextCard(undefined, 3, 16), 16);
    // Another user's card and story, and the same user id's in another workspace: not theirs.
    cards.save('T1', 'U2', q3, nextCard(undefined, 4, 99), 99);
    cards.save('T2', 'U1', q3, nextCard(undefined, 4, 99), 99);
    const story = {
      title: 'The outage',
      situation: 's',
      task: 't',
      action: 'a',
      result: 'r',
      lesson: '',
      categories: [],
    };
    stories.add('T1', 'U2', story, 1);
    stories.add('T2', 'U1', story, 1);

    const { lastSeen, ratings, dueAt, hasStories } = practice.studyState('T1', 'U1');
    expect(lastSeen).toEqual(practice.lastSeen('T1', 'U1'));
    expect(Object.fromEntries(lastSeen)).toEqual({ [q1]: 40, [q2]: 16, [q3]: 70, 'gone-from-the-decks': 5 });
    expect(categoryRatingsOf(library, ratings)).toEqual(
      categoryRatings(library, practice.ratingsOf('T1', 'U1')),
    );
    expect(dueAt).toEqual(cards.dueTimes('T1', 'U1'));
    expect([...dueAt.keys()].sort()).toEqual([q1, q2].sort());
    expect(hasStories).toBe(false);
    stories.add('T1', 'U1', story, 2);
    expect(practice.studyState('T1', 'U1').hasStories).toBe(true);
    expect(practice.studyState('T1', 'U3')).toEqual({
      lastSeen: new Map(),
      ratings: [],
      dueAt: new Map(),
      hasStories: false,
    });
  });

  it('is read through indexes, the history from one alone in question order: no scan, no sort', () => {
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    const prepared = vi.spyOn(db, 'prepare');
    createPracticeRepository(db);
    const sql = prepared.mock.calls.map(([text]) => text).find((text) => text.includes('count(rating)'));
    if (!sql) throw new Error('the one-statement read was not prepared');
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('T1', 'U1', 'T1', 'U1', 'T1', 'U1') as Array<{
      detail: string;
    }>;
    const steps = plan.map((step) => step.detail);
    expect(steps).toContain(
      'SEARCH practice_events USING COVERING INDEX practice_events_by_user_rated (team_id=? AND user_id=?)',
    );
    // The cards and the stories, each found through an index on the workspace and the user.
    expect(
      steps.filter((step) => /^SEARCH review_cards .*\(team_id=\? AND user_id=\?\)$/.test(step)),
    ).toHaveLength(1);
    expect(
      steps.filter((step) => /^SEARCH stories .*\(team_id=\? AND user_id=\?\)$/.test(step)),
    ).toHaveLength(1);
    expect(steps.filter((step) => step.startsWith('SCAN') || step.includes('TEMP B-TREE'))).toEqual([]);
  });
});
