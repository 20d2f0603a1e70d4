import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { visibleText } from '../support/block-kit-limits.js';
import { endToEnd, type Msg, nextHookId, promptOf } from '../support/e2e.js';
import { installAsBrowser, oauthAccess } from '../support/oauth.js';
import { buttonClick, eventCallback, slashCommand, viewSubmission } from '../support/signed-requests.js';

/**
 * Issue 13, points 3 and 5: SQLite never freezes the app, and deleted data leaves the file.
 * - Uninstalling a large workspace (or forget-me of a heavy user) deletes in batches in the
 *   background: other workspaces are served meanwhile, the uninstalled one is not, and a job a
 *   crash left is finished at the next start.
 * - Once the purge is done and the WAL truncated, the workspace's bot token and private answers are
 *   not in the database file or its WAL.
 * - Another process holding the write lock gets users a "busy, try again" at once, not a frozen app;
 *   the daily pass waits for it without blocking requests.
 */

/** `n` rows of `team` written straight into the database (as a long-used workspace has them). */
function seedWorkspace(dbPath: string, team: string, n: number, user = 'U1'): void {
  const db = new Database(dbPath);
  try {
    db.transaction(() => {
      const practice = db.prepare(
        `INSERT INTO practice_events (team_id, user_id, question_id, kind, rating, at) VALUES (?, ?, 'q1', 'rating', 3, ?)`,
      );
      const reaction = db.prepare(
        `INSERT INTO reaction_events (team_id, channel_id, message_ts, reactor_id, reaction, action, event_id, event_time, received_at)
         VALUES (?, 'C1', '1700000000.000100', ?, 'star', 'added', ?, ?, 1)`,
      );
      for (let i = 0; i < n; i++) {
        if (i % 2 === 0) practice.run(team, user, i);
        else reaction.run(team, `UR${i % 300}`, `Ev${team}${i}`, i);
      }
    })();
  } finally {
    db.close();
  }
}

