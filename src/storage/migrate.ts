import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Db } from './database.js';

export type Migration = { readonly version: number; readonly name: string; readonly sql: string };

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const fileName = /^(\d{4})_([a-z0-9_-]+)\.sql$/;

/** Reads `NNNN_name.sql` files; versions must run 1, 2, 3… without gaps or repeats. */
export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => {
      const match = fileName.exec(name);
      if (!match) throw new MigrationError(`${join(dir, name)}: name must look like 0001_what_it_does.sql`);
      return { version: Number(match[1]), name, sql: readFileSync(join(dir, name), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `${join(dir, migration.name)}: expected version ${index + 1} (versions run 1, 2, 3…)`,
      );
    }
  });
  return migrations;
}

/**
 * Names exactly these migrations (the SHA-256 of their names and text): a new database that the
 * build made by applying them (`npm run build`, see `openDatabase`'s `template`) is only used by
 * code with the same migrations.
 */
export function migrationsId(migrations: readonly Migration[]): string {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(JSON.stringify([migration.name, migration.sql]));
  return hash.digest('hex');
}

/** The schema version the database is at (PRAGMA user_version). */
const userVersion = (db: Db) =>
  z
    .number()
    .int()
    .nonnegative()
    .parse(db.pragma('user_version', { simple: true }));

/**
 * Applies the migrations above PRAGMA user_version, each in its own transaction together with the
 * version bump, so a failed migration leaves the database as it was. A database whose version is
 * newer than the code's last migration was written by a newer release: it is refused, not touched.
 */
export function migrate(db: Db, migrations: readonly Migration[]): { from: number; to: number } {
  const from = userVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new MigrationError(
      `the database is at schema version ${from}, but this code knows only up to ${latest}: ` +
        'run a newer STAR Partner, or restore a backup made by this version',
    );
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      // Read again under the write lock: another process may have applied it meanwhile.
      if (userVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, latest) };
}
