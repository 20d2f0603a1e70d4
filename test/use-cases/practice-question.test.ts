import { afterEach, describe, expect, it } from 'vitest';
import { findFollowUp, listTips } from '../../src/use-cases/practice-question.js';
import { inMemoryWorld, type World } from './in-memory.js';

/** What the question cards read from the decks, through use cases (never the library directly). */

let world: World;
afterEach(() => world.db.close());

const practiceRows = () => world.db.prepare('SELECT count(*) AS n FROM practice_events').get();

describe('findFollowUp', () => {
  it('finds a question by id while the decks still have it and that follow-up', () => {
    world = inMemoryWorld();
    // rally-team has two follow-ups, pm-disagreement one.
    expect(findFollowUp(world.practice, { questionId: 'rally-team', index: 1 })?.id).toBe('rally-team');
    expect(findFollowUp(world.practice, { questionId: 'pm-disagreement', index: 0 })?.id).toBe(
      'pm-disagreement',
    );
    expect(findFollowUp(world.practice, { questionId: 'pm-disagreement', index: 1 })).toBeUndefined();
    expect(findFollowUp(world.practice, { questionId: 'gone', index: 0 })).toBeUndefined();
  });

  it('records no practice (showing an answer already opened is no new practice)', () => {
    world = inMemoryWorld();
    findFollowUp(world.practice, { questionId: 'rally-team', index: 0 });
    expect(practiceRows()).toEqual({ n: 0 });
  });
});

describe('listTips', () => {
  it('lists the decks’ tips', () => {
    world = inMemoryWorld();
    expect(listTips(world.practice).map((tips) => tips.title)).toEqual(['Key Takeaways', 'Practice Tips']);
  });
});
