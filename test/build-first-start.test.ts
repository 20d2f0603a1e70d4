import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/main.js';
import { openDatabase } from '../src/storage/database.js';
import { migrate, migrationsId, readMigrations } from '../src/storage/migrate.js';
import { shippedStoriesDir, tempDir } from './support/fixtures.js';
import { signingSecret } from './support/signed-requests.js';
import { startSlackStandIn } from './support/slack-stand-in.js';

/**
 * What `npm run build` does for a first start (scripts/build.mjs): the shipped decks parsed
 * (dist/parsed-decks.json) and a new database with every migration applied
 * (dist/new-database-<id>.db), which a first start of the built app reads and copies instead of
 * parsing and migrating. Built here into a folder of its own beside src/, as build.test.ts does.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
let out: string;
let temp: ReturnType<typeof tempDir>;

beforeAll(() => {
  out = mkdtempSync(join(root, '.build-test-'));
  temp = tempDir();
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', out], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0 || build.stderr !== '') {
    throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
  }
}, 120_000);
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  temp?.cleanup();
});

const template = () => join(out, `new-database-${migrationsId(readMigrations(migrationsDir))}.db`);

/** The schema and version of a database file, and which decks it keeps parsed. */
function described(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      schema: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all(),
      userVersion: db.pragma('user_version', { simple: true }),
      journalMode: db.pragma('journal_mode', { simple: true }),
      keptDecks: db.prepare('SELECT file FROM parsed_decks ORDER BY file').pluck().all(),
    };
  } finally {
    db.close();
  }
}

describe('a first start of the built app (npm run build)', { timeout: 60_000 }, () => {
  it('builds the new database of exactly these migrations, as migrating step by step makes it', () => {
    const stepByStep = join(temp.dir, 'stepwise.db');
    const db = openDatabase(stepByStep);
    migrate(db, readMigrations(migrationsDir));
    db.close();
    expect(readdirSync(out).filter((name) => name.startsWith('new-database-'))).toEqual([
      template().slice(out.length + 1),
    ]);
    expect(described(template())).toEqual(described(stepByStep));
  });

  it('copies the built database and serves the shipped decks as built, then keeps them for a restart', () => {
    // Marked, to tell what the build made from what the start would have made itself.
    const marked = new Database(template());
    marked
      .prepare(`INSERT INTO parsed_decks (key, file, deck, parsed_at) VALUES ('mark', 'mark', '{}', 0)`)
      .run();
    marked.close();
    const parsed = join(out, 'parsed-decks.json');
    writeFileSync(parsed, readFileSync(parsed, 'utf8').replaceAll('"prompt":"', '"prompt":"(as built) '));

    const file = join(temp.dir, 'practice', 'star.db');
    const practice = spawnSync(process.execPath, [join(out, 'cli.js'), 'practice', '--user', 'first-start'], {
      cwd: temp.dir,
      env: { PATH: process.env.PATH ?? '', STAR_DB: file, STAR_STORIES: shippedStoriesDir },
      input: 'q\n',
      encoding: 'utf8',
    });
    expect(practice.stderr).toBe('');
    expect(practice.stdout).toContain('(as built) ');
    expect(described(file).keptDecks).toEqual([
      join(shippedStoriesDir, 'leading-and-deciding.md'),
      join(shippedStoriesDir, 'people-and-production.md'),
      'mark',
    ]);
  });

  it('serves as npm start does, and keeps the decks it read once it listens', async () => {
    const standIn = await startSlackStandIn();
    const file = join(temp.dir, 'served', 'star.db');
    const child = spawn(process.execPath, [join(out, 'cli.js'), 'serve'], {
      cwd: temp.dir,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-first-start',
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: standIn.apiUrl,
        PORT: '0',
        STAR_DB: file,
        STAR_STORIES: shippedStoriesDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = once(child, 'exit');
    let log = '';
    const port = await new Promise<string>((resolve, reject) => {
      const look = (chunk: Buffer) => {
        log += chunk;
        const up = /STAR Partner is up \(HTTP on port (\d+)/.exec(log);
        if (up?.[1]) resolve(up[1]);
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      void exit.then(([code]) => reject(new Error(`exited (${code}) before it was up:\n${log}`)));
    });
    // Ready once Slack has confirmed the bot token, checked right after "up" (503 until then).
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect((await exit)[0]).toBe(0);
    await standIn.close();
    expect(log).toContain('questions from 2 deck(s)');
    // (`mark` when the test before has marked the built database.)
    expect(described(file).keptDecks.filter((kept) => kept !== 'mark')).toEqual([
      join(shippedStoriesDir, 'leading-and-deciding.md'),
      join(shippedStoriesDir, 'people-and-production.md'),
    ]);
  });
});