const rowsOf = (e2e: { app: { query: <T>(sql: string, ...p: unknown[]) => T[] } }, team: string): number =>
  ['practice_events', 'reaction_events'].reduce(
    (sum, table) =>
      sum +
      (e2e.app.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE team_id = ?`, team)[0]?.n ?? 0),
    0,
  );

describe('large deletes run in batches in the background', () => {
  const e2e = endToEnd({ app: { logLevel: 'info' } });
  const logs = () => e2e.app.logs.join('\n');

  it('uninstalling a large workspace: others are served while it goes, it is not served until it is gone', async () => {
    seedWorkspace(e2e.dbPath, 'T1', 60_000);
    seedWorkspace(e2e.dbPath, 'T2', 10);
    await e2e.star('question 1', { teamId: 'T2' });

    const uninstall = eventCallback({ type: 'app_uninstalled', event_ts: '1800000000.1' }, { teamId: 'T1' });
    expect((await e2e.app.sendEvent(uninstall)).status).toBe(200);
    // Another workspace's command is answered while T1's rows are still being deleted…
    const card = await e2e.star('question 1', { teamId: 'T2' });
    const left = rowsOf(e2e, 'T1');
    expect(promptOf(card)).toBeDefined();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(60_000);
    // …and T1 itself is told the app is not installed, and writes nothing.
    const refused = await e2e.star('question 1', { teamId: 'T1' });
    expect(visibleText(refused.blocks)).toContain('not installed in this workspace');
    expect(
      e2e.app.query(`SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND kind = 'view'`),
    ).toEqual([{ n: 0 }]);

    await e2e.app.idle();
    expect(rowsOf(e2e, 'T1')).toBe(0);
    expect(rowsOf(e2e, 'T2')).toBe(12); // its 10 rows and the two views
    expect(e2e.app.query('SELECT * FROM purge_jobs')).toEqual([]);
    expect(logs()).toMatch(
      /app_uninstalled: deleted workspace T1 \(\d+ rows: .*practice_events=30000 reaction_events=30000/,
    );
    // Done: the workspace is served again (single-workspace mode: its token is in the settings).
    expect(promptOf(await e2e.star('question 1', { teamId: 'T1' }))).toBeDefined();
    // 60,000 rows written and purged in batches while requests are served: seconds on a busy machine.
  }, 30_000);

  it('a purge a crash left unfinished is finished at the next start', async () => {
    await e2e.app.stop();
    seedWorkspace(e2e.dbPath, 'T1', 5_000);
    seedWorkspace(e2e.dbPath, 'T2', 10);
    // What the crash left: the job, 100 rows into the workspace.
    const db = new Database(e2e.dbPath);
    db.prepare(
      `INSERT INTO purge_jobs (team_id, user_id, reason, who, deleted, requested_at)
       VALUES ('T1', NULL, 'app_uninstalled', 'workspace T1', '{"installations":1,"practice_events":100}', 1)`,
    ).run();
    db.prepare(
      `DELETE FROM practice_events WHERE rowid IN (SELECT rowid FROM practice_events WHERE team_id = 'T1' LIMIT 100)`,
    ).run();
    db.close();
    expect(rowsOf(e2e, 'T1')).toBe(4_900);

    await e2e.restart();
    await e2e.app.idle();
    expect(rowsOf(e2e, 'T1')).toBe(0);
    expect(rowsOf(e2e, 'T2')).toBe(10);
    expect(e2e.app.query('SELECT * FROM purge_jobs')).toEqual([]);
    expect(logs()).toContain(
      'app_uninstalled: deleted workspace T1 (5001 rows: installations=1 practice_events=2500 reaction_events=2500)',
    );
  });

  it('forget-me of a heavy user goes in batches too: others are served meanwhile, the card says what went', async () => {
    seedWorkspace(e2e.dbPath, 'T1', 60_000, 'U1');
    const confirm = await e2e.star('forget-me');
    const button = (
      confirm.blocks as Array<{
        elements?: Array<{ action_id: string; value: string; text: { text: string } }>;
      }>
    )
      .flatMap((b) => b.elements ?? [])
      .find((element) => element.text?.text === 'Delete my data');
    if (!button) throw new Error('no "Delete my data" button');
    const hook = nextHookId('forget');
    expect((await e2e.app.send(buttonClick(button, e2e.standIn.responseUrl(hook)))).status).toBe(200);

    const card = await e2e.star('question 1', { userId: 'U2' });
    const left = e2e.app.query<{ n: number }>(
      `SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U1'`,
    )[0]?.n;
    expect(promptOf(card)).toBeDefined();
    expect(left).toBeGreaterThan(0);

    await e2e.standIn.waitFor(`hook:${hook}`);
    const done = e2e.standIn.hooksOf(hook)[0]?.body as Msg;
    expect(visibleText(done.blocks)).toContain('• 30000 entries in your practice history');
    await e2e.app.idle();
    expect(
      e2e.app.query(`SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U1'`),
    ).toEqual([{ n: 0 }]);
    // The reactions the user gave went with them; U2's view stays.
    expect(
      e2e.app.query(`SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U2'`),
    ).toEqual([{ n: 1 }]);
    expect(e2e.app.query('SELECT * FROM purge_jobs')).toEqual([]);
  });
});

