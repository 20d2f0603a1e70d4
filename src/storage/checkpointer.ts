import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { checkpoint, type Db } from './database.js';

/**
 * WAL checkpoints mostly off the event loop. Copying the WAL into the database file costs about
 * 45 µs a page; left to SQLite, the app's own connection does it in the commit that takes the WAL
 * past 1000 pages, so some request waits 50 ms or more (during a large delete, two thirds of the
 * time goes there). So the app's connection does not checkpoint by itself: when the WAL passes
 * `pages` (looked at every `everyMs`), a worker thread with a connection of its own copies it
 * (PASSIVE: it holds up no one), and then the app's connection copies the few pages written
 * meanwhile, a millisecond or two, so the WAL is complete and the next write starts it again from
 * the beginning (a WAL never complete would only grow). `truncate` does the same and then truncates
 * the WAL to zero bytes (after a purge). The thread starts the first time it is needed; if it
 * fails, the app's connection checkpoints by itself again, as SQLite does by default.
 */
export type Checkpointer = {
  /**
   * Resolves when the WAL is within its limit: at once, or after copying it. A large writer (the
   * purge) awaits it between batches, so it never outruns the copying, and what is left for the
   * app's connection to copy stays small.
   */
  keepUp(): Promise<void>;
  /** Copies the WAL into the file and truncates it; false while another connection holds an older snapshot. */
  truncate(): Promise<boolean>;
  close(): void;
};

/** The thread: its own connection, a PASSIVE checkpoint per message (it never waits for a lock). */
const threadCode = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
parentPort.on('message', (id) => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // the app's connection copies what is left
  }
  parentPort.postMessage(id);
});
`;

const sqliteDefaultPages = 1000;

export function startCheckpointer(
  db: Db,
  file: string,
  options: { pages?: number; everyMs?: number; onError?: (error: Error) => void } = {},
): Checkpointer {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const limit = (options.pages ?? sqliteDefaultPages) * pageSize;
  const residualBytes = 100 * pageSize;
  const waiting = new Map<number, () => void>();
  let thread: Worker | undefined;
  let failed = false;
  let closed = false;
  let ids = 0;
  let copying: Promise<void> | undefined;
  let cycle: Promise<void> | undefined;

  /** Back to SQLite's own checkpoints, in the app's connection. */
  const fallBack = (error: Error) => {
    if (failed) return;
    failed = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${sqliteDefaultPages}`);
    for (const resolve of waiting.values()) resolve();
    waiting.clear();
    if (!closed) options.onError?.(error);
  };
  const start = () => {
    const worker = new Worker(threadCode, {
      eval: true,
      workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    worker.unref();
    worker.on('message', (id: number) => {
      waiting.get(id)?.();
      waiting.delete(id);
    });
    worker.on('error', fallBack);
    worker.on('exit', () => fallBack(new Error('the checkpoint thread stopped')));
    return worker;
  };
  /** The bulk of the WAL, copied in the thread (one copy at a time). */
  const copyInThread = (): Promise<void> => {
    if (failed || closed) return Promise.resolve();
    copying ??= new Promise<void>((resolve) => {
      thread ??= start();
      const id = ++ids;
      waiting.set(id, resolve);
      thread.postMessage(id);
    }).finally(() => {
      copying = undefined;
    });
    return copying;
  };
  const walBytes = () => {
    try {
      return statSync(`${file}-wal`).size;
    } catch {
      return 0;
    }
  };

  /**
   * The thread copies the WAL, again while more than a little was written meanwhile (up to three
   * times), then the app's connection copies that little (the WAL only grows until it is complete).
   */
  const copy = async () => {
    for (let round = 0; round < 3; round++) {
      const before = walBytes();
      await copyInThread();
      if (walBytes() - before <= residualBytes) break;
    }
    if (db.open && !failed) checkpoint(db, 'PASSIVE'); // the rest; the next write starts the WAL again
  };
  const keepUp = (): Promise<void> => {
    const bytes = walBytes();
    if (!cycle && !failed && !closed && bytes > limit)
      cycle = copy().finally(() => {
        cycle = undefined;
      });
    // A writer waits only when the WAL is twice its limit: the thread copies while it writes.
    return cycle && bytes > 2 * limit ? cycle : Promise.resolve();
  };

  db.pragma('wal_autocheckpoint = 0');
  // A WAL started again (once complete) is cut back to the limit: its size says how much is in it.
  db.pragma(`journal_size_limit = ${limit}`);
  const timer = setInterval(() => void keepUp(), options.everyMs ?? 250);
  timer.unref();

  return {
    keepUp,
    async truncate() {
      await copyInThread();
      return !db.open || checkpoint(db);
    },
    close() {
      closed = true;
      clearInterval(timer);
      void thread?.terminate();
      for (const resolve of waiting.values()) resolve();
      waiting.clear();
    },
  };
}
