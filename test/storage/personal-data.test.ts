import { describe, expect, it } from 'vitest';
import { coreOn, migrationsDir, realClock } from '../../src/main.js';
import { openDatabase } from '../../src/storage/database.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { exportData, forgetMe } from '../../src/use-cases/personal-data.js';
import { sampleStoriesDir } from '../support/fixtures.js';

/** Rows for one user in one workspace, in every table that names a user. */
function seed(db: ReturnType<typeof openDatabase>, team: string, user: string, n: number) {
  const ts = `17000000${n}.000100`;
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  run(`INSERT INTO display_names (team_id, user_id, name, updated_at) VALUES (?, ?, 'Name', 1)`, team, user);
  run(
    `INSERT INTO practice_events (team_id, user_id, question_id, kind, rating, at) VALUES (?, ?, 'q1', 'rating', 3, 1)`,
    team,
    user,
  );
  run(
    `INSERT INTO answers (team_id, user_id, question_id, situation, task, action, result, created_at) VALUES (?, ?, 'q1', '=cmd()', 't', 'a', 'r', 1)`,
    team,
    user,
  );
  run(
    `INSERT INTO review_cards (team_id, user_id, question_id, card, due_at, updated_at) VALUES (?, ?, 'q1', '{}', 1, 1)`,
    team,
    user,
  );
  run(
    `INSERT INTO reminders (team_id, user_id, remind_time, time_zone, effective_from) VALUES (?, ?, '08:30', 'UTC', 1)`,
    team,
    user,
  );
  run(
    `INSERT INTO daily_outbox (team_id, channel_id, local_date, kind, question_id, round, next_attempt_at, created_at) VALUES (?, ?, '2026-11-24', 'reminder', NULL, 0, 1, 1)`,
    team,
    user,
  );
  run(
    `INSERT INTO subscriptions (team_id, channel_id, post_time, time_zone, days, effective_from, created_by, created_at) VALUES (?, ?, '09:00', 'UTC', '1,2,3,4,5', 1, ?, 1)`,
    team,
    `C${n}`,
    user,
  );
  run(
    `INSERT INTO shared_questions (team_id, channel_id, question_id, shared_by, shared_at, message_ts) VALUES (?, 'C', 'q1', ?, 1, ?)`,
    team,
    user,
    ts,
  );
  run(
    `INSERT INTO thread_answers (team_id, channel_id, message_ts, thread_ts, user_id, question_id, source, text, created_at) VALUES (?, 'C', ?, '1.1', ?, 'q1', 'modal', 'answer', 1)`,
    team,
    ts,
    user,
  );
  run(
    `INSERT INTO reaction_events (team_id, channel_id, message_ts, reactor_id, reaction, action, event_id, event_time, received_at) VALUES (?, 'C', ?, ?, 'star', 'added', ?, 1, 1)`,
    team,
    ts,
    user,
    `Ev${n}`,
  );
  run(
    `INSERT INTO reaction_points (team_id, channel_id, message_ts, reactor_id, author_id, points, updated_at) VALUES (?, 'C', ?, ?, 'UX', 1, 1)`,
    team,
    ts,
    user,
  );
  run(
    `INSERT INTO rubric_reviews (team_id, channel_id, message_ts, reviewer_id, author_id, situation, task, action, result, comment, created_at, updated_at) VALUES (?, 'C', ?, 'UX', ?, 4, 4, 4, 4, '+1 nice', 1, 1)`,
    team,
    ts,
    user,
  );
}

const userColumns = ['user_id', 'reactor_id', 'author_id', 'reviewer_id', 'shared_by', 'created_by'];

describe('forget-me and export', () => {
  const db = openDatabase(':memory:');
  migrate(db, readMigrations(migrationsDir));
  const decks = loadDecks(sampleStoriesDir);
  if (!decks.ok) throw new Error('the sample deck does not load');
  // As main.ts wires it: forget-me records a job, and the background worker deletes in batches.
  const deps = coreOn(db, decks.library, realClock).personal;
  seed(db, 'T1', 'U1', 1);
  seed(db, 'T1', 'U2', 2);
  seed(db, 'T2', 'U1', 3);

  const tables = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]
  ).map((t) => t.name);
  const columnsOf = (table: string) =>
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  /** Rows in `table` that name (team, user) in any user column. */
  const rowsOf = (table: string, team: string, user: string) => {
    const columns = columnsOf(table).filter((c) => userColumns.includes(c));
    const outbox = table === 'daily_outbox' ? ` OR (kind = 'reminder' AND channel_id = '${user}')` : '';
    if (columns.length === 0 && !outbox) return 0;
    const where = [...columns.map((c) => `${c} = '${user}'`), ...(outbox ? [outbox.slice(4)] : [])].join(
      ' OR ',
    );
    return (
      db.prepare(`SELECT count(*) AS n FROM ${table} WHERE team_id = ? AND (${where})`).get(team) as {
        n: number;
      }
    ).n;
  };

  it('export holds the user’s practice, answers (private and posted in threads) and reviews received, formula-safe', () => {
    const { csv, rows } = exportData(deps, { teamId: 'T1', userId: 'U1' });
    expect(rows).toBe(4);
    expect(csv).toContain(`answer,1970-01-01T00:00:00.001Z,q1,private answer,,,"Situation: =cmd()`);
    expect(csv).toContain('answer,1970-01-01T00:00:00.001Z,q1,thread reply,,C,answer');
    expect(csv).toContain("review received,1970-01-01T00:00:00.001Z,,rubric,,C,'+1 nice,UX,S4 T4 A4 R4");
  });

  it('deletes every row naming the user in that workspace, and nothing of anyone else', async () => {
    const before = Object.fromEntries(tables.map((t) => [t, [rowsOf(t, 'T1', 'U2'), rowsOf(t, 'T2', 'U1')]]));
    const counts = await forgetMe(deps, { who: { teamId: 'T1', userId: 'U1' }, now: 1 });
    for (const table of tables) {
      expect(rowsOf(table, 'T1', 'U1'), table).toBe(0);
      expect([rowsOf(table, 'T1', 'U2'), rowsOf(table, 'T2', 'U1')], table).toEqual(before[table]);
    }
    expect(counts).toMatchObject({
      practice_events: 1,
      answers: 1,
      review_cards: 1,
      reminders: 1,
      reminder_messages: 1,
      subscriptions: 1,
      shared_questions: 1,
    });
    // The channel keeps its subscription and its shared question, without the user's name.
    expect(
      db.prepare(`SELECT created_by FROM subscriptions WHERE team_id = 'T1' AND channel_id = 'C1'`).get(),
    ).toEqual({ created_by: '' });
  });
});
