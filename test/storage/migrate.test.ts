import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/main.js';
import { openDatabase } from '../../src/storage/database.js';
import { MigrationError, migrate, readMigrations } from '../../src/storage/migrate.js';
import { tempDir } from '../support/fixtures.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.cleanup());

const tables = (db: ReturnType<typeof openDatabase>) =>
  (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[]
  ).map((row) => row.name);

describe('openDatabase', () => {
  it('creates the folder and opens with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(temp.dir, 'nested', 'deeper', 'star.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });
});

describe('migrate with the real migrations', () => {
  it('applies every migration once and records the version', () => {
    const file = join(temp.dir, 'star.db');
    const migrations = readMigrations(migrationsDir);
    const db = openDatabase(file);
    expect(migrate(db, migrations)).toEqual({ from: 0, to: migrations.length });
    expect(tables(db)).toEqual(expect.arrayContaining(['answers', 'practice_events', 'shared_questions']));
    db.close();

    const again = openDatabase(file);
    expect(migrate(again, migrations)).toEqual({ from: migrations.length, to: migrations.length });
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length);
    again.close();
  });

  it('gives every table a workspace id, but the parsed decks (the app’s own files, no workspace’s)', () => {
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    const appTables = ['parsed_decks']; // migration 0015: decks kept parsed between starts
    for (const table of tables(db).filter((name) => !appTables.includes(name))) {
      const columns = (
        db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number }[]
      ).map((c) => [c.name, c.notnull]);
      expect(columns, table).toContainEqual(['team_id', 1]);
    }
  });

  it('refuses a database newer than the code, without touching it', () => {
    const file = join(temp.dir, 'future.db');
    const db = openDatabase(file);
    db.pragma('user_version = 99');
    expect(() => migrate(db, readMigrations(migrationsDir))).toThrow(
      /schema version 99, but this code knows only up to \d+/,
    );
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('rolls back a failing migration together with its version bump', () => {
    writeFileSync(join(temp.dir, '0001_good.sql'), 'CREATE TABLE a (team_id TEXT NOT NULL) STRICT;');
    writeFileSync(
      join(temp.dir, '0002_bad.sql'),
      'CREATE TABLE b (team_id TEXT NOT NULL) STRICT; SELECT * FROM missing;',
    );
    const db = openDatabase(':memory:');
    expect(() => migrate(db, readMigrations(temp.dir))).toThrow(/no such table: missing/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['a']);
    db.close();
  });

  it('refuses gaps and badly named files', () => {
    writeFileSync(join(temp.dir, '0001_a.sql'), '');
    writeFileSync(join(temp.dir, '0003_c.sql'), '');
    expect(() => readMigrations(temp.dir)).toThrow(/0003_c\.sql: expected version 2/);
    writeFileSync(join(temp.dir, 'oops.sql'), '');
    expect(() => readMigrations(temp.dir)).toThrow(MigrationError);
  });

  it('lets a second process start on the same file at the same time', () => {
    const file = join(temp.dir, 'shared.db');
    const first = openDatabase(file);
    const second = openDatabase(file);
    const migrations = readMigrations(migrationsDir);
    migrate(first, migrations);
    expect(migrate(second, migrations).to).toBe(migrations.length);
    first.close();
    second.close();
  });
});
