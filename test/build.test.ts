import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleStoriesDir, tempDir, writeFiles } from './support/fixtures.js';

/**
 * The compiled JavaScript that `npm start` runs (README: Run it). It is built here as `npm run build`
 * builds dist/ (tsconfig.build.json), into a folder of its own beside src/ (so that what the code
 * finds relative to itself, like ../migrations/, is where it is in dist/), and run with plain node.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
let out: string;
let temp: ReturnType<typeof tempDir>;

beforeAll(() => {
  out = mkdtempSync(join(root, '.build-test-'));
  temp = tempDir();
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
}, 120_000);
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  temp?.cleanup();
});

/** `node --enable-source-maps <built>/cli.js …`, as `npm start` runs it, with only the given settings. */
function built(args: string[], env: Record<string, string> = {}, input = '') {
  return spawnSync(process.execPath, ['--enable-source-maps', join(out, 'cli.js'), ...args], {
    cwd: temp.dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    input,
    encoding: 'utf8',
  });
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

  it('ships source maps that point at the TypeScript', () => {
    const map = JSON.parse(readFileSync(join(out, 'cli.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.map((source) => join(out, source))).toEqual([join(root, 'src', 'cli.ts')]);
    expect(readFileSync(join(out, 'cli.js'), 'utf8')).toContain('//# sourceMappingURL=cli.js.map');
  });
});
