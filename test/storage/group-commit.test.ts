import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { groupCommit } from '../../src/storage/group-commit.js';
import { tempDir } from '../support/fixtures.js';

/**
 * Group commit: the writes queued in one turn of the event loop are committed together, each
 * settling only once committed; a write that throws is undone alone; a lock held elsewhere fails
 * them all and stores none. A one-statement write first in its turn runs at once, on its own.
 */

let temp: ReturnType<typeof tempDir>;
let db: Db;
let other: Db | undefined;
beforeEach(() => {
  temp = tempDir();
  db = openDatabase(join(temp.dir, 'star.db'), { busyTimeoutMs: 50 });
  db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
});
afterEach(() => {
  other?.close();
  other = undefined;
  db.close();
  temp.cleanup();
});

const insert = (n: number) => () => db.prepare('INSERT INTO t (n) VALUES (?)').run(n).changes;
const stored = () => (db.prepare('SELECT n FROM t ORDER BY n').pluck().all() as number[]).join(',');

describe('groupCommit', () => {
  it('runs the writes of one turn at its end, in one transaction, and settles each once committed', async () => {
    const later = groupCommit(db);
    const seen: string[] = [];
    const first = later(() => {
      seen.push(`first in a transaction: ${db.inTransaction}`);
      return insert(1)();
    });
    const second = later(() => {
      // The first write is there already: the same transaction, not yet committed.
      seen.push(`second sees ${stored()}`);
      return insert(2)();
    });
    expect(stored()).toBe(''); // queued: nothing written during the turn
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(seen).toEqual(['first in a transaction: true', 'second sees 1']);
    expect(db.inTransaction).toBe(false);
    // Committed: another connection reads them.
    other = new Database(join(temp.dir, 'star.db'));
    expect(other.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
  });

  it('undoes and rejects only a write that throws; the others are committed', async () => {
    const later = groupCommit(db);
    const good = later(insert(1));
    const bad = later(() => {
      insert(2)();
      throw new Error('this write fails');
    });
    const alsoGood = later(insert(3));
    await expect(bad).rejects.toThrow('this write fails');
    await expect(Promise.all([good, alsoGood])).resolves.toEqual([1, 1]);
    expect(stored()).toBe('1,3');
  });

  it('rejects a write alone in its turn that throws, and stores nothing of it', async () => {
    const later = groupCommit(db);
    await expect(
      later(() => {
        insert(1)();
        throw new Error('this write fails');
      }),
    ).rejects.toThrow('this write fails');
    expect(stored()).toBe('');
    expect(db.inTransaction).toBe(false);
  });

  it('fails every write of the turn, and stores none, when another connection holds the write lock', async () => {
    other = new Database(join(temp.dir, 'star.db'));
    other.exec('BEGIN IMMEDIATE');
    const later = groupCommit(db);
    const writes = [later(insert(1)), later(insert(2))];
    for (const write of writes) await expect(write).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    expect(stored()).toBe('');
    // The next turn commits again.
    await expect(later(insert(3))).resolves.toBe(1);
    expect(stored()).toBe('3');
  });

  it('runs a one-statement write first in its turn at once, as that statement, committed when it settles', async () => {
    const later = groupCommit(db);
    let inTransaction: boolean | undefined;
    const write = later(
      () => {
        inTransaction = db.inTransaction;
        return insert(1)();
      },
      { oneStatement: true },
    );
    // Written and committed already, not queued to the end of the turn: another connection reads it.
    expect(inTransaction).toBe(false); // no BEGIN of its own: the INSERT is its transaction
    other = new Database(join(temp.dir, 'star.db'));
    expect(other.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    await expect(write).resolves.toBe(1);
  });

  it('queues the writes after a one-statement write run at once in the same turn, and commits them together', async () => {
    const later = groupCommit(db);
    const seen: boolean[] = [];
    const first = later(insert(1), { oneStatement: true });
    const second = later(
      () => {
        seen.push(db.inTransaction);
        return insert(2)();
      },
      { oneStatement: true },
    );
    const third = later(insert(3));
    expect(stored()).toBe('1'); // the first at once; the others at the end of the turn
    await expect(Promise.all([first, second, third])).resolves.toEqual([1, 1, 1]);
    expect(seen).toEqual([true]); // in the turn's transaction
    expect(stored()).toBe('1,2,3');
    // The next turn's first one-statement write runs at once again.
    const next = later(insert(4), { oneStatement: true });
    expect(stored()).toBe('1,2,3,4');
    await next;
  });

  it('fails a one-statement write alone in its turn, and stores nothing, when another connection holds the write lock', async () => {
    other = new Database(join(temp.dir, 'star.db'));
    other.exec('BEGIN IMMEDIATE');
    const later = groupCommit(db);
    await expect(later(insert(1), { oneStatement: true })).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    expect(stored()).toBe('');
  });

  it('queues a one-statement write made inside a transaction: committed with the turn, not before its caller', async () => {
    const later = groupCommit(db);
    let write: Promise<number> | undefined;
    db.transaction(() => {
      insert(1)();
      write = later(insert(2), { oneStatement: true });
    })();
    other = new Database(join(temp.dir, 'star.db'));
    expect(other.prepare('SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1]); // the caller's, not the queued one
    await expect(write).resolves.toBe(1);
    expect(other.prepare('SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1, 2]);
  });

  it('rejects a one-statement write run at once that fails, alone: the next write of the turn is queued and stored', async () => {
    const later = groupCommit(db);
    const bad = later(
      () => db.prepare('INSERT INTO t (n) VALUES (NULL)').run().changes, // NOT NULL: fails
      { oneStatement: true },
    );
    const next = later(insert(2), { oneStatement: true });
    expect(stored()).toBe(''); // the failed one stored nothing; the next waits for the turn's end
    await expect(bad).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    await expect(next).resolves.toBe(1);
    expect(stored()).toBe('2');
  });

  it('groups a one-statement write with the others of its turn, each in its savepoint', async () => {
    const later = groupCommit(db);
    const seen: boolean[] = [];
    const queuedFirst = later(insert(0)); // not one statement: queued, and the writes after it too
    const one = later(
      () => {
        seen.push(db.inTransaction);
        return insert(1)();
      },
      { oneStatement: true },
    );
    const bad = later(() => {
      insert(2)();
      throw new Error('this write fails');
    });
    const two = later(insert(3), { oneStatement: true });
    await expect(bad).rejects.toThrow('this write fails');
    await expect(Promise.all([queuedFirst, one, two])).resolves.toEqual([1, 1, 1]);
    expect(seen).toEqual([true]);
    expect(stored()).toBe('0,1,3');
  });

  it('commits writes queued in different turns separately', async () => {
    const later = groupCommit(db);
    await later(insert(1));
    const before = other ?? new Database(join(temp.dir, 'star.db'));
    other = before;
    expect(before.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    await later(insert(2));
    expect(before.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
  });
});