describe('what a purge deleted is not left in the database files', () => {
  const e2e = endToEnd({
    setUpStandIn: (standIn) =>
      standIn.on(
        'oauth.v2.access',
        oauthAccess({ tokenOf: (team) => `xoxb-${team.toLowerCase()}-9f3c1e77d2a4-token` }),
      ),
    app: { oauth: true },
  });

  async function install(team: string): Promise<void> {
    expect((await installAsBrowser(e2e.app.url, team)).status).toBe(200);
  }

  /** Whether `text` is in the database file or its WAL, byte for byte. */
  const inFiles = (text: string) =>
    [e2e.dbPath, `${e2e.dbPath}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(text));

  it('after an uninstall, the workspace’s bot token and private answer are in neither star.db nor its WAL', async () => {
    await install('TA');
    await install('TB');
    const secret = 'Situation: the Zephyrine migration 7d1c stalled for six weeks';
    const view = await e2e.openModal(await e2e.star('question 1', { teamId: 'TA' }), 'Answer it', {
      teamId: 'TA',
    });
    const answer = {
      situation: secret,
      task: 'I owned it.',
      action: 'I split it in two.',
      result: 'Done in 3 weeks.',
    };
    expect((await e2e.app.send(viewSubmission(view, answer, { teamId: 'TA' }))).status).toBe(200);
    await e2e.app.idle();
    expect(e2e.app.query(`SELECT count(*) AS n FROM answers WHERE team_id = 'TA'`)).toEqual([{ n: 1 }]);
    // The test can fail: both are in the files now.
    expect(inFiles('xoxb-ta-9f3c1e77d2a4-token')).toBe(true);
    expect(inFiles(secret)).toBe(true);

    const uninstall = eventCallback({ type: 'app_uninstalled', event_ts: '1800000000.1' }, { teamId: 'TA' });
    expect((await e2e.app.sendEvent(uninstall)).status).toBe(200);
    await e2e.app.idle(); // the purge is done and the WAL truncated

    expect(inFiles('xoxb-ta-9f3c1e77d2a4-token')).toBe(false);
    expect(inFiles(secret)).toBe(false);
    // Only TA's data went: TB's installation is still there.
    expect(inFiles('xoxb-tb-9f3c1e77d2a4-token')).toBe(true);
  });
});

describe('another process holding the database', () => {
  const e2e = endToEnd({ app: { logLevel: 'info' } });

  /** Holds the write lock, as `star daily`, a backup tool or an operator's shell can. */
  function lockDatabase(): { release: () => void } {
    const other = new Database(e2e.dbPath);
    other.exec('BEGIN IMMEDIATE');
    return {
      release: () => {
        if (other.inTransaction) other.exec('ROLLBACK');
        other.close();
      },
    };
  }

  it('requests are told at once to try again, /healthz answers, and service comes back with the lock', async () => {
    const confirm = await e2e.star('forget-me');
    const lock = lockDatabase();
    try {
      // A command that writes (the card's view): the busy notice comes in the acknowledgement.
      const hook = nextHookId('busy');
      const reply = await e2e.app.send(slashCommand('question 1', e2e.standIn.responseUrl(hook)));
      expect(reply.status).toBe(200);
      expect(visibleText((reply.json() as Msg).blocks)).toContain('busy for a moment');
      expect((await fetch(`${e2e.app.url}/healthz`)).status).toBe(200);
      // A click acknowledged before it writes: the notice comes through its response_url.
      const clicked = await e2e.click(confirm, 'Delete my data');
      expect(visibleText(clicked.blocks)).toContain('busy for a moment');
      expect(clicked.replace_original).toBe(false);
    } finally {
      lock.release();
    }
    // Once the lock is gone, the same command is served.
    await vi.waitFor(async () => expect(promptOf(await e2e.star('question 1'))).toBeDefined(), {
      timeout: 2000,
      interval: 100,
    });
    expect(e2e.app.logs.join('\n')).toContain('the user was asked to try again');
  });

  it('a modal submitted while the database is held stays open, what was typed kept', async () => {
    const view = await e2e.openModal(await e2e.star('question 1'), 'Answer it');
    const lock = lockDatabase();
    try {
      const reply = await e2e.app.send(
        viewSubmission(view, {
          situation: 'Our release train kept slipping.',
          task: 'I owned the fix.',
          action: 'I split the train into two lanes.',
          result: 'Slips fell from 6 to 1 a quarter.',
        }),
      );
      expect(reply.json()).toEqual({
        response_action: 'errors',
        errors: { situation: expect.stringContaining('try again in a few seconds') },
      });
    } finally {
      lock.release();
    }
    expect(e2e.app.query('SELECT * FROM answers')).toEqual([]);
  });

  it('the daily pass waits for the lock without holding up requests, then posts', async () => {
    const db = new Database(e2e.dbPath);
    db.prepare(
      `INSERT INTO subscriptions (team_id, channel_id, post_time, time_zone, days, effective_from, created_by, created_at)
       VALUES ('T1', 'C1', '00:00', 'UTC', '1,2,3,4,5,6,7', 0, 'U1', 0)`,
    ).run();
    db.close();
    const lock = lockDatabase();
    let releasedAt: number | undefined;
    const timer = setTimeout(() => {
      lock.release();
      releasedAt = performance.now();
    }, 600);
    try {
      const pass = e2e.app.runDailyPass(Date.now());
      const health = await fetch(`${e2e.app.url}/healthz`);
      expect(health.status).toBe(200);
      expect(releasedAt).toBeUndefined(); // answered while the pass was still waiting for the lock
      const report = await pass;
      expect(releasedAt).toBeDefined();
      expect(report.posted.map((p) => p.channelId)).toEqual(['C1']);
    } finally {
      clearTimeout(timer);
      if (releasedAt === undefined) lock.release();
    }
  });
});
