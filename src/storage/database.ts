import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens the SQLite database with the settings every connection needs: WAL (readers never block the
 * writer, and `npx star daily` can run beside the app), foreign keys, and a busy timeout so a second
 * process waits for the lock instead of failing. The parent folder is created.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // The file holds installations' tokens: only its owner may read it.
  if (file !== ':memory:') chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros, not left readable in free pages: an uninstalled
  // workspace's tokens and a forgotten user's answers are gone from the database file (older copies
  // of their pages can stay in the WAL until SQLite reuses it; nothing forces a checkpoint).
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  return db;
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
  db.pragma('busy_timeout = 5000');
  return db;
}
