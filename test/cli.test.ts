import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { guardProcess, run } from '../src/cli.js';
import { migrationsDir } from '../src/main.js';
import { openDatabase } from '../src/storage/database.js';
import { migrate, readMigrations } from '../src/storage/migrate.js';
import { questionMarkdown, sampleStoriesDir, tempDir, writeFiles } from './support/fixtures.js';
import { postSigned, signingSecret, slashCommand } from './support/signed-requests.js';
import { startSlackStandIn } from './support/slack-stand-in.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'src', 'bin', 'star.js');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

/** Runs the `star` bin as a user would (`npx star …`), in `cwd`, with only the given settings. */
function star(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = once(child, 'exit').then(([code]) => code as number);
  /** The first match of `pattern` in the log, once it is written; rejects if the process ends first. */
  const logged = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(stderr);
        if (match) {
          child.stderr.off('data', look);
          resolve(match);
        }
      };
      child.stderr.on('data', look);
      look();
      void exit.then((code) =>
        reject(new Error(`star exited (${code}) before logging ${pattern}:\n${stderr}`)),
      );
    });
  return { child, exit, logged, output: () => ({ stdout, stderr }) };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('star stories check', () => {
  it('prints a summary and exits 0 for good decks', async () => {
    const { io, out } = capture();
    expect(await run(['stories', 'check', sampleStoriesDir], io)).toBe(0);
    expect(out.join('\n')).toContain('OK: 3 questions in 2 categories, 4 follow-ups, from 1 deck(s)');
    expect(out.join('\n')).toContain('sample-deck.md: 3 questions, 2 categories, 4 follow-ups, 4 tips');
  });

  it('prints file:line errors and exits 1 for a broken deck', async () => {
    const temp = tempDir();
    writeFiles(temp.dir, { 'bad.md': `## Leadership\n\n${questionMarkdown(1, '')}` });
    const { io, err } = capture();
    expect(await run(['stories', 'check', temp.dir], io)).toBe(1);
    expect(err[0]).toBe(`${join(temp.dir, 'bad.md')}:3: the question has an empty prompt`);
    expect(err.at(-1)).toContain('1 error(s)');
    temp.cleanup();
  });

  it('unknown commands print usage and exit 2', async () => {
    const { io, err } = capture();
    expect(await run(['dance'], io)).toBe(2);
    expect(err.join('\n')).toContain('Usage: star <command>');
  });

  it('--help and -h print the usage, as `star help` does, and exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const { io, out, err } = capture();
      expect(await run([flag], io)).toBe(0);
      expect(out.join('\n')).toContain('Usage: star <command>');
      expect(err).toEqual([]);
    }
  });
});

describe('star backup', () => {
  it('makes a consistent online backup while another connection writes', async () => {
    const temp = tempDir();
    const dbPath = join(temp.dir, 'live.db');
    const live = openDatabase(dbPath);
    migrate(live, readMigrations(migrationsDir));
    const insert = live.prepare(
      `INSERT INTO practice_events (team_id, user_id, question_id, kind, rating, at) VALUES ('T1', 'U1', 'q', 'view', NULL, ?)`,
    );
    for (let i = 0; i < 500; i++) insert.run(i);
    const writing = setInterval(() => insert.run(Date.now()), 1);
    const saved = { ...process.env };
    process.env.STAR_DB = dbPath;
    try {
      const { io, out } = capture();
      expect(await run(['backup', join(temp.dir, 'copy.db')], io)).toBe(0);
      expect(out.join('\n')).toMatch(/Backed up .*live\.db to .*copy\.db \(\d+ pages\)/);
    } finally {
      clearInterval(writing);
      process.env = saved;
    }
    const copy = openDatabase(join(temp.dir, 'copy.db'));
    expect(
      (copy.prepare('SELECT count(*) AS n FROM practice_events').get() as { n: number }).n,
    ).toBeGreaterThanOrEqual(500);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    live.close();
    temp.cleanup();
  });
});

