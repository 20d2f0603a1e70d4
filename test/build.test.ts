import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/main.js';
import { openDatabase } from '../src/storage/database.js';
import { migrate, migrationsId, readMigrations } from '../src/storage/migrate.js';
import { sampleStoriesDir, shippedStoriesDir, tempDir, writeFiles } from './support/fixtures.js';
import { postSigned, signingSecret, slashCommand } from './support/signed-requests.js';
import { startSlackStandIn } from './support/slack-stand-in.js';

/**
 * The build that `npm start` runs (README: Run it): scripts/build.mjs bundles src/cli.ts into one
 * file, dist/star.cjs, with its source map and V8's code cache, and dist/cli.js, which starts it. It
 * is built here as `npm run build` builds dist/, into a folder of its own beside src/ (so that what
 * the code finds relative to itself, like ../migrations/, is where it is in dist/), and run with
 * plain node and the flags of `npm start`.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const startScript = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start;
/** The node flags of `npm start` (`node <flags> dist/cli.js serve`). */
const startFlags = startScript.split(/\s+/).slice(1, startScript.split(/\s+/).indexOf('dist/cli.js'));
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

/** `node <npm start's flags> <built>/cli.js …`, as `npm start` runs it, with only the given settings. */
function built(args: string[], env: Record<string, string> = {}, input = '', flags = startFlags) {
  return spawnSync(process.execPath, [...flags, join(out, 'cli.js'), ...args], {
    cwd: temp.dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    input,
    encoding: 'utf8',
  });
}

