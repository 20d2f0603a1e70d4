import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type AttemptOutcome, redelivery } from '../../src/domain/redelivery-policy.js';
import { coreOn, migrationsDir, realClock } from '../../src/main.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import type { IncomingEvent } from '../../src/storage/event-inbox-repository.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import {
  type InboxDeps,
  inOneCommit,
  type Redeliver,
  receiveEvents,
  redeliverEvents,
  type Settlement,
  settleEvent,
  settleEvents,
} from '../../src/use-cases/event-inbox.js';
import { sampleStoriesDir, tempDir } from '../support/fixtures.js';

/**
 * The event inbox: stored before the acknowledgement, closed when done, delivered again after a
 * failure or a dead process, given up after its last attempt, never replayed over a reinstall.
 * Real repositories on SQLite, as main.ts wires them; the delivery through Bolt is faked.
 */

const decks = loadDecks(sampleStoriesDir);
if (!decks.ok) throw new Error('the sample deck does not load');
const { library } = decks;
const start = Date.parse('2026-11-24T10:00:00Z');
const s = 1000;

let db: Db;
let now = start;
let cleanup = () => {};
afterEach(() => {
  db.close();
  cleanup();
});

function world(file = ':memory:') {
  db = openDatabase(file);
  migrate(db, readMigrations(migrationsDir));
  now = start;
  return coreOn(db, library, { ...realClock, now: () => now });
}

/** `world` on a database file (removed after the test), so another connection can lock it. */
function worldOnFile() {
  const temp = tempDir();
  cleanup = temp.cleanup;
  const file = join(temp.dir, 'star.db');
  return { ...world(file), file };
}

