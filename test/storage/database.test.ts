import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrationsDir } from '../../src/main.js';
import {
  appBusyTimeoutMs,
  checkpoint,
  type Db,
  isDatabaseBusy,
  openDatabase,
  watchLock,
} from '../../src/storage/database.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createWorkspaceRepository } from '../../src/storage/workspace-repository.js';
import { tempDir } from '../support/fixtures.js';

/**
 * The connection settings that keep SQLite from freezing the app (issue 13): how long a connection
 * waits for another's lock, the fail-fast mode after the first wait, the WAL truncation after purges.
 */

let temp: ReturnType<typeof tempDir>;
let file: string;
const open: Db[] = [];
const track = (db: Db) => {
  open.push(db);
  return db;
};
beforeEach(() => {
  temp = tempDir();
  file = join(temp.dir, 'star.db');
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  temp.cleanup();
});

/** Another connection holding the write lock (`star daily`, a backup tool, a shell). */
function holdWriteLock(): Db {
  const other = track(new Database(file));
  other.exec('BEGIN IMMEDIATE');
  return other;
}

const busyTimeout = (db: Db) => db.pragma('busy_timeout', { simple: true });

describe('how long a connection waits for another’s lock', () => {
  it('the app waits a moment (then SQLite says busy); the command line stays patient', () => {
    expect(appBusyTimeoutMs).toBeLessThanOrEqual(250);
    expect(busyTimeout(track(openDatabase(file, { busyTimeoutMs: appBusyTimeoutMs })))).toBe(
      appBusyTimeoutMs,
    );
    expect(busyTimeout(track(openDatabase(file)))).toBe(5000);
  });

  it('a write that meets the lock fails with busy after the app’s wait, not five seconds', () => {
    const db = track(openDatabase(file, { busyTimeoutMs: appBusyTimeoutMs }));
    db.exec('CREATE TABLE t (x INTEGER) STRICT');
    holdWriteLock();
    const started = performance.now();
    let error: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (1)').run();
    } catch (caught) {
      error = caught;
    }
    expect(isDatabaseBusy(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(isDatabaseBusy(new Error('no such table: t'))).toBe(false);
  });
});

describe('watchLock', () => {
  it('after the first busy, waits no more until the lock is free, then waits as before', async () => {
    const db = track(openDatabase(file, { busyTimeoutMs: appBusyTimeoutMs }));
    db.exec('CREATE TABLE t (x INTEGER) STRICT');
    const lock = watchLock(db, { busyTimeoutMs: appBusyTimeoutMs, probeMs: 10 });
    const other = holdWriteLock();
    let error: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (1)').run();
    } catch (caught) {
      error = caught;
    }
    expect(lock.busy(error)).toBe(true);
    expect(lock.locked).toBe(true);
    expect(busyTimeout(db)).toBe(0); // the next request fails at once instead of waiting its turn
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(lock.locked).toBe(true); // the probe still finds it held

    other.exec('COMMIT');
    await vi.waitFor(() => expect(lock.locked).toBe(false), { timeout: 1000, interval: 10 });
    expect(busyTimeout(db)).toBe(appBusyTimeoutMs);
    db.prepare('INSERT INTO t VALUES (1)').run();
    expect(lock.busy(new Error('other'))).toBe(false);
    lock.stop();
  });
});

describe('checkpoint', () => {
  it('truncates the WAL, and says so only when nothing held an older snapshot', () => {
    const db = track(openDatabase(file));
    db.exec("CREATE TABLE t (x TEXT) STRICT; INSERT INTO t VALUES ('a')");
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const reader = track(new Database(file, { readonly: true }));
    reader.exec('BEGIN');
    reader.prepare('SELECT * FROM t').all(); // a snapshot from before the next write
    db.exec("INSERT INTO t VALUES ('b')");
    const started = performance.now();
    expect(checkpoint(db)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200); // it never waits
    reader.exec('COMMIT');
    expect(checkpoint(db)).toBe(true);
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(checkpoint(track(openDatabase(':memory:')))).toBe(true);
  });

  it('after a delete with secure_delete, the deleted text is in neither file', () => {
    const db = track(openDatabase(file));
    db.exec('CREATE TABLE t (team_id TEXT, x TEXT) STRICT');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (let i = 0; i < 200; i++)
      insert.run(i % 2 ? 'A' : 'B', `${i === 7 ? 'NEEDLE-31415' : 'hay'}`.padEnd(500, '.'));
    checkpoint(db);
    const inFiles = () =>
      [file, `${file}-wal`].some((f) => existsSync(f) && readFileSync(f).includes('NEEDLE-31415'));
    expect(inFiles()).toBe(true);
    db.prepare(`DELETE FROM t WHERE team_id = 'A'`).run();
    expect(checkpoint(db)).toBe(true);
    expect(inFiles()).toBe(false);
  });
});

describe('every table holding a workspace’s rows', () => {
  it('is indexed by team_id first, so a purge batch reads only that workspace’s rows', () => {
    const db = track(openDatabase(':memory:'));
    migrate(db, readMigrations(migrationsDir));
    const unindexed = createWorkspaceRepository(db)
      .tables()
      .filter((table) => {
        const indexes = db
          .prepare<[string], { name: string }>(`SELECT name FROM pragma_index_list(?)`)
          .all(table);
        return !indexes.some(
          (index) =>
            db
              .prepare<[string], { name: string }>(`SELECT name FROM pragma_index_info(?) WHERE seqno = 0`)
              .get(index.name)?.name === 'team_id',
        );
      });
    expect(unindexed).toEqual([]);
  });
});