/** Whether the built CLI compiled its bundle from the code cache, run with `flags`. */
function usedCodeCache(flags = startFlags): boolean {
  const check = spawnSync(
    process.execPath,
    [
      ...flags,
      '--input-type=module',
      '-e',
      `const cli = await import(${JSON.stringify(join(out, 'cli.js'))}); console.log(cli.fromCodeCache);`,
    ],
    { encoding: 'utf8' },
  );
  expect(check.stderr).toBe('');
  return check.stdout.trim() === 'true';
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
/**
 * `<built>/cli.js serve` as `npm start` runs it, with only the given settings (a free port, the test
 * signing secret), once it logs that it is up: its HTTP port, its exit and its log so far.
 */
async function serveBuilt(env: Record<string, string>) {
  const child = spawn(process.execPath, [...startFlags, join(out, 'cli.js'), 'serve'], {
    cwd: temp.dir,
    env: { PATH: process.env.PATH ?? '', SLACK_SIGNING_SECRET: signingSecret, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
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
  return { child, exit, port, log: () => log };
}

// Each case starts node processes that load the app: seconds on a busy machine.
describe('the built CLI (npm run build)', { timeout: 60_000 }, () => {
  it('runs with plain node: help, and a deck check with its file:line errors', () => {
    expect(built(['help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage: star') });
    expect(built(['stories', 'check', sampleStoriesDir])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('OK: 3 questions'),
    });
    writeFiles(temp.dir, { 'broken.md': '## Leadership\n\n### Question 1: No answer here\n' });
    const broken = built(['stories', 'check', temp.dir]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`${join(temp.dir, 'broken.md')}:3: question 1 has no **Situation**`);
  });

  it('finds the migrations and decks from dist, and keeps the parsed decks in the database', () => {
    const env = { STAR_DB: join(temp.dir, 'star.db'), STAR_STORIES: sampleStoriesDir };
    for (let run = 0; run < 2; run++) {
      const practice = built(['practice', '--user', 'build-test'], env, 'q\n');
      expect(practice.stderr).toBe('');
      expect(practice.status).toBe(0);
    }
    const db = new Database(env.STAR_DB, { readonly: true });
    expect(db.prepare('SELECT file FROM parsed_decks').pluck().all()).toEqual([
      join(sampleStoriesDir, 'sample-deck.md'),
    ]);
    db.close();
  });

  it('refuses to serve a deck with an error, naming its file and line', () => {
    const decks = join(temp.dir, 'decks');
    mkdirSync(decks);
    writeFiles(decks, { 'broken.md': '## Leadership\n\n### Question 1: No answer here\n' });
    const serve = built(['serve'], {
      SLACK_BOT_TOKEN: 'xoxb-build-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: '0',
      STAR_DB: join(temp.dir, 'refused.db'),
      STAR_STORIES: decks,
    });
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain(`the story decks in ${decks} have errors, so nothing is served:`);
    expect(serve.stderr).toContain(`${join(decks, 'broken.md')}:3: question 1 has no **Situation**`);
  });

  it('serves over HTTP as npm start does, and stops cleanly on SIGTERM', async () => {
    const standIn = await startSlackStandIn();
    const { child, exit, port, log } = await serveBuilt({
      SLACK_BOT_TOKEN: 'xoxb-build-test',
      SLACK_API_URL: standIn.apiUrl,
      STAR_DB: join(temp.dir, 'served.db'),
      STAR_STORIES: sampleStoriesDir,
    });
    const url = `http://127.0.0.1:${port}`;
    // Ready once Slack has confirmed the bot token, checked right after "up" (503 until then).
    await expect.poll(async () => (await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('process_cpu_seconds_total');
    const reply = await postSigned(
      `${url}/slack/events`,
      slashCommand('question leadership', standIn.responseUrl('x')),
      'application/x-www-form-urlencoded',
    );
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('"response_type":"ephemeral"');
    child.kill('SIGTERM');
    expect((await exit)[0]).toBe(0);
    expect(log()).not.toContain('xoxb-build-test');
    await standIn.close();
  });

  it('names the TypeScript lines in stack traces (source maps)', () => {
    const map = JSON.parse(readFileSync(join(out, 'star.cjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.map((source) => join(out, source))).toContain(join(root, 'src', 'cli.ts'));
    // An unexpected error (a database path that cannot be made) is reported with its stack trace.
    const failed = built(
      ['practice'],
      { STAR_DB: '/dev/null/star.db', STAR_STORIES: sampleStoriesDir },
      'q\n',
    );
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('STAR Partner stopped: Error: EEXIST');
    expect(failed.stderr).toMatch(
      new RegExp(`at openDatabase \\(${join(root, 'src', 'storage', 'database.ts')}:\\d+:\\d+\\)`),
    );
    // Without --enable-source-maps, the lines are the bundle's, as node would give them.
    const unmapped = built(
      ['practice'],
      { STAR_DB: '/dev/null/star.db', STAR_STORIES: sampleStoriesDir },
      'q\n',
      startFlags.filter((flag) => flag !== '--enable-source-maps'),
    );
    expect(unmapped.stderr).toMatch(/at openDatabase \(.*star\.cjs:\d+:\d+\)/);
  });

  it('runs the commands whose modules load when first used: coach --eval, daily --at', () => {
    // In the bundle, modules only these commands import run when first imported, not at start-up.
    const corpus = join(temp.dir, 'corpus');
    mkdirSync(corpus);
    const fixtures = join(root, 'test', 'fixtures', 'coach', 'corpus');
    for (const name of readdirSync(fixtures).sort().slice(0, 3))
      copyFileSync(join(fixtures, name), join(corpus, name));
    const scored = built(['coach', '--eval', corpus]);
    expect(scored.stderr).toBe('');
    expect(scored.status).toBe(0);
    expect(scored.stdout).toContain(`${corpus}: 3 items`);
    expect(scored.stdout).toMatch(/check\s+precision\s+recall/);
    const daily = built(['daily', '--at', 'nonsense']);
    expect(daily.status).toBe(2);
    expect(daily.stderr).toContain('--at must be an ISO-8601 instant');
  });

  it('makes its code cache from a start of the app that is stopped once it listens, before it calls Slack', async () => {
    // What the build runs (scripts/build.mjs --code-cache), here with a Slack that counts its calls.
    const standIn = await startSlackStandIn();
    const bundle = join(out, 'star.cjs');
    const saved = join(temp.dir, 'built.cache');
    copyFileSync(`${bundle}.cache`, saved);
    mkdirSync(join(temp.dir, 'cache-run'));
    const cacheRun = (stories: string) =>
      spawnSync(process.execPath, [...startFlags, join(root, 'scripts/build.mjs'), '--code-cache', bundle], {
        cwd: temp.dir,
        env: {
          PATH: process.env.PATH ?? '',
          SLACK_BOT_TOKEN: 'xoxb-code-cache-test',
          SLACK_SIGNING_SECRET: signingSecret,
          SLACK_API_URL: standIn.apiUrl,
          PORT: '0',
          STAR_DB: join(temp.dir, 'cache-run', 'star.db'),
          STAR_STORIES: stories,
          LOG_LEVEL: 'info',
        },
        encoding: 'utf8',
      });
    try {
      const made = cacheRun(sampleStoriesDir);
      expect(made.stderr).toBe('');
      expect(made.status).toBe(0);
      const fromStart = readFileSync(`${bundle}.cache`);
      // It listened (the database made, the decks read), and stopped before the bot token's check.
      expect(described(join(temp.dir, 'cache-run', 'star.db')).userVersion).toBeGreaterThan(0);
      expect(standIn.calls.length).toBe(0);
      // An app that cannot start (decks with errors): the cache of the modules' top-level code only.
      const broken = join(temp.dir, 'broken-decks');
      mkdirSync(broken);
      writeFiles(broken, { 'bad.md': '## Leadership\n\n### Question 1: No answer here\n' });
      const topLevel = cacheRun(broken);
      expect(topLevel.status).toBe(0);
      expect(topLevel.stderr).toContain("the code cache holds the modules' top-level code only");
      const cache = readFileSync(`${bundle}.cache`);
      expect(cache.subarray(0, cache.indexOf(10))).toEqual(fromStart.subarray(0, fromStart.indexOf(10)));
      // What a start compiles besides: in the cache made from a start, not in the other.
      expect(fromStart.length).toBeGreaterThan(cache.length);
    } finally {
      copyFileSync(saved, `${bundle}.cache`);
      await standIn.close();
    }
    expect(usedCodeCache()).toBe(true);
  });

  it('starts from its code cache, and without it when it is missing, stale or made for other flags', () => {
    expect(usedCodeCache()).toBe(true);
    // Other V8 flags than npm start's: V8 refuses the cache; the bundle is compiled as usual.
    expect(usedCodeCache(['--max-semi-space-size=4'])).toBe(false);
    expect(built(['help'], {}, '', ['--max-semi-space-size=4']).status).toBe(0);
    const cache = join(out, 'star.cjs.cache');
    const saved = join(temp.dir, 'saved.cache');
    copyFileSync(cache, saved);
    try {
      // A cache of another build of the bundle (its first line names another bundle) is not used.
      const bytes = readFileSync(cache);
      writeFileSync(
        cache,
        Buffer.concat([Buffer.from('another build\n'), bytes.subarray(bytes.indexOf(10) + 1)]),
      );
      expect(usedCodeCache()).toBe(false);
      expect(built(['help']).status).toBe(0);
      rmSync(cache);
      expect(usedCodeCache()).toBe(false);
      expect(built(['stories', 'check', sampleStoriesDir]).status).toBe(0);
    } finally {
      copyFileSync(saved, cache);
    }
    expect(usedCodeCache()).toBe(true);
  });
});

/**
 * What the build does for a first start (scripts/build.mjs): the shipped decks parsed
 * (dist/parsed-decks.json) and a new database with every migration applied
 * (dist/new-database-<id>.db), which a first start of the built app reads and copies instead of
 * parsing and migrating. Last in this file: these tests mark the build's files.
 */
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

  it("writes the shipped decks as parsed under the id of the code it built (dist/star.cjs's first line)", () => {
    const code = readFileSync(join(out, 'star.cjs'), 'latin1');
    const id = /\/\* star build ([0-9a-f]{64}) \*\//.exec(code.slice(0, code.indexOf('\n')))?.[1];
    const parsed = JSON.parse(readFileSync(join(out, 'parsed-decks.json'), 'utf8')) as {
      build: string;
      decks: Record<string, { name: string }>;
    };
    expect(parsed.build).toBe(id);
    expect(Object.values(parsed.decks).map((deck) => deck.name)).toEqual(
      expect.arrayContaining(['leading-and-deciding', 'people-and-production']),
    );
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
    const { child, exit, port, log } = await serveBuilt({
      SLACK_BOT_TOKEN: 'xoxb-first-start',
      SLACK_API_URL: standIn.apiUrl,
      STAR_DB: file,
      STAR_STORIES: shippedStoriesDir,
    });
    // Ready once Slack has confirmed the bot token, checked right after "up" (503 until then).
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect((await exit)[0]).toBe(0);
    await standIn.close();
    expect(log()).toContain('questions from 2 deck(s)');
    // (`mark` when the test before has marked the built database.)
    expect(described(file).keptDecks.filter((kept) => kept !== 'mark')).toEqual([
      join(shippedStoriesDir, 'leading-and-deciding.md'),
      join(shippedStoriesDir, 'people-and-production.md'),
    ]);
  });
});
