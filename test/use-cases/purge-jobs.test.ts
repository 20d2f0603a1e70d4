import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { coreOn, migrationsDir, realClock } from '../../src/main.js';
import { createPurgeWorker } from '../../src/scheduler/purge-worker.js';
import { createLogger } from '../../src/slack/logger.js';
import {
  appBusyTimeoutMs,
  checkpoint,
  type Db,
  isDatabaseBusy,
  openDatabase,
} from '../../src/storage/database.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { forgetMe } from '../../src/use-cases/personal-data.js';
import { type PurgeDeps, type PurgeQueue, purgeBatch } from '../../src/use-cases/purge-jobs.js';
import { purgeWorkspace } from '../../src/use-cases/workspaces.js';
import { sampleStoriesDir, tempDir } from '../support/fixtures.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * Large deletes in batches (issue 13): an uninstall takes the installation at once and records a
 * job; the job goes a batch at a time, each its own transaction, resumable; forget-me the same way.
 */

const now = Date.parse('2026-11-24T10:00:00Z');
let world: World | undefined;
let temp: ReturnType<typeof tempDir> | undefined;
const open: Db[] = [];
afterEach(() => {
  world?.db.close();
  world = undefined;
  for (const db of open.splice(0)) if (db.open) db.close();
  temp?.cleanup();
  temp = undefined;
});

/** A queue that only counts wake-ups: the test runs the batches itself. */
function manualQueue(): PurgeQueue & { wakes: number } {
  const queue = {
    wakes: 0,
    wake: () => {
      queue.wakes += 1;
    },
    finished: async () => undefined,
  };
  return queue;
}

function seed(db: Db, team: string, rows: number, user = 'U1'): void {
  const practice = db.prepare(
    `INSERT INTO practice_events (team_id, user_id, question_id, kind, rating, at) VALUES (?, ?, 'q1', 'view', NULL, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < rows; i++) practice.run(team, user, i);
    db.prepare(
      `INSERT OR IGNORE INTO installations (install_key, team_id, enterprise_id, is_enterprise_install, bot_token, bot_user_id, installation, installed_at)
       VALUES (?, ?, NULL, 0, ?, 'UBOT', '{}', 1)`,
    ).run(`T:${team}`, team, `xoxb-${team}`);
    db.prepare(
      `INSERT OR IGNORE INTO subscriptions (team_id, channel_id, post_time, time_zone, days, effective_from, created_by, created_at)
       VALUES (?, 'C1', '09:00', 'UTC', '1,2,3,4,5', 1, ?, 1)`,
    ).run(team, user);
  })();
}

const count = (db: Db, table: string, team: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE team_id = ?`).get(team) as { n: number }).n;

const purgeDeps = (w: Pick<World, 'workspaces' | 'personal'>): PurgeDeps => ({
  jobs: w.workspaces.jobs,
  workspaces: w.workspaces.workspaces,
  personalData: w.personal.personalData,
  atomically: w.workspaces.atomically,
});

describe('purgeWorkspace', () => {
  it('deletes the installation at once and records a job for the rest; a second event adds none', () => {
    world = inMemoryWorld();
    seed(world.db, 'TA', 50);
    seed(world.db, 'TB', 5);
    const queue = manualQueue();
    const deps = { ...world.workspaces, purges: queue };
    const left = purgeWorkspace(deps, { teamId: 'TA', reason: 'app_uninstalled', now });
    expect(left).toEqual({ teams: ['TA'] });
    expect(queue.wakes).toBe(1);
    expect(count(world.db, 'installations', 'TA')).toBe(0);
    expect(count(world.db, 'practice_events', 'TA')).toBe(50); // not yet: in the background
    expect(count(world.db, 'installations', 'TB')).toBe(1);
    expect(world.db.prepare('SELECT team_id, user_id, reason, who, deleted FROM purge_jobs').all()).toEqual([
      {
        team_id: 'TA',
        user_id: null,
        reason: 'app_uninstalled',
        who: 'workspace TA',
        deleted: '{"installations":1}',
      },
    ]);
    // Slack sends tokens_revoked with app_uninstalled: the workspace is already being deleted.
    expect(purgeWorkspace(deps, { teamId: 'TA', reason: 'tokens_revoked', now })).toEqual({ teams: [] });
    expect(world.db.prepare('SELECT count(*) AS n FROM purge_jobs').get()).toEqual({ n: 1 });
  });

  it('for an org-wide install: a job for the org and for each of its workspaces', () => {
    world = inMemoryWorld();
    world.db
      .prepare(
        `INSERT INTO installations (install_key, team_id, enterprise_id, is_enterprise_install, bot_token, bot_user_id, installation, installed_at)
         VALUES ('E:E1', 'E1', 'E1', 1, 'xoxb-org', 'UBOT', '{}', 1)`,
      )
      .run();
    world.workspaces.installations.linkTeam('T8', 'E:E1');
    world.workspaces.installations.linkTeam('T9', 'E:E1');
    const deps = { ...world.workspaces, purges: manualQueue() };
    purgeWorkspace(deps, { enterpriseId: 'E1', isEnterpriseInstall: true, reason: 'app_uninstalled', now });
    expect(world.db.prepare('SELECT team_id, who FROM purge_jobs ORDER BY id').all()).toEqual([
      { team_id: 'E1', who: 'org E1' },
      { team_id: 'T8', who: 'org E1, workspace T8' },
      { team_id: 'T9', who: 'org E1, workspace T9' },
    ]);
    expect(world.db.prepare('SELECT count(*) AS n FROM installation_teams').get()).toEqual({ n: 0 });
  });
});

