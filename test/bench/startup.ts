/**
 * The start-up part of `npm run bench` (`npm run bench -- --only=startup`): the app started as whole
 * processes, the way `npm start` runs it in production (its `node … dist/cli.js serve`, read from
 * package.json, built first with `npm run build`), timed from spawn until the process logs that it
 * listens, with its resident memory (RSS) then and 3 s later, once what follows listening has run
 * (the coach's patterns compile right after it: RSS peaks about a second later, then falls back). Two deck folders: the shipped decks, and ten generated decks of 100
 * questions each. Each is started on a fresh database (the first start: the new database that
 * `npm run build` made copied, the shipped decks read as the build parsed them, the generated ones
 * parsed, and what it parsed written to the database once it listens; SLACK_BOT_TOKEN is checked
 * with auth.test right after listening, and the bot's identity stored) and then again on that
 * database (a restart: decks unchanged since their last parse are read back from it, migration
 * 0015; the stored identity, migration 0019, serves meanwhile). The
 * floor is a bare Bolt app in a process of its own, importing `@slack/bolt` and listening over HTTP.
 * Every figure is the median of several runs, interleaved. Besides the time, each process's CPU time
 * until it listens (user + system, from /proc where there is one): a machine shared with other work
 * stretches the time more than the CPU time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedDeck, shippedStoriesDir } from '../support/fixtures.js';
import { signingSecret } from '../support/signed-requests.js';
import { startSlackStandIn } from '../support/slack-stand-in.js';
import type { Row } from './harness.js';

export type StartupRows = { row(row: Row): void; note(text: string): void };

type Run = { listeningMs: number; cpuMs: number; rssMb: number; settledRssMb: number };

/** Clock ticks a second of /proc/<pid>/stat's CPU times. */
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU time a process has used so far (user + system, ms); NaN without /proc. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process, in MB: /proc where there is one, else `ps`. */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // no /proc (macOS): ask ps
  }
  const out = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout;
  return Number(out.trim()) / 1024;
}

/**
 * Spawns `args` with `env` and times it until a line of its output matches `ready`; reads its RSS
 * then and `settleMs` later, then stops it (SIGTERM) and waits for it to exit.
 */
async function timeToListening(
  root: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  settleMs = 3000,
): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let output = '';
  const listening = new Promise<{ listeningMs: number; cpuMs: number; rssMb: number }>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output))
        resolve({
          listeningMs: performance.now() - started,
          cpuMs: cpuMs(child.pid ?? 0),
          rssMb: rssMb(child.pid ?? 0),
        });
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    void exited.then(([code]) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
  });
  const first = await listening;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const settledRssMb = rssMb(child.pid ?? 0);
  child.kill('SIGTERM');
  await exited;
  return { ...first, settledRssMb };
}

/** Ten decks of 100 generated questions, each with a full STAR answer, insights and a follow-up. */
function writeGeneratedDecks(dir: string): void {
  mkdirSync(dir);
  for (let d = 0; d < 10; d++)
    writeFileSync(join(dir, `deck-${d}.md`), generatedDeck(String(d), d * 100 + 1, 100));
}

