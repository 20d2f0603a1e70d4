import { describe, expect, it } from 'vitest';
import { defaultWeights } from '../../src/domain/scoring.js';
import { migrationsDir } from '../../src/main.js';
import { openDatabase } from '../../src/storage/database.js';
import { groupCommit } from '../../src/storage/group-commit.js';
import { createLeaderboardRepository } from '../../src/storage/leaderboard-repository.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createReviewRepository } from '../../src/storage/review-repository.js';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.js';
import { createThreadAnswerRepository } from '../../src/storage/thread-answer-repository.js';
import { createWorkspaceRepository } from '../../src/storage/workspace-repository.js';
import { type People, recordReaction } from '../../src/use-cases/peer-review.js';

/** Migration 0007: a reactor's kind may be unknown in the ledger; the last display name per user. */
const migrations = readMigrations(migrationsDir);
const before0007 = migrations.filter((m) => m.version < 7);

function fresh() {
  const db = openDatabase(':memory:');
  migrate(db, migrations);
  return db;
}

const insertEvent = (
  db: ReturnType<typeof openDatabase>,
  row: { team?: string; reactor: string; eventId: string; isBot?: number | null; ts?: string },
) =>
  db
    .prepare(
      `INSERT INTO reaction_events (team_id, channel_id, message_ts, reactor_id, reaction, action, ${row.isBot === undefined ? '' : 'reactor_is_bot, '}event_id, event_time, received_at)
       VALUES (?, 'C1', ?, ?, 'star', 'added', ${row.isBot === undefined ? '' : '?, '}?, 1, 1)`,
    )
    .run(
      row.team ?? 'T1',
      row.ts ?? '1.000100',
      row.reactor,
      ...(row.isBot === undefined ? [] : [row.isBot]),
      row.eventId,
    );

describe('migration 0007 on an existing ledger', () => {
  it('keeps every row as it was, and lets the kind be unknown (never defaulting to "a person")', () => {
    const db = openDatabase(':memory:');
    migrate(db, before0007);
    insertEvent(db, { reactor: 'U2', eventId: 'Ev1', isBot: 0 });
    insertEvent(db, { reactor: 'UBOT', eventId: 'Ev2', isBot: 1 });
    const old = db.prepare('SELECT * FROM reaction_events ORDER BY id').all();

    expect(migrate(db, migrations)).toEqual({ from: 6, to: migrations.length });
    expect(db.prepare('SELECT * FROM reaction_events ORDER BY id').all()).toEqual(old);

    insertEvent(db, { reactor: 'U3', eventId: 'Ev3' });
    insertEvent(db, { reactor: 'U4', eventId: 'Ev4', isBot: null });
    expect(
      db
        .prepare(`SELECT reactor_id, reactor_is_bot FROM reaction_events WHERE event_id IN ('Ev3', 'Ev4')`)
        .all(),
    ).toEqual([
      { reactor_id: 'U3', reactor_is_bot: null },
      { reactor_id: 'U4', reactor_is_bot: null },
    ]);
    expect(() => insertEvent(db, { reactor: 'U5', eventId: 'Ev5', isBot: 2 })).toThrow(/CHECK/);
    // The ledger's uniqueness still holds: a retried event is stored once.
    expect(() => insertEvent(db, { reactor: 'U2', eventId: 'Ev1', isBot: 0 })).toThrow(/UNIQUE/);
    expect(
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reaction_events'`)
        .all(),
    ).toContainEqual({ name: 'reaction_events_by_reactor' });
  });

  it('a bot guessed to be a person before 0007 stops scoring once Slack says it is a bot', async () => {
    const db = openDatabase(':memory:');
    migrate(db, before0007);
    // What the old code stored after a failed users.info: "a person", and a point for the bot.
    db.prepare(
      `INSERT INTO thread_answers (team_id, channel_id, message_ts, thread_ts, user_id, question_id, source, text, created_at)
       VALUES ('T1', 'C1', '1.000100', '1.000001', 'U7', 'q1', 'reply', 'an answer', 1)`,
    ).run();
    insertEvent(db, { reactor: 'UBOT', eventId: 'Ev1', isBot: 0 });
    db.prepare(
      `INSERT INTO reaction_points (team_id, channel_id, message_ts, reactor_id, author_id, points, updated_at)
       VALUES ('T1', 'C1', '1.000100', 'UBOT', 'U7', 2, 1)`,
    ).run();
    migrate(db, migrations);
    // Start-up tells answers from comments in replies stored before 0011 (classifyStoredReplies).
    db.prepare(`UPDATE thread_answers SET kind = 'answer'`).run();

    const bot: People = { lookup: async (_t, userId) => ({ userId, name: 'Jira Bot', isBot: true }) };
    const deps = {
      reviews: createReviewRepository(db),
      threadAnswers: createThreadAnswerRepository(db),
      leaderboard: createLeaderboardRepository(db),
      subscriptions: createSubscriptionRepository(db),
      weights: defaultWeights,
      people: bot,
      atomically: <T>(fn: () => T) => db.transaction(fn).immediate(),
      later: groupCommit(db),
    };
    // Its next reaction, on a message that is not an answer, comes with Slack's answer.
    const result = await recordReaction(
      deps,
      {
        teamId: 'T1',
        channelId: 'C1',
        messageTs: '2.000100',
        itemType: 'message',
        reactorId: 'UBOT',
        reaction: 'eyes',
        action: 'added',
        eventId: 'Ev2',
        eventTime: 2,
      },
      5,
    );
    expect(result).toBe('not-an-answer');
    expect(deps.reviews.answerPoints('T1', 'C1', '1.000100')).toBe(0);
  });
});

