import { afterEach, describe, expect, it } from 'vitest';
import { endOfLocalDay } from '../../src/domain/calendar.js';
import { dueToday } from '../../src/use-cases/home.js';
import {
  askForQuestion,
  findFollowUp,
  listTips,
  rateRecall,
  serveQuestion,
} from '../../src/use-cases/practice-question.js';
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

describe('serveQuestion and the App Home agree on what is due', () => {
  it('Practice now serves a card the Home lists as due later today; /star question waits until it is due', () => {
    world = inMemoryWorld();
    const who = { teamId: 'T1', userId: 'U1' };
    const now = Date.parse('2026-11-30T09:00:00Z');
    rateRecall(world.practice, { who, questionId: 'rally-team', rating: 'again', now });
    const later = now + 1000;
    const due = dueToday(world.practice, who, 'Europe/Berlin', later).map((q) => q.id);
    expect(due).toEqual(['rally-team']);
    const endOfDay = endOfLocalDay(later, 'Europe/Berlin');
    const served = serveQuestion(world.practice, { who, now: later, dueBefore: endOfDay });
    expect(served).toMatchObject({ kind: 'question', question: { id: 'rally-team' } });
    // Without the end of the day, a card not yet due gives way to an unseen question.
    const now1 = serveQuestion(world.practice, { who, now: later });
    expect(now1).toMatchObject({ kind: 'question' });
    expect(now1.kind === 'question' && now1.question.id).not.toBe('rally-team');
  });
});

describe('askForQuestion (/star question)', () => {
  it('serves as serveQuestion does, and resolves once the view is stored', async () => {
    world = inMemoryWorld();
    const who = { teamId: 'T1', userId: 'U1' };
    const now = Date.parse('2026-11-30T09:00:00Z');
    const asked = askForQuestion(world.practice, { who, now });
    // The first write of its turn, one INSERT: stored at once, not at the end of the turn.
    expect(practiceRows()).toEqual({ n: 1 });
    // Another in the same turn is written with the other writes of the turn, at its end.
    const another = askForQuestion(world.practice, { who: { teamId: 'T1', userId: 'U2' }, now });
    expect(practiceRows()).toEqual({ n: 1 });
    await another;
    expect(practiceRows()).toEqual({ n: 2 });
    world.db.prepare(`DELETE FROM practice_events WHERE user_id = 'U2'`).run();
    const served = await asked;
    expect(served).toMatchObject({ kind: 'question' });
    const rows = world.db
      .prepare('SELECT team_id, user_id, question_id, kind, source, at FROM practice_events')
      .all();
    expect(rows).toEqual([
      {
        team_id: 'T1',
        user_id: 'U1',
        question_id: served.kind === 'question' ? served.question.id : '',
        kind: 'view',
        source: 'slack',
        at: now,
      },
    ]);
    // Seen now: the next question is another one (unseen first), as with serveQuestion.
    const next = await askForQuestion(world.practice, { who, now: now + 1 });
    expect(next.kind === 'question' && next.question.id).not.toBe(
      served.kind === 'question' && served.question.id,
    );
  });

  it('records nothing when no question matches the filter', async () => {
    world = inMemoryWorld();
    const served = await askForQuestion(world.practice, {
      who: { teamId: 'T1', userId: 'U1' },
      filter: 'no such words anywhere',
      now: 1,
    });
    expect(served.kind).toBe('no-match');
    expect(practiceRows()).toEqual({ n: 0 });
  });
});