describe('purgeBatch', () => {
  it('deletes at most `limit` rows a batch, records its progress, and finishes in the batch that finds nothing', () => {
    world = inMemoryWorld();
    seed(world.db, 'TA', 25);
    seed(world.db, 'TB', 5);
    purgeWorkspace(
      { ...world.workspaces, purges: manualQueue() },
      { teamId: 'TA', reason: 'app_uninstalled', now },
    );
    const deps = purgeDeps(world);

    const first = purgeBatch(deps, 10);
    expect(first).toMatchObject({ kind: 'deleted', rows: 10 });
    // Scheduled work stops first: the subscription went in the first batch.
    expect(count(world.db, 'subscriptions', 'TA')).toBe(0);
    expect(
      JSON.parse((world.db.prepare('SELECT deleted FROM purge_jobs').get() as { deleted: string }).deleted),
    ).toEqual({
      installations: 1,
      subscriptions: 1,
      practice_events: 9,
    });
    // A reinstall meanwhile keeps its installation; a row written meanwhile goes with the rest.
    seed(world.db, 'TA', 1);
    expect(purgeBatch(deps, 10)).toMatchObject({ kind: 'deleted', rows: 10 });
    expect(purgeBatch(deps, 10)).toMatchObject({ kind: 'deleted', rows: 8 });
    const last = purgeBatch(deps, 10);
    expect(last).toEqual({
      kind: 'finished',
      job: expect.objectContaining({
        teamId: 'TA',
        deleted: { installations: 1, subscriptions: 2, practice_events: 26 },
      }),
    });
    expect(purgeBatch(deps, 10)).toEqual({ kind: 'idle' });
    expect(world.db.prepare('SELECT count(*) AS n FROM purge_jobs').get()).toEqual({ n: 0 });
    expect(count(world.db, 'practice_events', 'TA')).toBe(0);
    expect(count(world.db, 'installations', 'TA')).toBe(1); // the reinstall
    expect([count(world.db, 'practice_events', 'TB'), count(world.db, 'installations', 'TB')]).toEqual([
      5, 1,
    ]);
  });

  it('forget-me: a user’s job goes first, one row at a time if need be, reactions on their answers before the answers', () => {
    world = inMemoryWorld();
    seed(world.db, 'TA', 30, 'U9');
    purgeWorkspace(
      { ...world.workspaces, purges: manualQueue() },
      { teamId: 'TA', reason: 'app_uninstalled', now },
    );
    const insert = (sql: string, ...params: unknown[]) => world?.db.prepare(sql).run(...params);
    for (let i = 0; i < 3; i++) {
      const ts = `1700000000.00010${i}`;
      insert(
        `INSERT INTO thread_answers (team_id, channel_id, message_ts, thread_ts, user_id, question_id, source, text, created_at)
         VALUES ('TB', 'C1', ?, '1.1', 'U1', 'q1', 'reply', 'answer', 1)`,
        ts,
      );
      insert(
        `INSERT INTO reaction_events (team_id, channel_id, message_ts, reactor_id, reaction, action, event_id, event_time, received_at)
         VALUES ('TB', 'C1', ?, 'U2', 'star', 'added', ?, 1, 1)`,
        ts,
        `Ev${i}`,
      );
    }
    world.db
      .prepare(
        `INSERT INTO purge_jobs (team_id, user_id, reason, who, deleted, requested_at) VALUES ('TB', 'U1', 'forget-me', 'a user', '{}', 1)`,
      )
      .run();
    const deps = purgeDeps(world);
    const seen: number[] = [];
    for (;;) {
      const step = purgeBatch(deps, 1);
      expect(step.kind === 'idle' ? undefined : step.job.teamId).toBe('TB');
      if (step.kind !== 'deleted') break;
      expect(step.rows).toBe(1);
      // No answer goes while a reaction on it is left.
      seen.push(count(world.db, 'reaction_events', 'TB'));
      if (count(world.db, 'thread_answers', 'TB') < 3)
        expect(count(world.db, 'reaction_events', 'TB')).toBe(0);
    }
    expect(seen).toEqual([2, 1, 0, 0, 0, 0]);
    expect(count(world.db, 'thread_answers', 'TB')).toBe(0);
    expect(count(world.db, 'practice_events', 'TA')).toBe(30); // the workspace job waits its turn
  });
});

