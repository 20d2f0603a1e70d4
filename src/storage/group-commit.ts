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
 * A queued write is not seen by reads before the end of the turn.
 */
export type GroupCommit = <T>(write: () => T, options?: WriteOptions) => Promise<T>;

/**
 * `oneStatement`: the write runs a single statement (one INSERT, say), which SQLite makes atomic by
 * itself. Alone in its turn, it then runs as that statement's own transaction, without a BEGIN
 * IMMEDIATE and a COMMIT of its own: two statements fewer for a request sent alone, and the same
 * wait for the write lock (the busy timeout) and the same failure when it cannot be had.
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
  const commit = () => {
    const writes = queued;
    queued = [];
    const [only] = writes;
    if (writes.length === 1 && only?.oneStatement && !db.inTransaction) {
      let value: unknown;
      try {
        value = only.write();
      } catch (error) {
        only.failed(error);
        return;
      }
      only.done(value);
      return;
    }
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
      if (queued.push({ oneStatement, write, done: done as (value: unknown) => void, failed }) === 1)
        setImmediate(commit);
    });
}
