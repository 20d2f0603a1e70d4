import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/main.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { migrate, migrationsId, readMigrations } from '../../src/storage/migrate.js';
import { tempDir } from '../support/fixtures.js';

/**
 * A first start copies the new database the build made (`npm run build`: dist/new-database-<id>.db,
 * every migration applied, as scripts/build.mjs makes it with `openDatabase` and `migrate`) instead
 * of applying the migrations one by one: what it gets must be what migrating gives.
 */

let temp: ReturnType<typeof tempDir>;
const open: Db[] = [];
const track = (db: Db) => {
  open.push(db);
  return db;
};
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  temp.cleanup();
});

const migrations = () => readMigrations(migrationsDir);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The template as the build makes it. */
function buildTemplate(): string {
  const file = join(temp.dir, `new-database-${migrationsId(migrations())}.db`);
  const db = openDatabase(file);
  migrate(db, migrations());
  db.close();
  return file;
}

/** Everything a database holds that the app can see: its schema, its version, every table's rows. */
function contents(db: Db) {
  const schema = db
    .prepare(`SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master ORDER BY type, name`)
    .all() as Array<{ type: string; name: string; sql: string | null }>;
  const rows = Object.fromEntries(
    schema
      .filter((entry) => entry.type === 'table')
      .map((entry) => [entry.name, db.prepare(`SELECT * FROM "${entry.name}"`).all()]),
  );
  return {
    schema,
    rows,
    userVersion: db.pragma('user_version', { simple: true }),
    journalMode: db.pragma('journal_mode', { simple: true }),
    foreignKeys: db.pragma('foreign_keys', { simple: true }),
    foreignKeyErrors: db.pragma('foreign_key_check'),
    integrity: db.pragma('integrity_check', { simple: true }),
  };
}

describe('a new database made from the build’s template', () => {
  it('is the database that migrating step by step makes, owner-only, and nothing else is left in its folder', () => {
    const template = buildTemplate();
    const stepByStep = track(openDatabase(join(temp.dir, 'stepwise', 'star.db')));
    expect(migrate(stepByStep, migrations())).toEqual({ from: 0, to: migrations().length });

    const folder = join(temp.dir, 'copied');
    const file = join(folder, 'star.db');
    const copied = track(openDatabase(file, { template }));
    expect(migrate(copied, migrations())).toEqual({
      from: migrations().length,
      to: migrations().length,
    });
    expect(contents(copied)).toEqual(contents(stepByStep));
    expect(contents(copied).schema.length).toBeGreaterThan(20);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder).filter((name) => !name.startsWith('star.db-'))).toEqual(['star.db']);
  });

  it('takes the migrations added after the template was made', () => {
    const template = buildTemplate();
    const later = [
      ...migrations(),
      {
        version: migrations().length + 1,
        name: 'later.sql',
        sql: 'CREATE TABLE later (team_id TEXT NOT NULL) STRICT;',
      },
    ];
    const db = track(openDatabase(join(temp.dir, 'star.db'), { template }));
    expect(migrate(db, later)).toEqual({ from: later.length - 1, to: later.length });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'later'`).pluck().get()).toBe('later');
  });

  it('never replaces a database that exists: its rows stay', () => {
    const template = buildTemplate();
    const file = join(temp.dir, 'star.db');
    const first = openDatabase(file);
    migrate(first, migrations());
    first.prepare(`INSERT INTO parsed_decks (key, file, deck, parsed_at) VALUES ('k', 'f', '{}', 1)`).run();
    first.close();
    const again = track(openDatabase(file, { template }));
    expect(again.prepare('SELECT key FROM parsed_decks').pluck().all()).toEqual(['k']);
  });

  it('is made by the migrations, as without a template, when the template is missing', () => {
    const file = join(temp.dir, 'star.db');
    const db = track(openDatabase(file, { template: join(temp.dir, 'no-such-template.db') }));
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(migrate(db, migrations())).toEqual({ from: 0, to: migrations().length });
    expect(readdirSync(temp.dir).filter((name) => !name.startsWith('star.db-'))).toEqual(['star.db']);
  });

  it('lets a second connection open the file the first made from the template', () => {
    const template = buildTemplate();
    const file = join(temp.dir, 'shared.db');
    const first = track(openDatabase(file, { template }));
    const second = track(openDatabase(file, { template }));
    migrate(first, migrations());
    expect(migrate(second, migrations()).to).toBe(migrations().length);
    first.prepare(`INSERT INTO parsed_decks (key, file, deck, parsed_at) VALUES ('k', 'f', '{}', 1)`).run();
    expect(second.prepare('SELECT key FROM parsed_decks').pluck().all()).toEqual(['k']);
  });
});

// Slow on purpose (2–5 s): four processes (node with tsx) made to open the same new file at once.
it('gives processes that start at once one database, whole, owner-only, and no leftover copies', async () => {
  const template = buildTemplate();
  const file = join(temp.dir, 'raced.db');
  const script = [
    `import { openDatabase } from ${JSON.stringify(pathToFileURL(join(root, 'src/storage/database.ts')).href)};`,
    `const db = openDatabase(${JSON.stringify(file)}, { template: ${JSON.stringify(template)} });`,
    `db.prepare("INSERT INTO parsed_decks (key, file, deck, parsed_at) VALUES (?, 'f', '{}', 1)").run(String(process.pid));`,
    `process.stdout.write(String(db.pragma('user_version', { simple: true })));`,
    'db.close();',
  ].join('\n');
  const runs = Array.from({ length: 4 }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    return once(child, 'exit').then(([code]) => ({ code, out, err }));
  });
  const version = String(migrations().length);
  for (const run of await Promise.all(runs)) expect(run).toEqual({ code: 0, out: version, err: '' });
  const db = track(openDatabase(file));
  expect(db.prepare('SELECT count(*) FROM parsed_decks').pluck().get()).toBe(4);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(file).nlink).toBe(1);
  expect(readdirSync(temp.dir).filter((name) => name.endsWith('.new'))).toEqual([]);
}, 30_000);

describe('migrationsId', () => {
  it('names the migrations by their names and text: any change gives another template', () => {
    const all = migrations();
    const id = migrationsId(all);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(migrationsId(readMigrations(migrationsDir))).toBe(id);
    expect(migrationsId(all.slice(0, -1))).not.toBe(id);
    const last = all.at(-1);
    if (!last) throw new Error('no migrations');
    expect(migrationsId([...all.slice(0, -1), { ...last, sql: `${last.sql}\n` }])).not.toBe(id);
  });
});