describe('star serve (npm start), through the bin as `npx star serve` runs it', () => {
  // Slow on purpose (~2 s): it spawns the real bin, which loads Bolt (and runs dist/, or src/ through
  // tsx when src/ changed since the last build; test/build.test.ts runs the built code directly).
  // It is also the test that the bin works at all (`npx star stories check` starts the same way).
  it('refuses to start with one message naming each missing setting', async () => {
    const temp = tempDir();
    const serve = star(['serve'], { cwd: temp.dir });
    expect(await serve.exit).toBe(1);
    const { stdout, stderr } = serve.output();
    expect(stderr).toContain('STAR Partner cannot start: fix these settings');
    expect(stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(stderr).toContain('SLACK_SIGNING_SECRET is missing');
    // …and where to start: the quick start in Socket Mode, or the app without Slack.
    expect(stderr).toContain('README.md, "Quick start"');
    expect(stderr).toContain('`npx star practice` and `npx star coach`');
    expect(stdout).toBe('');
    temp.cleanup();
  }, 20_000);

  // Slow on purpose (2–4 s): the same start-up as above, then the whole app (database, Bolt, HTTP) up and down.
  it('reads .env, serves /star question over HTTP, and stops cleanly on SIGTERM', async () => {
    const temp = tempDir();
    const standIn = await startSlackStandIn();
    writeFileSync(
      join(temp.dir, '.env'),
      [
        'SLACK_BOT_TOKEN=xoxb-from-dotenv',
        `SLACK_SIGNING_SECRET=${signingSecret}`,
        `SLACK_API_URL=${standIn.apiUrl}`,
        `STAR_STORIES=${sampleStoriesDir}`,
        'PORT=0', // any free port: the log says which
      ].join('\n'),
    );
    const serve = star(['serve'], { cwd: temp.dir });
    children.push(serve.child);
    const [, port] = await serve.logged(/STAR Partner is up \(HTTP on port (\d+)/);
    const url = `http://127.0.0.1:${port}`;
    // Ready once Slack has confirmed the bot token, checked right after "up" (503 until then).
    await expect.poll(async () => (await fetch(`${url}/healthz`)).status).toBe(200);
    const reply = await postSigned(
      `${url}/slack/events`,
      slashCommand('question leadership', standIn.responseUrl('x')),
      'application/x-www-form-urlencoded',
    );
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('"response_type":"ephemeral"');
    expect(reply.text).toMatch(/rallied a team|migration nobody wanted/);

    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
    // The default database was created in the working folder, and the log names no token.
    expect(existsSync(join(temp.dir, 'data', 'star.db'))).toBe(true);
    const { stderr } = serve.output();
    expect(stderr).toContain('SIGTERM: stopping');
    expect(stderr).not.toContain('xoxb-from-dotenv');
    await standIn.close();
    temp.cleanup();
  }, 20_000);

  // Slow on purpose (1–3 s): the signal handlers are set before the app starts, so a SIGTERM the
  // moment it says it is up (while it still starts the rest) stops it cleanly rather than killing it.
  // (Before, the handlers came after startApp's synchronous tail: a window this test rarely hits; it
  // keeps them from moving behind anything slower.)
  it('stops cleanly on a SIGTERM sent the moment it says it is up', async () => {
    const temp = tempDir();
    const standIn = await startSlackStandIn();
    const serve = star(['serve'], {
      cwd: temp.dir,
      env: {
        SLACK_BOT_TOKEN: 'xoxb-stopped-at-once',
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: standIn.apiUrl,
        STAR_STORIES: sampleStoriesDir,
        PORT: '0',
      },
    });
    children.push(serve.child);
    await serve.logged(/STAR Partner is up/);
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
    expect(serve.output().stderr).toContain('SIGTERM: stopping');
    await standIn.close();
    temp.cleanup();
  }, 20_000);
});

describe('guardProcess', () => {
  it('logs an unexpected error without tokens, stops cleanly once, and exits 1 for the supervisor', async () => {
    const target = new EventEmitter();
    const lines: string[] = [];
    let stops = 0;
    const exited = new Promise<number>((resolve) => {
      guardProcess(target, {
        stop: async () => {
          stops += 1;
        },
        io: { out: (t) => lines.push(t), err: (t) => lines.push(t) },
        exit: resolve,
      });
    });
    target.emit('uncaughtException', new Error('boom with xoxb-123-secret'));
    target.emit('unhandledRejection', new Error('and again'));
    expect(await exited).toBe(1);
    expect(stops).toBe(1);
    expect(lines.join('\n')).toContain('uncaught exception: Error: boom');
    expect(lines.join('\n')).not.toContain('xoxb-123-secret');
  });
});