describe('a reactor’s kind, from the ledger', () => {
  it('is the latest one Slack gave, by arrival, per workspace; unknown until Slack gives one', () => {
    const db = fresh();
    const reviews = createReviewRepository(db);
    expect(reviews.reactorIsBot('T1', 'U2')).toBeUndefined();
    insertEvent(db, { reactor: 'U2', eventId: 'Ev1', isBot: null });
    expect(reviews.reactorIsBot('T1', 'U2')).toBeUndefined();
    insertEvent(db, { reactor: 'U2', eventId: 'Ev2', isBot: 1, ts: '2.000100' });
    insertEvent(db, { reactor: 'U2', eventId: 'Ev3', isBot: 0, ts: '3.000100' });
    insertEvent(db, { reactor: 'U2', eventId: 'Ev4', isBot: null, ts: '4.000100' });
    expect(reviews.reactorIsBot('T1', 'U2')).toBe(false);
    expect(reviews.reactorIsBot('T2', 'U2')).toBeUndefined();
    expect(reviews.messagesReactedToBy('T1', 'U2')).toHaveLength(4);
    expect(reviews.messagesReactedToBy('T2', 'U2')).toEqual([]);
  });

  it('an event recorded with an unknown kind is stored as NULL, not as "a person"', () => {
    const db = fresh();
    const reviews = createReviewRepository(db);
    const event = {
      teamId: 'T1',
      channelId: 'C1',
      messageTs: '1.000100',
      reactorId: 'U2',
      reaction: 'star',
      action: 'added' as const,
      eventTime: 1,
      at: 1,
    };
    reviews.addReactionEvent({ ...event, eventId: 'Ev1', reactorIsBot: undefined });
    reviews.addReactionEvent({ ...event, eventId: 'Ev2', eventTime: 2, reactorIsBot: false });
    reviews.addReactionEvent({ ...event, eventId: 'Ev3', eventTime: 3, reactorIsBot: true });
    expect(db.prepare('SELECT reactor_is_bot FROM reaction_events ORDER BY id').all()).toEqual([
      { reactor_is_bot: null },
      { reactor_is_bot: 0 },
      { reactor_is_bot: 1 },
    ]);
  });
});

describe('display names', () => {
  it('keep the last name Slack gave, per workspace and user', () => {
    const db = fresh();
    const names = createLeaderboardRepository(db);
    names.rememberName('T1', 'U7', 'Cleo', 1);
    names.rememberName('T1', 'U7', 'Cleo', 2);
    expect(db.prepare('SELECT * FROM display_names').all()).toEqual([
      { team_id: 'T1', user_id: 'U7', name: 'Cleo', updated_at: 1 },
    ]);
    names.rememberName('T1', 'U7', 'Cleo M.', 3);
    names.rememberName('T2', 'U7', 'Someone else', 3);
    expect(names.lastKnownName('T1', 'U7')).toBe('Cleo M.');
    expect(names.lastKnownName('T2', 'U7')).toBe('Someone else');
    expect(names.lastKnownName('T1', 'U8')).toBeUndefined();
  });

  it('go with their workspace when it is purged (uninstall)', () => {
    const db = fresh();
    const names = createLeaderboardRepository(db);
    names.rememberName('T1', 'U7', 'Cleo', 1);
    names.rememberName('T2', 'U7', 'Cleo', 1);
    const counts = db.transaction(() => createWorkspaceRepository(db).purge('T1'))();
    expect(counts.display_names).toBe(1);
    expect(names.lastKnownName('T1', 'U7')).toBeUndefined();
    expect(names.lastKnownName('T2', 'U7')).toBe('Cleo');
  });
});
