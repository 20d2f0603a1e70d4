import type { Db } from './database.js';

/**
 * Group commit: writes queued during one turn of the event loop run together at its end, in one
 * IMMEDIATE transaction, each in a savepoint of its own (one that throws is undone alone and
 * rejects alone). A commit costs far more than a small insert (on this app's disks, most of a
 * request's own work), so a burst of requests pays one commit per turn instead of one each.
 * (Measured on 50-request bursts, which arrive in one turn: committing in groups of 4 or 8 as they
 * fill up gave no shorter median wait than one group for the turn, only more commits.)
 *
 * Each write's promise settles once the transaction is committed: a caller that waits for it
 * (before acknowledging a request, say) knows the write is stored. When the transaction cannot be
 * opened or committed (another process holds the write lock past the busy timeout), every write
 * queued in the turn is rejected with that error, and none is stored. (One exception: should SQLite
 * itself roll the transaction back midway, on a full disk or an I/O error, the writes after that run
 * each on their own and are stored though rejected; nothing here is worse than told-failed-but-kept.)
 * A queued write is not seen by reads before the end of the turn. The first write of a turn, when it
 * is a single statement, is not queued: it is written at once (`oneStatement`).
 */
export type GroupCommit = <T>(write: () => T, options?: WriteOptions) => Promise<T>;

/**
 * `oneStatement`: the write runs a single statement (one INSERT, say), which SQLite makes atomic by
 * itself. The first write of a turn (nothing queued, no transaction open) then runs at once, as that
 * statement's own transaction, without a BEGIN IMMEDIATE and a COMMIT of its own and without waiting
 * for the end of the turn: a request sent alone pays no turn of the event loop and two statements
 * fewer, with the same wait for the write lock (the busy timeout) and the same failure when it
 * cannot be had. Its promise settles as a queued write's does, once it is committed. The writes that
 * come after it in the same turn are queued and share a commit, as before (a burst pays one commit
 * more a turn; its figures did not suffer: docs/benchmarks.md).
 */
type WriteOptions = { readonly oneStatement?: boolean };

type Queued = {
  readonly oneStatement: boolean;
  readonly write: () => unknown;
  readonly done: (value: unknown) => void;
  readonly failed: (error: unknown) => void;
};

type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown };

export function groupCommit(db: Db): GroupCommit {
  let queued: Queued[] = [];
  // Whether a write ran at once in this turn: the writes after it in the turn are queued.
  let wroteThisTurn = false;
  const nextTurn = () => {
    wroteThisTurn = false;
  };
  const one = db.transaction((write: () => unknown) => write());
  const all = db.transaction((writes: readonly Queued[]): Outcome[] => {
    // Alone in its turn, a write is its transaction: no savepoint needed to undo it alone.
    const [only] = writes;
    if (writes.length === 1 && only) return [{ ok: true, value: only.write() }];
    return writes.map((queuedWrite) => {
      try {
        return { ok: true, value: one(queuedWrite.write) };
      } catch (error) {
        return { ok: false, error };
      }
    });
  });
  /** A one-statement write run at once, as its own transaction. */
  const runAlone = (write: Queued) => {
    let value: unknown;
    try {
      value = write.write();
    } catch (error) {
      write.failed(error);
      return;
    }
    write.done(value);
  };
  const commit = () => {
    const writes = queued;
    queued = [];
    const [only] = writes;
    if (writes.length === 1 && only?.oneStatement && !db.inTransaction) return runAlone(only);
    let outcomes: Outcome[];
    try {
      outcomes = all.immediate(writes);
    } catch (error) {
      for (const write of writes) write.failed(error);
      return;
    }
    writes.forEach((write, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) write.done(outcome.value);
      else write.failed(outcome ? outcome.error : new Error('the write did not run'));
    });
  };
  return <T>(write: () => T, options?: WriteOptions) =>
    new Promise<T>((done, failed) => {
      const oneStatement = options?.oneStatement === true;
      const entry: Queued = { oneStatement, write, done: done as (value: unknown) => void, failed };
      // The first write of its turn, a single statement: written now (`WriteOptions`).
      if (oneStatement && !wroteThisTurn && queued.length === 0 && !db.inTransaction) {
        wroteThisTurn = true;
        setImmediate(nextTurn);
        return runAlone(entry);
      }
      if (queued.push(entry) === 1) setImmediate(commit);
    });
}