/** Runs `fn` while another connection holds the write lock of `file` (BEGIN IMMEDIATE). */
function whileLockedElsewhere(file: string, fn: () => void): void {
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  try {
    fn();
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
}

const event = (eventId: string, extra: Partial<IncomingEvent> = {}): IncomingEvent => ({
  teamId: 'T1',
  eventId,
  eventType: 'reaction_added',
  body: JSON.stringify({ type: 'event_callback', event_id: eventId }),
  ...extra,
});

const rows = () =>
  db
    .prepare(
      'SELECT team_id, event_id, attempts, retry_at, done_at, outcome, body IS NOT NULL AS has_body FROM event_inbox ORDER BY id',
    )
    .all();

/** One event, stored as the intake stores the events that arrive together. */
function receiveEvent(inbox: InboxDeps, one: IncomingEvent): 'new' | 'seen' | undefined {
  return receiveEvents(inbox, [one])[0];
}

/** A fake delivery through Bolt: records each body, answers `outcome`. */
function deliveries(outcome: Redeliver | AttemptOutcome = 'done') {
  const bodies: string[] = [];
  const deliver: Redeliver = async (body) => {
    bodies.push(body);
    return typeof outcome === 'function' ? outcome(body) : outcome;
  };
  return { bodies, deliver };
}

describe('receiveEvent', () => {
  it('stores an event once per workspace and event id; a retry is seen', () => {
    const { inbox } = world();
    expect(receiveEvent(inbox, event('Ev1'))).toBe('new');
    expect(receiveEvent(inbox, event('Ev1'))).toBe('seen');
    expect(receiveEvent(inbox, event('Ev1', { teamId: 'T2' }))).toBe('new');
    expect(rows()).toEqual([
      {
        team_id: 'T1',
        event_id: 'Ev1',
        attempts: 1,
        retry_at: start + redelivery.leaseMs,
        done_at: null,
        outcome: null,
        has_body: 1,
      },
      {
        team_id: 'T2',
        event_id: 'Ev1',
        attempts: 1,
        retry_at: start + redelivery.leaseMs,
        done_at: null,
        outcome: null,
        has_body: 1,
      },
    ]);
  });

  it('stores the events that arrive together in one transaction, each new or seen in their order', () => {
    const { inbox } = world();
    receiveEvent(inbox, event('Ev1'));
    expect(receiveEvents(inbox, [event('Ev2'), event('Ev1'), event('Ev3'), event('Ev2')])).toEqual([
      'new',
      'seen',
      'new',
      'seen',
    ]);
    expect(rows().map((row) => (row as { event_id: string }).event_id)).toEqual(['Ev1', 'Ev2', 'Ev3']);
  });

  it('stores none of the events that arrive together when the write lock is held elsewhere', () => {
    const { inbox, file } = worldOnFile();
    whileLockedElsewhere(file, () => {
      expect(() => receiveEvents(inbox, [event('EvA'), event('EvB')])).toThrow(
        expect.objectContaining({ code: 'SQLITE_BUSY' }),
      );
    });
    expect(rows()).toEqual([]);
    expect(receiveEvents(inbox, [event('EvA'), event('EvB')])).toEqual(['new', 'new']);
  });

  it('waits for the write lock briefly at most, then throws, leaving the busy timeout as it was', () => {
    const { inbox, file } = worldOnFile();
    whileLockedElsewhere(file, () => {
      const before = Date.now();
      expect(() => receiveEvent(inbox, event('EvBusy'))).toThrow(
        expect.objectContaining({ code: 'SQLITE_BUSY' }),
      );
      expect(Date.now() - before).toBeLessThan(4 * s); // not the connection's own 5 s
      // A connection that has stopped waiting (another process holds the lock) does not wait here either.
      db.pragma('busy_timeout = 0');
      expect(() => receiveEvent(inbox, event('EvBusy'))).toThrow(
        expect.objectContaining({ code: 'SQLITE_BUSY' }),
      );
      expect(db.pragma('busy_timeout', { simple: true })).toBe(0);
      db.pragma('busy_timeout = 5000');
    });
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(receiveEvent(inbox, event('EvBusy'))).toBe('new');
  });
});

describe('settleEvent', () => {
  it('done closes the row and drops its content; a failure waits for its back-off; the last attempt gives up', () => {
    const { inbox } = world();
    receiveEvent(inbox, event('EvDone'));
    receiveEvent(inbox, event('EvFailed'));
    receiveEvent(inbox, event('EvLast'));
    now += 2 * s;
    expect(settleEvent(inbox, event('EvDone'), 1, 'done')).toBe('done');
    expect(settleEvent(inbox, event('EvFailed'), 1, 'failed')).toBe('retry');
    expect(settleEvent(inbox, event('EvLast'), redelivery.maxAttempts, 'failed')).toBe('gave-up');
    expect(rows()).toEqual([
      expect.objectContaining({ event_id: 'EvDone', done_at: now, outcome: 'done', has_body: 0 }),
      expect.objectContaining({ event_id: 'EvFailed', retry_at: now + 30 * s, done_at: null, has_body: 1 }),
      expect.objectContaining({ event_id: 'EvLast', done_at: now, outcome: 'gave-up', has_body: 0 }),
    ]);
  });
});

describe('settleEvents', () => {
  it('records the outcomes of attempts that ended together, as settleEvent records each', () => {
    const { inbox } = world();
    receiveEvents(inbox, [event('EvDone'), event('EvFailed'), event('EvStranger', { teamId: 'TZZ' })]);
    now += 2 * s;
    settleEvents(inbox, [
      { key: event('EvDone'), attempt: 1, outcome: 'done' },
      { key: event('EvFailed'), attempt: 1, outcome: 'failed' },
      { key: event('EvStranger', { teamId: 'TZZ' }), attempt: 1, outcome: 'unauthorized' },
    ]);
    expect(rows()).toEqual([
      expect.objectContaining({ event_id: 'EvDone', done_at: now, outcome: 'done', has_body: 0 }),
      expect.objectContaining({ event_id: 'EvFailed', retry_at: now + 30 * s, done_at: null, has_body: 1 }),
    ]);
  });
});

describe('inOneCommit: what arrives and what ends in one turn, in one commit', () => {
  /** As the intake's end of a turn runs it (src/slack/event-intake.ts): store, then record. */
  const turn = (inbox: InboxDeps, arriving: IncomingEvent[], ending: Settlement[]) =>
    inOneCommit(inbox, () => {
      const stored = receiveEvents(inbox, arriving);
      let failed: unknown;
      try {
        settleEvents(inbox, ending);
      } catch (error) {
        failed = error;
      }
      return { stored, failed };
    });

  it('stores the arrivals and records the outcomes together', () => {
    const { inbox } = world();
    receiveEvents(inbox, [event('EvOld')]);
    now += 2 * s;
    const { stored, failed } = turn(
      inbox,
      [event('EvNew')],
      [{ key: event('EvOld'), attempt: 1, outcome: 'done' }],
    );
    expect([stored, failed]).toEqual([['new'], undefined]);
    expect(rows()).toEqual([
      expect.objectContaining({ event_id: 'EvOld', done_at: now, outcome: 'done' }),
      expect.objectContaining({ event_id: 'EvNew', done_at: null, has_body: 1 }),
    ]);
  });

  it('keeps the arrivals when recording the outcomes fails half-way: none of the outcomes is kept', () => {
    const { inbox } = world();
    receiveEvents(inbox, [event('EvA'), event('EvB')]);
    now += 2 * s;
    let reads = 0;
    // The clock read by the second outcome fails: the first one's close was already written.
    const failing: InboxDeps = {
      ...inbox,
      now: () => {
        reads += 1;
        if (reads === 3) throw new Error('disk I/O error');
        return now;
      },
    };
    const { stored, failed } = turn(
      failing,
      [event('EvNew')],
      [
        { key: event('EvA'), attempt: 1, outcome: 'done' },
        { key: event('EvB'), attempt: 1, outcome: 'done' },
      ],
    );
    expect(stored).toEqual(['new']);
    expect(failed).toEqual(new Error('disk I/O error'));
    expect(db.inTransaction).toBe(false);
    expect(rows()).toEqual([
      expect.objectContaining({ event_id: 'EvA', done_at: null, has_body: 1 }),
      expect.objectContaining({ event_id: 'EvB', done_at: null, has_body: 1 }),
      expect.objectContaining({ event_id: 'EvNew', done_at: null, has_body: 1 }),
    ]);
  });

  it("stores nothing when the write lock is held elsewhere, after the intake's short wait, not the connection's", () => {
    const { inbox, file } = worldOnFile();
    receiveEvents(inbox, [event('EvOld')]);
    whileLockedElsewhere(file, () => {
      const before = Date.now();
      expect(() =>
        turn(inbox, [event('EvNew')], [{ key: event('EvOld'), attempt: 1, outcome: 'done' }]),
      ).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      expect(Date.now() - before).toBeLessThan(4 * s); // not the connection's own 5 s
    });
    expect(db.inTransaction).toBe(false);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(rows()).toEqual([expect.objectContaining({ event_id: 'EvOld', done_at: null })]);
  });
});

describe('an event for a workspace without an installation', () => {
  it('is deleted, live or redelivered: nothing of it is kept, and it is not tried again', async () => {
    const { inbox } = world();
    receiveEvent(inbox, event('EvStranger', { teamId: 'TZZ' }));
    expect(settleEvent(inbox, event('EvStranger', { teamId: 'TZZ' }), 1, 'unauthorized')).toBe('dropped');
    receiveEvent(inbox, event('EvLeft'));
    settleEvent(inbox, event('EvLeft'), 1, 'failed');
    now += redelivery.leaseMs;
    const { deliver } = deliveries('unauthorized'); // uninstalled meanwhile
    expect((await redeliverEvents(inbox, deliver)).dropped.map((e) => e.eventId)).toEqual(['EvLeft']);
    expect(rows()).toEqual([]);
  });
});

describe('redeliverEvents', () => {
  it('delivers a row again only after its lease (a process died) or its back-off (a listener failed)', async () => {
    const { inbox } = world();
    receiveEvent(inbox, event('EvDied'));
    now += 1 * s;
    receiveEvent(inbox, event('EvFailed'));
    settleEvent(inbox, event('EvFailed'), 1, 'failed');
    const { bodies, deliver } = deliveries();

    now = start + 30 * s;
    expect((await redeliverEvents(inbox, deliver)).done).toEqual([]);
    now = start + 31 * s; // EvFailed's back-off is over
    expect((await redeliverEvents(inbox, deliver)).done.map((d) => d.eventId)).toEqual(['EvFailed']);
    now = start + redelivery.leaseMs; // EvDied's lease is over
    const report = await redeliverEvents(inbox, deliver);
    expect(report.done).toEqual([{ eventId: 'EvDied', eventType: 'reaction_added', teamId: 'T1' }]);
    expect(bodies).toEqual([event('EvFailed').body, event('EvDied').body]);
    expect(rows()).toEqual([
      expect.objectContaining({ event_id: 'EvDied', attempts: 2, outcome: 'done' }),
      expect.objectContaining({ event_id: 'EvFailed', attempts: 2, outcome: 'done' }),
    ]);
    now += 10 * redelivery.leaseMs;
    expect((await redeliverEvents(inbox, deliver)).done).toEqual([]);
    expect(bodies).toHaveLength(2);
  });

  it('tries a failing event up to the last attempt, then gives up; a delivery that throws is a failure', async () => {
    const { inbox } = world();
    receiveEvent(inbox, event('EvBroken'));
    settleEvent(inbox, event('EvBroken'), 1, 'failed');
    const { bodies, deliver } = deliveries(async () => {
      throw new Error('listener exploded');
    });
    const gaveUp: string[] = [];
    for (let pass = 0; pass < 20 && gaveUp.length === 0; pass++) {
      now += 10 * 60 * s;
      const report = await redeliverEvents(inbox, deliver);
      gaveUp.push(...report.gaveUp.map((g) => g.eventId));
    }
    expect(gaveUp).toEqual(['EvBroken']);
    expect(bodies).toHaveLength(redelivery.maxAttempts - 1); // the first attempt was the live one
    expect(rows()).toEqual([
      expect.objectContaining({ attempts: redelivery.maxAttempts, outcome: 'gave-up', has_body: 0 }),
    ]);
  });

  it('gives up a row whose last attempt was cut short, without delivering it again', async () => {
    const { inbox } = world();
    receiveEvent(inbox, event('EvDying'));
    db.prepare('UPDATE event_inbox SET attempts = ?').run(redelivery.maxAttempts);
    now += redelivery.leaseMs;
    const { bodies, deliver } = deliveries();
    expect((await redeliverEvents(inbox, deliver)).gaveUp.map((g) => g.eventId)).toEqual(['EvDying']);
    expect(bodies).toEqual([]);
  });

  it('a row another pass has taken is not delivered twice', async () => {
    const { inbox } = world();
    receiveEvent(inbox, event('EvShared'));
    now += redelivery.leaseMs;
    const { bodies, deliver } = deliveries(async () => {
      // While this pass delivers, a second one (another process) finds nothing to take.
      expect((await redeliverEvents(inbox, second.deliver)).done).toEqual([]);
      return 'done';
    });
    const second = deliveries();
    expect((await redeliverEvents(inbox, deliver)).done.map((d) => d.eventId)).toEqual(['EvShared']);
    expect(bodies).toHaveLength(1);
    expect(second.bodies).toEqual([]);
  });

  it('does not replay an uninstall over a newer installation, and replays it otherwise', async () => {
    const { inbox, installations } = world();
    receiveEvent(inbox, event('EvGone', { teamId: 'TA', eventType: 'app_uninstalled' }));
    receiveEvent(inbox, event('EvGoneToo', { teamId: 'TB', eventType: 'app_uninstalled' }));
    now += 5 * s;
    installations.save({
      key: 'T:TA',
      teamId: 'TA',
      enterpriseId: null,
      isEnterpriseInstall: false,
      botToken: 'xoxb-new',
      botUserId: 'UBOT',
      json: '{}',
      at: now,
    });
    now += redelivery.leaseMs;
    const { bodies, deliver } = deliveries();
    const report = await redeliverEvents(inbox, deliver);
    expect(report.stale.map((e) => e.eventId)).toEqual(['EvGone']);
    expect(report.done.map((e) => e.eventId)).toEqual(['EvGoneToo']);
    expect(bodies).toEqual([event('EvGoneToo', { teamId: 'TB' }).body]);
  });

  it('deletes done rows after a day, and never an open one', async () => {
    const { inbox } = world();
    receiveEvent(inbox, event('EvOld'));
    settleEvent(inbox, event('EvOld'), 1, 'done');
    receiveEvent(inbox, event('EvOpen'));
    settleEvent(inbox, event('EvOpen'), 1, 'failed');
    db.prepare("UPDATE event_inbox SET retry_at = ? WHERE event_id = 'EvOpen'").run(
      start + 2 * redelivery.keepDoneMs,
    );
    now = start + redelivery.keepDoneMs - 1;
    const { deliver } = deliveries();
    expect((await redeliverEvents(inbox, deliver)).forgotten).toBe(0);
    now = start + redelivery.keepDoneMs + 1;
    expect((await redeliverEvents(inbox, deliver)).forgotten).toBe(1);
    expect(rows()).toEqual([expect.objectContaining({ event_id: 'EvOpen', done_at: null })]);
  });
});

describe('the inbox and the workspace purge', () => {
  it('a purge of a workspace removes its rows (they carry team_id), and only its rows', () => {
    const { inbox, workspaces } = world();
    receiveEvent(inbox, event('Ev1', { teamId: 'TA' }));
    receiveEvent(inbox, event('Ev1', { teamId: 'TB' }));
    db.transaction(() => workspaces.workspaces.purge('TA'))();
    expect(rows()).toEqual([expect.objectContaining({ team_id: 'TB', event_id: 'Ev1' })]);
  });
});
