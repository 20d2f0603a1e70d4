import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  rmSync,
} from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * How long a statement waits for another connection's write lock before it fails with SQLITE_BUSY.
 * The driver is synchronous: the whole process waits with it. The app waits briefly
 * (`appBusyTimeoutMs`) and tells the user to try again; the command line (`star daily`, `star
 * backup`, `star practice`) has nobody else to keep waiting, so it is patient.
 */
export const appBusyTimeoutMs = 150;
const patientBusyTimeoutMs = 5000;

/**
 * Opens the SQLite database with the settings every connection needs: WAL (readers never block the
 * writer, and `npx star daily` can run beside the app), foreign keys, secure delete, and a busy
 * timeout (patient unless told otherwise). The parent folder is created. With `template`, a file
 * that does not exist yet is created as a copy of it (see `createFrom`) rather than empty.
 */
export function openDatabase(
  file: string,
  options: { busyTimeoutMs?: number; template?: string | undefined } = {},
): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
    if (options.template !== undefined) createFrom(options.template, file);
  }
  const db = new Database(file);
  // The file holds installations' tokens: only its owner may read it.
  if (file !== ':memory:') chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros, not left readable in free pages. Older copies of their
  // pages stay in the WAL until it is checkpointed and truncated (`checkpoint`, after each purge).
  db.pragma('secure_delete = ON');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? patientBusyTimeoutMs}`);
  return db;
}

/**
 * A new database as a copy of `template`: the one the build made by applying every migration to an
 * empty database (`npm run build`, dist/new-database-*.db), so that a first start does not apply
 * them one by one (nor write anything before it listens). The copy is written in full and synced
 * under a name of its own, then linked to `file`, which fails if `file` exists: no other process
 * ever sees half a database, and one that created `file` first keeps it. Nothing is done when
 * `file` (or a WAL of it) exists; a template that is missing or cannot be copied leaves `file` to be
 * created empty, as without one (the migrations then make it).
 */
function createFrom(template: string, file: string): void {
  if (existsSync(file) || existsSync(`${file}-wal`)) return;
  const copy = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.new`;
  try {
    copyFileSync(template, copy, constants.COPYFILE_EXCL);
    chmodSync(copy, 0o600); // it will hold installations' tokens: only its owner may read it
    const fd = openSync(copy, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(copy, file);
  } catch {
    // No template (a build without one, tsx), a file system without hard links, or `file` made
    // meanwhile by another process: opened as it is.
  } finally {
    rmSync(copy, { force: true });
  }
}

/** How long this connection waits for another's lock, in ms (as opened). */
export function busyTimeoutOf(db: Db): number {
  return Number(db.pragma('busy_timeout', { simple: true }));
}

/** For GET /healthz: the database answers a query. */
export function isHealthy(db: Db): boolean {
  try {
    return db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}

/** Opens a database that must already exist (for backups: a wrong path is an error, not an empty copy). */
export function openExistingDatabase(file: string): Db {
  const db = new Database(file, { fileMustExist: true, readonly: true });
  db.pragma(`busy_timeout = ${patientBusyTimeoutMs}`);
  return db;
}

/** SQLite said another connection holds the lock (SQLITE_BUSY and its extended codes). */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Runs `fn` with the connection's busy timeout at `ms` (synchronous, so nothing else runs meanwhile). */
function withBusyTimeout<T>(db: Db, ms: number, fn: () => T): T {
  const before = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${ms}`);
  try {
    return fn();
  } finally {
    db.pragma(`busy_timeout = ${before}`);
  }
}

/**
 * Copies the WAL into the database file. TRUNCATE (the default) also truncates the WAL to zero
 * bytes, so that pages holding deleted rows (secure delete zeroes them in their new version) are
 * left in neither file; PASSIVE copies what it can and leaves the WAL to be reused from its start by
 * the next write. Never waits for a lock: true when it was all done; false while another connection
 * reads an older snapshot or writes (try again later).
 */
export function checkpoint(db: Db, mode: 'TRUNCATE' | 'PASSIVE' = 'TRUNCATE'): boolean {
  if (db.memory) return true;
  const [result] = withBusyTimeout(db, 0, () => db.pragma(`wal_checkpoint(${mode})`)) as Array<{
    busy: number;
    log: number;
    checkpointed: number;
  }>;
  if (result === undefined || result.busy !== 0) return false;
  return mode === 'TRUNCATE' ? result.log === 0 : result.checkpointed === result.log;
}

/**
 * Keeps one lock held by another process from freezing the app more than once. The first statement
 * that meets the lock waits the connection's busy timeout and fails; after that (`busy(error)`
 * reports it) the connection does not wait at all, so every request in the queue fails at once and
 * is told to try again, instead of each waiting its turn. A probe every `probeMs` (outside any
 * transaction) takes and releases the write lock; once it gets it, the busy timeout is back.
 */
export type LockWatch = {
  /** True when `error` is SQLite's busy: the connection then stops waiting until the lock is free. */
  busy(error: unknown): boolean;
  /** Another connection held the write lock at the last look. */
  readonly locked: boolean;
  stop(): void;
};

export function watchLock(db: Db, options: { busyTimeoutMs: number; probeMs?: number }): LockWatch {
  let probe: NodeJS.Timeout | undefined;
  const free = () => {
    if (probe) clearInterval(probe);
    probe = undefined;
    if (db.open) db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  };
  const look = () => {
    if (!db.open) return free();
    if (db.inTransaction) return;
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      free();
    } catch (error) {
      if (!isDatabaseBusy(error)) free();
    }
  };
  return {
    busy(error) {
      if (!isDatabaseBusy(error)) return false;
      if (!probe && db.open) {
        db.pragma('busy_timeout = 0');
        probe = setInterval(look, options.probeMs ?? 50);
        probe.unref();
      }
      return true;
    },
    get locked() {
      return probe !== undefined;
    },
    stop: () => {
      if (probe) clearInterval(probe);
      probe = undefined;
    },
  };
}