/** The arguments `npm start` gives node: `node <flags> dist/cli.js serve`. */
function startCommand(root: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = (scripts.start ?? '').split(/\s+/);
  if (command !== 'node' || !args.includes('dist/cli.js')) {
    throw new Error(`npm start is not \`node … dist/cli.js serve\`: ${scripts.start}`);
  }
  return args;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** The bare Bolt app of the floor: imports Bolt, listens over HTTP on a free port, says so. */
const floorScript = `
const { App } = await import('@slack/bolt');
const app = new App({ token: 'xoxb-floor', signingSecret: 'floor', tokenVerificationEnabled: false });
await app.start(0);
console.log('floor listening');
process.once('SIGTERM', () => app.stop().then(() => process.exit(0)));
`;

export async function startupBench(root: string, quick: boolean, rows: StartupRows): Promise<void> {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    if (!existsSync(join(root, 'dist/cli.js'))) throw new Error(`npm run build failed:\n${build.stdout}`);
    rows.note(`Start-up: \`npm run build\` reported errors (measured what it emitted):\n${build.stdout}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'star-bench-startup-'));
  const generated = join(dir, 'generated');
  writeGeneratedDecks(generated);
  // The app checks the bot token with auth.test right after listening, so it needs a Slack to reach.
  const standIn = await startSlackStandIn();
  const runs = quick ? 3 : 7;
  // What `npm start` runs, flags and all (package.json), without npm in between.
  const serve = startCommand(root);
  const up = /STAR Partner is up/;
  const env = (stories: string, db: string) => ({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: standIn.apiUrl,
    PORT: '0',
    STAR_DB: db,
    STAR_STORIES: stories,
    LOG_LEVEL: 'info',
  });
  const cases = { shipped: shippedStoriesDir, generated };
  const results = {
    floor: [] as Run[],
    shipped: { first: [] as Run[], restart: [] as Run[] },
    generated: { first: [] as Run[], restart: [] as Run[] },
  };
  try {
    for (let i = 0; i < runs; i++) {
      results.floor.push(
        await timeToListening(root, ['--input-type=module', '-e', floorScript], {}, /floor listening/),
      );
      for (const [name, stories] of Object.entries(cases) as Array<[keyof typeof cases, string]>) {
        const db = join(dir, `${name}-${i}.db`);
        results[name].first.push(await timeToListening(root, serve, env(stories, db), up));
        results[name].restart.push(await timeToListening(root, serve, env(stories, db), up));
      }
    }
  } finally {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const floorMs = median(results.floor.map((r) => r.listeningMs));
  const floorRss = median(results.floor.map((r) => r.rssMb));
  const questions = { shipped: 'shipped decks', generated: '1,000 questions' };
  const goals = { shipped: 300, generated: 1000 };
  for (const name of ['shipped', 'generated'] as const) {
    for (const start of ['restart', 'first'] as const) {
      const ms = median(results[name][start].map((r) => r.listeningMs));
      rows.row({
        measure: `start-up to listening, ${questions[name]}, ${start === 'first' ? 'first start (new db)' : 'restart'}`,
        ours: `${ms.toFixed(0)} ms`,
        floor: `${floorMs.toFixed(0)} ms`,
        ratio: `${(ms / floorMs).toFixed(2)}×`,
        goal: `< ${goals[name]} ms`,
        met: ms < goals[name] ? 'yes' : 'NO',
      });
    }
  }
  const rss = (name: keyof typeof cases, field: 'rssMb' | 'settledRssMb') =>
    median(results[name].restart.map((r) => r[field]));
  const shippedRss = rss('shipped', 'settledRssMb');
  rows.row({
    measure: 'RSS after start-up, shipped decks (restart)',
    ours: `${shippedRss.toFixed(0)} MB`,
    floor: `${floorRss.toFixed(0)} MB`,
    ratio: `${(shippedRss / floorRss).toFixed(2)}×`,
    goal: '< 100 MB',
    met: shippedRss < 100 ? 'yes' : 'NO',
  });
  const cpu = (runs: readonly Run[]) => `${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms`;
  rows.note(
    `Start-up (medians of ${runs} runs each, \`node ${serve.join(' ')}\` as \`npm start\` runs it): the floor, a bare Bolt app in its own process, listens after ${floorMs.toFixed(0)} ms with ${floorRss.toFixed(0)} MB RSS; ` +
      `CPU time until listening: floor ${cpu(results.floor)}, shipped decks ${cpu(results.shipped.restart)} on a restart and ${cpu(results.shipped.first)} on a first start, 1,000 questions ${cpu(results.generated.restart)} and ${cpu(results.generated.first)}; ` +
      `RSS when listening / 3 s later: shipped decks ${rss('shipped', 'rssMb').toFixed(0)} / ${rss('shipped', 'settledRssMb').toFixed(0)} MB, ` +
      `1,000 questions ${rss('generated', 'rssMb').toFixed(0)} / ${rss('generated', 'settledRssMb').toFixed(0)} MB (restarts); ` +
      `first starts: shipped ${median(results.shipped.first.map((r) => r.settledRssMb)).toFixed(0)} MB, 1,000 questions ${median(results.generated.first.map((r) => r.settledRssMb)).toFixed(0)} MB.`,
  );
}