describe('the background worker', () => {
  function fileCore(logs: string[] = []) {
    temp ??= tempDir();
    const db = openDatabase(join(temp.dir, 'star.db'), { busyTimeoutMs: appBusyTimeoutMs });
    open.push(db);
    migrate(db, readMigrations(migrationsDir));
    const decks = loadDecks(sampleStoriesDir);
    if (!decks.ok) throw new Error('the sample deck does not load');
    return coreOn(db, decks.library, realClock, { logger: createLogger('info', (line) => logs.push(line)) });
  }

  it('stops between batches; the next start finishes the job, logs it and truncates the WAL', async () => {
    const logs: string[] = [];
    const first = fileCore(logs);
    seed(first.db, 'TA', 5000);
    seed(first.db, 'TB', 10);
    // A worker that stops after its second batch, as a crash would stop it.
    let batches = 0;
    const stopping = createPurgeWorker({
      batch: (limit) => purgeBatch(purgeDeps(first), limit),
      checkpoint: () => checkpoint(first.db),
      busy: isDatabaseBusy,
      logger: createLogger('info', (line) => logs.push(line)),
      sleep: realClock.sleep,
      batchRows: 1000,
      pause: async () => {
        batches += 1;
        if (batches === 2) stopping.stop();
      },
    });
    purgeWorkspace(
      { ...first.workspaces, purges: stopping },
      { teamId: 'TA', reason: 'app_uninstalled', now },
    );
    await stopping.idle(5000);
    expect(batches).toBe(2);
    expect(count(first.db, 'practice_events', 'TA')).toBe(5000 - 1999); // the subscription was one of them
    first.close();

    const second = fileCore(logs);
    expect(count(second.db, 'practice_events', 'TA')).toBe(3001);
    second.purges.wake();
    await second.purges.idle(5000);
    expect(count(second.db, 'practice_events', 'TA')).toBe(0);
    expect(count(second.db, 'practice_events', 'TB')).toBe(10);
    expect(logs.join('\n')).toContain(
      'app_uninstalled: deleted workspace TA (5002 rows: installations=1 subscriptions=1 practice_events=5000)',
    );
    expect(statSync(join(temp?.dir ?? '', 'star.db-wal')).size).toBe(0);
    second.close();
  });

  it('forgetMe resolves with what went, once the worker is done', async () => {
    world = inMemoryWorld();
    seed(world.db, 'TA', 3000, 'U1');
    seed(world.db, 'TA', 5, 'U2');
    // U1 also paused a channel that U2 subscribed: the pause stays, U1's name goes.
    world.db
      .prepare(
        `INSERT INTO subscriptions (team_id, channel_id, post_time, time_zone, days, effective_from, created_by, created_at, paused, pause_reason)
         VALUES ('TA', 'C2', '09:00', 'UTC', '1,2,3,4,5', 1, 'U2', 1, 1, 'paused by <@U1>')`,
      )
      .run();
    const counts = await forgetMe(world.personal, { who: { teamId: 'TA', userId: 'U1' }, now });
    expect(counts).toMatchObject({ practice_events: 3000, subscriptions: 2 });
    expect(
      world.db.prepare(`SELECT user_id, count(*) AS n FROM practice_events GROUP BY user_id`).all(),
    ).toEqual([{ user_id: 'U2', n: 5 }]);
    expect(
      world.db
        .prepare(`SELECT channel_id, created_by, paused, pause_reason FROM subscriptions ORDER BY channel_id`)
        .all(),
    ).toEqual([
      { channel_id: 'C1', created_by: '', paused: 0, pause_reason: null },
      { channel_id: 'C2', created_by: 'U2', paused: 1, pause_reason: 'paused by someone who has since left' },
    ]);
  });

  it('waits out another process’s lock, a pause at a time, and then finishes', async () => {
    const logs: string[] = [];
    const core = fileCore(logs);
    seed(core.db, 'TA', 3000);
    purgeWorkspace(
      { ...core.workspaces, purges: manualQueue() },
      { teamId: 'TA', reason: 'app_uninstalled', now },
    );
    const other = new Database(join(temp?.dir ?? '', 'star.db'));
    open.push(other);
    other.exec('BEGIN IMMEDIATE');
    core.purges.wake();
    let ticks = 0;
    const ticking = setInterval(() => {
      ticks += 1;
    }, 10);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(count(core.db, 'practice_events', 'TA')).toBe(3000);
    expect(ticks).toBeGreaterThan(5); // the event loop was not held while the worker waited
    other.exec('COMMIT');
    await core.purges.idle(5000);
    clearInterval(ticking);
    expect(count(core.db, 'practice_events', 'TA')).toBe(0);
    expect(logs.join('\n')).not.toContain('ERROR');
    core.close();
  });
});
