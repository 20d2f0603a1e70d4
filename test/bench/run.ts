/**
 * `npm run bench`: performance figures measured side by side with the framework's own floor, in one
 * run (absolute times on shared machines mean little; ratios do). Prints a table and writes
 * docs/benchmarks.md: the method, the figures, each missed goal with the reason its part computed
 * from this run's figures, the notes, and the history written by hand (test/bench/history.ts). Not
 * part of `npm test`.
 *
 * `--only=<part>` runs one part and writes no document; `--quick` reduces the sizes tenfold;
 * `--save=FILE` keeps what the run measured as JSON, and `--render=FILE[,FILE…]` prints the document
 * those saved runs make, merged in order (to check the document, or to make it from parts run apart).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { App } from '@slack/bolt';
import Database from 'better-sqlite3';
import { parseSlackSettings } from '../../src/config.js';
import { openCore, startApp } from '../../src/main.js';
import { homeView } from '../../src/slack/blocks/home.js';
import { questionCard } from '../../src/slack/blocks/question-card.js';
import { createLogger } from '../../src/slack/logger.js';
import { appBusyTimeoutMs } from '../../src/storage/database.js';
import { homeData } from '../../src/use-cases/home.js';
import { channelLeaderboard, peerStats } from '../../src/use-cases/peer-review.js';
import { getPracticeStats } from '../../src/use-cases/practice-stats.js';
import { shippedStoriesDir } from '../support/fixtures.js';
import { buttonClick, eventCallback, signingSecret, slashCommand } from '../support/signed-requests.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { coachBench } from './coach.js';
import { fanOutBench } from './fanout.js';
import {
  type Burst,
  burst,
  median,
  percentile,
  pool,
  type Row,
  signedPost,
  sorted,
  table,
} from './harness.js';
import { benchmarkHistory } from './history.js';
import { startupBench } from './startup.js';

const quick = process.argv.includes('--quick');
const scale = quick ? 0.1 : 1;
const rows: Row[] = [];
const notes: string[] = [];
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const root = fileURLToPath(new URL('../../', import.meta.url));

function ratioRow(
  measure: string,
  ours: number,
  floor: number,
  unit: string,
  goal: number,
  lowerIsBetter: boolean,
  why?: string,
): void {
  const ratio = ours / floor;
  const met = lowerIsBetter ? ratio <= goal : ratio >= goal;
  rows.push({
    measure,
    ours: `${fmt(ours, 2)} ${unit}`,
    floor: `${fmt(floor, 2)} ${unit}`,
    // At the goal to two decimals but not meeting it: a third decimal says why it is a miss.
    ratio: `${fmt(ratio, Number(fmt(ratio, 2)) === goal && !met ? 3 : 2)}×`,
    goal: `${lowerIsBetter ? '≤' : '≥'} ${goal}×`,
    met: met ? 'yes' : 'NO',
    ...(why === undefined ? {} : { why }),
  });
}

function absoluteRow(measure: string, value: string, goal: string, met: boolean, why?: string): void {
  rows.push({
    measure,
    ours: value,
    floor: '—',
    ratio: '—',
    goal,
    met: met ? 'yes' : 'NO',
    ...(why === undefined ? {} : { why }),
  });
}

/** A bare Bolt app: answers /star with a static card of the same size in its ack; acks events. */
async function startFloor(
  standIn: SlackStandIn,
  card: object,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = new App({
    token: 'xoxb-floor',
    signingSecret,
    logger: createLogger('error', () => {}),
    clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/star', async ({ ack }) => ack({ response_type: 'ephemeral', ...card }));
  app.event('reaction_added', async () => {});
  const server = (await app.start(0)) as Server;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    stop: async () => {
      await app.stop();
    },
  };
}

/** Requests sent so far: each body differs (the app refuses a signed request it has seen: a replay). */
let questionsSent = 0;

/** One signed `/star question` until its reply (the card, in the ack). */
async function askQuestion(url: string, i: number): Promise<void> {
  const reply = await signedPost(
    url,
    slashCommand('question', `http://127.0.0.1:9/hooks/${questionsSent++}`, { userId: `U${i % 500}` }),
    'application/x-www-form-urlencoded',
  );
  if (reply.status !== 200 || !reply.text.includes('response_type'))
    throw new Error(`bad reply ${reply.status}`);
}

async function latency(url: string, count: number, concurrency: number): Promise<number[]> {
  return pool(count, concurrency, (i) => askQuestion(url, i));
}

/**
 * `rounds` rounds of `measure` on our app and on the floor, which of the two goes first alternating:
 * on a shared machine the load drifts during a run, and both sides then meet the same drift.
 */
async function alternately<T>(
  rounds: number,
  urls: { ours: string; floor: string },
  measure: (url: string, round: number) => Promise<T>,
): Promise<{ ours: T[]; floor: T[] }> {
  const ours: T[] = [];
  const floor: T[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      ours.push(await measure(urls.ours, round));
      floor.push(await measure(urls.floor, round));
    } else {
      floor.push(await measure(urls.floor, round));
      ours.push(await measure(urls.ours, round));
    }
  }
  return { ours, floor };
}

/**
 * `measure`, also adding up the process's CPU time (ms) spent in each url's rounds, into `cpu`: with
 * both apps and their senders in one process, the difference is what the app's side costs.
 */
function countingCpu<T>(
  cpu: Map<string, number>,
  measure: (url: string, round: number) => Promise<T>,
): (url: string, round: number) => Promise<T> {
  return async (url, round) => {
    const before = process.cpuUsage();
    const result = await measure(url, round);
    const used = process.cpuUsage(before);
    cpu.set(url, (cpu.get(url) ?? 0) + (used.user + used.system) / 1000);
    return result;
  };
}

/** The app's settings for a bench run: a loopback Slack, a fresh database, the shipped decks. */
function benchSettings(apiUrl: string, dbPath: string) {
  return parseSlackSettings({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: apiUrl,
    PORT: '0',
    STAR_DB: dbPath,
    STAR_STORIES: shippedStoriesDir,
    LOG_LEVEL: 'error',
  });
}

async function replyAndIngest(): Promise<void> {
  const standIn = await startSlackStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'star-bench-'));
  const dbPath = join(dir, 'star.db');
  const settings = benchSettings(standIn.apiUrl, dbPath);
  const ours = await startApp(settings, { logger: createLogger('error', () => {}), scheduler: false });
  const oursUrl = `http://127.0.0.1:${ours.port}/slack/events`;
  // The floor answers with a card of the same size as ours.
  const core = openCore(settings);
  const card = questionCard(
    core.library.questions[0] as never,
    { q: core.library.questions[0]?.id ?? '' },
    { share: true },
  );
  core.close();
  const floor = await startFloor(standIn, card);

  const urls = { ours: oursUrl, floor: floor.url };
  await latency(oursUrl, 200, 5); // warm up both
  await latency(floor.url, 200, 5);
  // Sequential: 840 requests each (84 with --quick), one at a time, ours and the floor's taken in
  // turn request by request (which of the two goes first alternating), so that both meet the same
  // drift of a shared machine's load; before each request ours has finished its work after the
  // previous ack (the floor has none): that work is the previous request's, a lone request does not
  // wait for it, and taken in turn it would fall on the floor's request.
  const each = Math.round(800 * scale) + 40;
  const seq = { ours: [] as number[], floor: [] as number[] };
  const timed = async (url: string, i: number, into: number[]) => {
    await ours.idle();
    await new Promise((settled) => setImmediate(settled));
    const start = performance.now();
    await askQuestion(url, i);
    into.push(performance.now() - start);
  };
  for (let i = 0; i < each; i++) {
    const [first, second] = i % 2 === 0 ? (['ours', 'floor'] as const) : (['floor', 'ours'] as const);
    await timed(urls[first], i % 42, seq[first]);
    await timed(urls[second], i % 42, seq[second]);
  }
  const [oursSeq, floorSeq] = [sorted(seq.ours), sorted(seq.floor)];
  const seqP50 = { ours: percentile(oursSeq, 0.5), floor: percentile(floorSeq, 0.5) };
  const seqP99 = { ours: percentile(oursSeq, 0.99), floor: percentile(floorSeq, 0.99) };
  ratioRow(
    '/star question reply, sequential, p50',
    seqP50.ours,
    seqP50.floor,
    'ms',
    1.2,
    true,
    `${fmt(seqP50.ours - seqP50.floor, 2)} ms more a request than the floor, a bare Bolt app acking a ` +
      "static card: the app's own work for each request (its middlewares, the use case's reads, the " +
      "question picker, the card) and the view's commit, which a request sent alone shares with no " +
      'other (in a burst, group commit shares it). The view is committed before its card is shown, ' +
      'so that no question shown goes unrecorded (ADR 0003): taken out, a lone request measured ' +
      '1.12–1.15× (history below, 2026-12-02).',
  );
  const tail = seqP99.ours / seqP99.floor > (seqP50.ours / seqP50.floor) * 1.1;
  ratioRow(
    '/star question reply, sequential, p99',
    seqP99.ours,
    seqP99.floor,
    'ms',
    1.5,
    true,
    `the slowest 1% took ${fmt(seqP99.ours, 1)} ms against the floor's ${fmt(seqP99.floor, 1)} ms, ` +
      `${fmt(seqP99.ours / seqP99.floor, 2)}× where the median is ${fmt(seqP50.ours / seqP50.floor, 2)}×: ` +
      (tail
        ? "the tail adds pauses of its own to the median's work (garbage collection of a larger heap, " +
          'commits; both apps share one process, so a pause of either falls on the other too).'
        : "the tail is the median's extra work, not pauses of its own."),
  );
  // Bursts: 50 requests sent at once, then the next burst once all are answered; 40 bursts each
  // (10 with --quick), in turn. Each burst's p50 and total time (first send to last reply), and
  // their medians over the bursts.
  const burstCpu = new Map<string, number>();
  const burstRounds = quick ? 10 : 40;
  const bursts = await alternately(
    burstRounds,
    urls,
    countingCpu(burstCpu, (url) => burst(50, (i) => askQuestion(url, i))),
  );
  const cpuARequest = (url: string) => (burstCpu.get(url) ?? 0) / (burstRounds * 50);
  const burstWhy =
    `a burst is CPU-bound (both apps and the 50 senders share one process): the process used ` +
    `${fmt(cpuARequest(oursUrl), 2)} ms of CPU a request with the app against ${fmt(cpuARequest(floor.url), 2)} ms ` +
    `with the floor (${fmt(cpuARequest(oursUrl) / cpuARequest(floor.url), 2)}×), the senders' share the same for both.`;
  const burstP50 = (runs: Burst[]) => median(runs.map((run) => percentile(run.durations, 0.5)));
  const burstTotal = (runs: Burst[]) => median(runs.map((run) => run.totalMs));
  const everyRequest = (runs: Burst[]) => sorted(runs.flatMap((run) => run.durations));
  ratioRow(
    '/star question, 50-request burst: p50 (median of bursts)',
    burstP50(bursts.ours),
    burstP50(bursts.floor),
    'ms',
    1.5,
    true,
    burstWhy,
  );
  ratioRow(
    '/star question, 50-request burst: total time (median)',
    burstTotal(bursts.ours),
    burstTotal(bursts.floor),
    'ms',
    1.5,
    true,
    burstWhy,
  );
  const burstP99 = {
    ours: percentile(everyRequest(bursts.ours), 0.99),
    floor: percentile(everyRequest(bursts.floor), 0.99),
  };
  const cpuRatio = cpuARequest(oursUrl) / cpuARequest(floor.url);
  ratioRow(
    '/star question, 50-request bursts: p99 of every request',
    burstP99.ours,
    burstP99.floor,
    'ms',
    1.5,
    true,
    burstWhy +
      (burstP99.ours / burstP99.floor > cpuRatio * 1.1
        ? ' The tail is further behind than the CPU: pauses of its own (garbage collection, commits) ' +
          'fall on the requests in flight.'
        : ''),
  );

  // Event ingest: reaction events on real answers (scoring and SQLite writes included: the clock
  // stops when every listener has finished, not at the ack). The answers are stored as answers
  // (kind 'answer'), so each reaction is scored: a reply not yet classified scores nothing.
  const seed = new Database(dbPath);
  const answers = 500;
  const insert = seed.prepare(
    `INSERT INTO thread_answers (team_id, channel_id, message_ts, thread_ts, user_id, question_id, source, text, created_at, kind)
     VALUES ('T1', 'C1', ?, '1.1', ?, 'q', 'reply', 'answer', 1, 'answer')`,
  );
  seed.transaction(() => {
    for (let i = 0; i < answers; i++) insert.run(`${1_800_000_000 + i}.000100`, `UA${i % 50}`);
  })();
  seed.close();
  standIn.on('users.info', (args) => ({
    ok: true,
    user: { id: args.user, name: String(args.user), is_bot: false },
  }));
  const events = Math.round(4000 * scale) + 200; // a multiple of the 4 rounds below
  const body = (i: number) =>
    eventCallback(
      {
        type: 'reaction_added',
        user: `UR${i % 300}`,
        reaction: ['star', 'fire', 'tada'][i % 3],
        item_user: 'UA1',
        item: { type: 'message', channel: 'C1', ts: `${1_800_000_000 + (i % answers)}.000100` },
        event_ts: `${1_800_000_000 + i}.000100`,
      },
      { eventId: `EvBench${i}` },
    );
  // In 4 rounds taken in turn; each round's clock stops when our app has finished every listener.
  const ingestRounds = 4;
  const perIngestRound = events / ingestRounds;
  const ingestCpu = new Map<string, number>();
  const ingest = await alternately(
    ingestRounds,
    urls,
    countingCpu(ingestCpu, async (url, round) => {
      const start = performance.now();
      await pool(perIngestRound, 20, async (j) => {
        const reply = await signedPost(url, body(round * perIngestRound + j), 'application/json');
        if (reply.status !== 200) throw new Error(`event refused ${reply.status}`);
      });
      if (url === oursUrl) await ours.idle();
      return performance.now() - start;
    }),
  );
  const cpuAnEvent = (url: string) => (ingestCpu.get(url) ?? 0) / events;
  const rate = (ms: number[]) => events / (ms.reduce((sum, one) => sum + one, 0) / 1000);
  ratioRow(
    'reaction events ingested (signed, scored, stored)',
    rate(ingest.ours),
    rate(ingest.floor),
    'ev/s',
    0.7,
    false,
    `the process used ${fmt(cpuAnEvent(oursUrl), 2)} ms of CPU an event with the app against ` +
      `${fmt(cpuAnEvent(floor.url), 2)} ms with the floor, which acks and does nothing: each event is ` +
      "stored in the event inbox before its ack, then scored and written to the reactions' ledger, " +
      'and its inbox row closed (the events of one turn share their commits).',
  );
  const stored = new Database(dbPath, { readonly: true });
  const ledger = (stored.prepare('SELECT count(*) AS n FROM reaction_events').get() as { n: number }).n;
  stored.close();
  notes.push(`Event ingest stored ${ledger} of ${events} events in the ledger (each once).`);

  await ours.stop();
  await floor.stop();
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Daily fan-out (test/bench/fanout.ts): 1,000 workspaces at once, and one workspace with 1,000 channels. */
async function fanOut(): Promise<void> {
  await fanOutBench(scale, { ratioRow, absoluteRow, note: (text) => notes.push(text) });
}

/** Storage at scale: 1M reactions, 100k answers, 10k users. */
async function storage(): Promise<void> {
  const reactions = Math.round(1_000_000 * scale);
  const answers = Math.round(100_000 * scale);
  const users = Math.round(10_000 * scale);
  const dir = mkdtempSync(join(tmpdir(), 'star-bench-'));
  const dbPath = join(dir, 'star.db');
  const core = openCore({ dbPath, storiesDir: shippedStoriesDir, logLevel: 'error' });
  const db = core.db;
  const start = Date.parse('2026-10-01T00:00:00Z');
  const channels = 50;
  db.transaction(() => {
    const answer = db.prepare(
      `INSERT INTO thread_answers (team_id, channel_id, message_ts, thread_ts, user_id, question_id, source, text, created_at)
       VALUES ('T1', ?, ?, '1.1', ?, ?, 'reply', 'Situation: x. Task: y. Action: I did z. Result: 30% faster.', ?)`,
    );
    for (let i = 0; i < answers; i++) {
      answer.run(
        `C${i % channels}`,
        `${1_800_000_000 + i}.000100`,
        `U${i % users}`,
        core.library.questions[i % core.library.questions.length]?.id ?? 'q',
        start + i * 30_000,
      );
    }
    const event = db.prepare(
      `INSERT INTO reaction_events (team_id, channel_id, message_ts, reactor_id, reaction, action, event_id, event_time, received_at)
       VALUES ('T1', ?, ?, ?, 'star', 'added', ?, ?, 1)`,
    );
    const points = db.prepare(
      `INSERT OR REPLACE INTO reaction_points (team_id, channel_id, message_ts, reactor_id, author_id, points, updated_at)
       VALUES ('T1', ?, ?, ?, ?, 1, 1)`,
    );
    for (let i = 0; i < reactions; i++) {
      const a = i % answers;
      const reactor = `U${(i * 7919) % users}`;
      event.run(`C${a % channels}`, `${1_800_000_000 + a}.000100`, reactor, `Ev${i}`, i);
      points.run(`C${a % channels}`, `${1_800_000_000 + a}.000100`, reactor, `U${a % users}`);
    }
    const review = db.prepare(
      `INSERT OR IGNORE INTO rubric_reviews (team_id, channel_id, message_ts, reviewer_id, author_id, situation, task, action, result, comment, created_at, updated_at)
       VALUES ('T1', ?, ?, ?, ?, 4, 3, 4, 2, 'More numbers.', ?, ?)`,
    );
    for (let i = 0; i < answers / 2; i++) {
      review.run(
        `C${i % channels}`,
        `${1_800_000_000 + i}.000100`,
        `U${(i * 31) % users}`,
        `U${i % users}`,
        start + i * 30_000,
        start + i * 30_000,
      );
    }
    const practice = db.prepare(
      `INSERT INTO practice_events (team_id, user_id, question_id, kind, rating, at) VALUES ('T1', ?, ?, 'rating', 3, ?)`,
    );
    for (let i = 0; i < answers; i++)
      practice.run(`U${i % users}`, core.library.questions[i % 50]?.id ?? 'q', start + i * 30_000);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const people = {
    lookup: async (_t: string, userId: string) => ({ userId, name: userId, isBot: false, timeZone: 'UTC' }),
  };
  const reviews = core.reviewDeps({ byName: new Map(), defaultWeight: 1 }, people);
  const now = start + answers * 30_000;
  const timed = async (count: number, fn: (i: number) => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      await fn(i);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
  };
  for (const period of ['week', 'all'] as const) {
    const times = await timed(200, (i) =>
      channelLeaderboard(reviews, { teamId: 'T1', channelId: `C${i % channels}`, period, now }),
    );
    const [p50, p99] = [percentile(times, 0.5), percentile(times, 0.99)];
    absoluteRow(
      `leaderboard (${period}) p50 / p99`,
      `${fmt(p50, 2)} / ${fmt(p99, 2)} ms`,
      '< 20 ms',
      p99 < 20,
      `the slowest 1% of 200 reads took ${fmt(p99, 1)} ms over ${reactions} reactions and ${answers} answers ` +
        (p99 > 3 * p50
          ? `against a median of ${fmt(p50, 1)} ms: pauses rather than the query (garbage collection, the machine's other work).`
          : `with a median of ${fmt(p50, 1)} ms: the query itself at this size.`),
    );
  }
  const stats = await timed(200, (i) => {
    const who = { teamId: 'T1', userId: `U${i % users}` };
    getPracticeStats(core.practice, { who, timeZone: 'UTC', now });
    peerStats(reviews, who);
  });
  absoluteRow(
    '/star stats build p50 / p99',
    `${fmt(percentile(stats, 0.5), 2)} / ${fmt(percentile(stats, 0.99), 2)} ms`,
    '—',
    true,
  );
  const home = await timed(200, (i) =>
    homeView(
      homeData(core.practice, reviews, core.coach, {
        who: { teamId: 'T1', userId: `U${i % users}` },
        timeZone: 'UTC',
        now,
      }),
    ),
  );
  absoluteRow(
    'App Home build p50 / p99',
    `${fmt(percentile(home, 0.5), 2)} / ${fmt(percentile(home, 0.99), 2)} ms`,
    '—',
    true,
  );
  core.close();
  const size = statSync(dbPath).size / 1024 / 1024;
  absoluteRow(
    `database size (${reactions} reactions, ${answers} answers, ${users} users)`,
    `${fmt(size)} MiB`,
    '—',
    true,
  );
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Load for the SQLite parts: `/star question` from users of small workspaces, `concurrency` in
 * flight, and `/healthz` every 100 ms, until `stop()`. What each request took, and what it was told.
 */
function backgroundLoad(url: string, base: string, concurrency: number) {
  const questions: number[] = [];
  const health: number[] = [];
  let busy = 0;
  let failed = 0;
  let running = true;
  const users = async (worker: number) => {
    for (let i = 0; running; i++) {
      const team = `T${2 + ((worker + i) % 4)}`;
      const start = performance.now();
      const reply = await signedPost(
        url,
        slashCommand('question', `http://127.0.0.1:9/hooks/${worker}-${i}`, {
          teamId: team,
          userId: `U${worker}`,
        }),
        'application/x-www-form-urlencoded',
      );
      questions.push(performance.now() - start);
      if (reply.text.includes('busy for a moment')) busy += 1;
      else if (reply.status !== 200 || !reply.text.includes('response_type')) failed += 1;
    }
  };
  const probe = async () => {
    while (running) {
      const start = performance.now();
      const reply = await fetch(`${base}/healthz`);
      await reply.text();
      health.push(performance.now() - start);
      if (reply.status !== 200) failed += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const all = Promise.all([...Array.from({ length: concurrency }, (_, w) => users(w)), probe()]);
  return {
    stop: async () => {
      running = false;
      await all;
      return {
        questions: [...questions].sort((a, b) => a - b),
        health: [...health].sort((a, b) => a - b),
        busy,
        failed,
      };
    },
  };
}

const ms = (sorted: readonly number[], p: number) => fmt(percentile(sorted, p), 1);

/** Rows of a workspace that has been used for years: ~1M rows in every kind of table, one heavy user. */
function seedLargeWorkspace(
  dbPath: string,
  team: string,
  total: number,
): { rows: number; heavyUser: number } {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  const n = (share: number) => Math.round(total * share);
  const text = (i: number) =>
    `Situation: service ${i} kept failing at peak. Task: make it hold. Action: I measured, then cached. Result: 40% fewer pages.`;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO installations (install_key, team_id, enterprise_id, is_enterprise_install, bot_token, bot_user_id, installation, installed_at)
       VALUES (?, ?, NULL, 0, 'xoxb-bench-large', 'UBOT', '{"bot":{"token":"xoxb-bench-large"}}', 1)`,
    ).run(`T:${team}`, team);
    const answersInThreads = n(0.06);
    const thread = db.prepare(
      `INSERT INTO thread_answers (team_id, channel_id, message_ts, thread_ts, user_id, question_id, source, text, created_at)
       VALUES (?, ?, ?, '1.1', ?, 'q1', 'reply', ?, ?)`,
    );
    // U1 is the heavy user: one answer in twenty, so one reaction in twenty is on their answers.
    const author = (i: number) => (i % 20 === 0 ? 'U1' : `U${i % 1000}`);
    for (let i = 0; i < answersInThreads; i++)
      thread.run(team, `C${i % 50}`, `${1_700_000_000 + i}.000100`, author(i), text(i), i);
    const reaction = db.prepare(
      `INSERT INTO reaction_events (team_id, channel_id, message_ts, reactor_id, reaction, action, event_id, event_time, received_at)
       VALUES (?, ?, ?, ?, 'star', 'added', ?, ?, 1)`,
    );
    const points = db.prepare(
      `INSERT OR IGNORE INTO reaction_points (team_id, channel_id, message_ts, reactor_id, author_id, points, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, 1)`,
    );
    for (let i = 0; i < n(0.5); i++) {
      const a = i % answersInThreads;
      const reactor = `U${(i * 7919) % 1000}`;
      reaction.run(team, `C${a % 50}`, `${1_700_000_000 + a}.000100`, reactor, `Ev${i}`, i);
      if (i < n(0.15)) points.run(team, `C${a % 50}`, `${1_700_000_000 + a}.000100`, reactor, author(a));
    }
    const practice = db.prepare(
      `INSERT INTO practice_events (team_id, user_id, question_id, kind, rating, at) VALUES (?, ?, ?, 'rating', 3, ?)`,
    );
    for (let i = 0; i < n(0.2); i++) practice.run(team, i < n(0.04) ? 'U1' : `U${i % 1000}`, `q${i % 50}`, i);
    const answer = db.prepare(
      `INSERT INTO answers (team_id, user_id, question_id, situation, task, action, result, created_at)
       VALUES (?, ?, ?, ?, 'I owned the fix for the whole quarter.', 'I measured, compared two designs, chose the cache.', 'Pages fell by 40% and stayed down.', ?)`,
    );
    for (let i = 0; i < n(0.04); i++) answer.run(team, author(i), `q${i % 50}`, text(i), i);
    const review = db.prepare(
      `INSERT OR IGNORE INTO rubric_reviews (team_id, channel_id, message_ts, reviewer_id, author_id, situation, task, action, result, comment, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 4, 3, 4, 2, 'More numbers in the result.', ?, ?)`,
    );
    for (let i = 0; i < n(0.03); i++) {
      const a = i % answersInThreads;
      review.run(team, `C${a % 50}`, `${1_700_000_000 + a}.000100`, `U${(i * 31) % 1000}`, author(a), i, i);
    }
    const card = db.prepare(
      `INSERT OR IGNORE INTO review_cards (team_id, user_id, question_id, card, due_at, updated_at) VALUES (?, ?, ?, '{}', ?, 1)`,
    );
    for (let i = 0; i < n(0.02); i++) card.run(team, `U${i % 1000}`, `q${Math.floor(i / 1000)}`, i);
  })();
  const count = (sql: string) => (db.prepare(sql).get(team) as { n: number }).n;
  const tables = [
    'thread_answers',
    'reaction_events',
    'reaction_points',
    'practice_events',
    'answers',
    'rubric_reviews',
    'review_cards',
  ];
  const rows = tables.reduce((sum, t) => sum + count(`SELECT count(*) AS n FROM ${t} WHERE team_id = ?`), 1);
  const heavyUser =
    count(`SELECT count(*) AS n FROM practice_events WHERE team_id = ? AND user_id = 'U1'`) +
    count(`SELECT count(*) AS n FROM answers WHERE team_id = ? AND user_id = 'U1'`) +
    count(`SELECT count(*) AS n FROM thread_answers WHERE team_id = ? AND user_id = 'U1'`) +
    count(`SELECT count(*) AS n FROM reaction_events r WHERE team_id = ? AND (reactor_id = 'U1' OR EXISTS (
      SELECT 1 FROM thread_answers a WHERE a.team_id = r.team_id AND a.channel_id = r.channel_id AND a.message_ts = r.message_ts AND a.user_id = 'U1'))`) +
    count(
      `SELECT count(*) AS n FROM reaction_points WHERE team_id = ? AND (reactor_id = 'U1' OR author_id = 'U1')`,
    ) +
    count(
      `SELECT count(*) AS n FROM rubric_reviews WHERE team_id = ? AND (reviewer_id = 'U1' OR author_id = 'U1')`,
    ) +
    count(`SELECT count(*) AS n FROM review_cards WHERE team_id = ? AND user_id = 'U1'`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { rows, heavyUser };
}

/**
 * Large deletes while others are served: a workspace of ~1M rows is uninstalled (and, before that,
 * its heaviest user asks to be forgotten) while users of four other workspaces run `/star question`
 * and `/healthz` is polled. The purge runs in batches in the app's background worker. Then a second
 * such workspace is uninstalled with nothing else going on: how long a purge takes on its own.
 */
async function purge(): Promise<void> {
  const standIn = await startSlackStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'star-bench-'));
  const dbPath = join(dir, 'star.db');
  const settings = benchSettings(standIn.apiUrl, dbPath);
  openCore(settings).close(); // the schema
  const seeded = seedLargeWorkspace(dbPath, 'T1', Math.round(1_000_000 * scale));
  seedLargeWorkspace(dbPath, 'T6', Math.round(1_000_000 * scale));
  /** When the worker logged each workspace gone, and the work it says it took. */
  const purged = new Map<string, { at: number; work: string }>();
  const logger = createLogger('info', (line) => {
    const done = /app_uninstalled: deleted workspace (\w+) .* in (\d+ batches, [\d.]+ s) of work/.exec(line);
    if (done?.[1]) purged.set(done[1], { at: performance.now(), work: done[2] ?? '' });
  });
  /** Uninstalls `team`; resolves with the seconds until its purge is done (WAL truncated) and the ack's ms. */
  const uninstall = async (team: string) => {
    const start = performance.now();
    const ack = await signedPost(
      url,
      eventCallback({ type: 'app_uninstalled', event_ts: '1800000000.1' }, { teamId: team }),
      'application/json',
    );
    if (ack.status !== 200) throw new Error(`app_uninstalled refused: ${ack.status}`);
    const ackMs = performance.now() - start;
    while (!purged.has(team)) await new Promise((resolve) => setTimeout(resolve, 20));
    await ours.idle(); // the WAL checkpoint after the last batch
    return { seconds: (performance.now() - start) / 1000, ackMs };
  };
  const ours = await startApp(settings, { logger, scheduler: false });
  const base = `http://127.0.0.1:${ours.port}`;
  const url = `${base}/slack/events`;
  const concurrency = 8;
  await latency(url, 50, 5); // warm up

  const quietLoop = monitorEventLoopDelay({ resolution: 5 });
  const quiet = backgroundLoad(url, base, concurrency);
  quietLoop.enable();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  quietLoop.disable();
  const baseline = await quiet.stop();

  // Forget-me of the heavy user, under load: from the click to the card that says what went.
  const forget = await signedPost(
    url,
    slashCommand('forget-me', 'http://127.0.0.1:9/hooks/confirm', { teamId: 'T1', userId: 'U1' }),
    'application/x-www-form-urlencoded',
  );
  const confirm = JSON.parse(forget.text) as { blocks: Array<{ elements?: Array<Record<string, unknown>> }> };
  const button = confirm.blocks
    .flatMap((block) => block.elements ?? [])
    .find((element) => (element.text as { text?: string } | undefined)?.text === 'Delete my data') as
    | { action_id: string; value: string }
    | undefined;
  if (!button) throw new Error('no "Delete my data" button in the forget-me card');
  const duringForget = backgroundLoad(url, base, concurrency);
  const forgetStart = performance.now();
  await signedPost(
    url,
    buttonClick(button, standIn.responseUrl('forgotten'), { teamId: 'T1', userId: 'U1' }),
    'application/x-www-form-urlencoded',
  );
  await standIn.waitFor('hook:forgotten', 1, 600_000);
  const forgetSeconds = (performance.now() - forgetStart) / 1000;
  const forgetLoad = await duringForget.stop();

  // The uninstall, under load, until the worker logs that the workspace is gone (WAL truncated).
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const duringPurge = backgroundLoad(url, base, concurrency);
  let walMax = 0;
  const walWatch = setInterval(() => {
    try {
      walMax = Math.max(walMax, statSync(`${dbPath}-wal`).size);
    } catch {
      // no WAL at this moment
    }
  }, 50);
  loop.enable();
  const loaded = await uninstall('T1');
  loop.disable();
  clearInterval(walWatch);
  const purgeLoad = await duringPurge.stop();
  const alone = await uninstall('T6');
  await ours.stop();
  await standIn.close();
  const left = new Database(dbPath, { readonly: true });
  const remaining = [
    'practice_events',
    'reaction_events',
    'answers',
    'thread_answers',
    'installations',
  ].reduce(
    (sum, t) =>
      sum +
      (left.prepare(`SELECT count(*) AS n FROM ${t} WHERE team_id IN ('T1', 'T6')`).get() as { n: number }).n,
    0,
  );
  left.close();
  rmSync(dir, { recursive: true, force: true });

  const row = (measure: string, load: Awaited<ReturnType<typeof duringPurge.stop>>) =>
    absoluteRow(
      `${measure}: /star question p50 / p99`,
      `${ms(load.questions, 0.5)} / ${ms(load.questions, 0.99)} ms`,
      '< 300 ms',
      percentile(load.questions, 0.99) < 300 && load.failed === 0,
      load.failed > 0
        ? `${load.failed} of ${load.questions.length} requests failed (or a /healthz probe did).`
        : `the slowest 1% waited ${ms(load.questions, 0.99)} ms with ${concurrency} requests in flight: the ` +
            "purge's batches share the event loop and the write lock with them (the event loop delay is in its row).",
    );
  row('no purge (baseline)', baseline);
  row(`forget-me of a user with ${seeded.heavyUser} rows`, forgetLoad);
  absoluteRow(
    `forget-me of a user with ${seeded.heavyUser} rows: click to card`,
    `${fmt(forgetSeconds, 1)} s`,
    '—',
    true,
  );
  row(`purge of a ${seeded.rows}-row workspace`, purgeLoad);
  absoluteRow(
    'purge: /healthz p99 / slowest',
    `${ms(purgeLoad.health, 0.99)} / ${fmt(purgeLoad.health.at(-1) ?? Number.NaN, 1)} ms`,
    'answers',
    purgeLoad.health.length > 0 && purgeLoad.failed === 0,
    `${purgeLoad.health.length} probes answered; ${purgeLoad.failed} requests or probes failed.`,
  );
  absoluteRow(
    `purge of a ${seeded.rows}-row workspace: time under that load (ack ${fmt(loaded.ackMs, 0)} ms)`,
    `${fmt(loaded.seconds, 1)} s`,
    '—',
    remaining === 0,
    `${remaining} rows of the purged workspaces were left.`,
  );
  absoluteRow(
    `purge of a ${seeded.rows}-row workspace: time with nothing else to do`,
    `${fmt(alone.seconds, 1)} s`,
    '—',
    remaining === 0,
    `${remaining} rows of the purged workspaces were left.`,
  );
  absoluteRow(
    'event loop delay p99 / max: no purge → purge',
    `${fmt(quietLoop.percentile(99) / 1e6, 0)} / ${fmt(quietLoop.max / 1e6, 0)} → ${fmt(loop.percentile(99) / 1e6, 0)} / ${fmt(loop.max / 1e6, 0)} ms`,
    '—',
    true,
  );
  notes.push(
    `Purge: ${purgeLoad.questions.length} /star question requests and ${purgeLoad.health.length} /healthz during the purge (${concurrency} in flight), ${purgeLoad.failed} failed; rows of the purged workspaces left: ${remaining}; the WAL grew to ${fmt(walMax / 1024 / 1024, 1)} MiB at most. The worker logged ${purged.get('T1')?.work ?? '?'} of deleting under load, ${purged.get('T6')?.work ?? '?'} alone. Forget-me: ${forgetLoad.questions.length} requests meanwhile.`,
  );
}

/**
 * Another process holds the write lock for 2 s (as `star daily`, a backup tool or a shell can)
 * while users run `/star question` (which writes the view): what each waits, and what it is told.
 */
async function lock(): Promise<void> {
  const standIn = await startSlackStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'star-bench-'));
  const dbPath = join(dir, 'star.db');
  const settings = benchSettings(standIn.apiUrl, dbPath);
  const ours = await startApp(settings, { logger: createLogger('error', () => {}), scheduler: false });
  const base = `http://127.0.0.1:${ours.port}`;
  const url = `${base}/slack/events`;
  await latency(url, 50, 5);
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]);
       db.exec('BEGIN IMMEDIATE'); console.log('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
       db.exec('COMMIT'); db.close(); console.log('released');`,
      dbPath,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) =>
    holder.stdout.on('data', (chunk) => String(chunk).includes('locked') && resolve()),
  );
  const load = backgroundLoad(url, base, 10);
  await once(holder, 'exit');
  const during = await load.stop();
  await ours.stop();
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
  absoluteRow(
    'write lock held 2 s by another process: /star question p50 / p99',
    `${ms(during.questions, 0.5)} / ${ms(during.questions, 0.99)} ms`,
    '< 300 ms',
    percentile(during.questions, 0.99) < 300,
    `the slowest 1% took ${ms(during.questions, 0.99)} ms: a request waits up to ${appBusyTimeoutMs} ms for ` +
      `the lock before it is told "busy", so the rest is the app's own time with 10 in flight ` +
      `(${during.busy} of ${during.questions.length} were told "busy").`,
  );
  absoluteRow(
    'write lock held 2 s: told "busy, try again" / requests',
    `${during.busy} / ${during.questions.length}`,
    '—',
    during.failed === 0,
    `${during.failed} requests got neither a card nor "busy" (or a /healthz probe failed).`,
  );
  absoluteRow(
    'write lock held 2 s: /healthz slowest',
    `${fmt(during.health.at(-1) ?? Number.NaN, 1)} ms`,
    '< 300 ms',
    (during.health.at(-1) ?? Number.POSITIVE_INFINITY) < 300,
    `its slowest probe took ${fmt(during.health.at(-1) ?? Number.NaN, 1)} ms while 10 requests were in flight.`,
  );
}

/** Start-up and memory as whole processes on the built JavaScript (test/bench/startup.ts). */
async function startup(): Promise<void> {
  await startupBench(root, quick, {
    row: (row) => rows.push(row.why === undefined ? { ...row, why: startupWhy(row) } : row),
    note: (text) => notes.push(text),
  });
}

/**
 * Why a start-up row misses its absolute goal (< N ms, < N MB), from the row's own figures: the
 * floor, a bare Bolt app in a process of its own, measured in the same run, against the goal.
 */
function startupWhy(row: Row): string {
  const value = (text: string) => Number.parseFloat(text.replace(/^[<≤]\s*/, ''));
  const [ours, floor, goal] = [value(row.ours), value(row.floor), value(row.goal)];
  const unit = row.ours.replace(/^[\d.\s]+/, '');
  const added = `${fmt(ours - floor, 0)} ${unit}`;
  if (unit === 'ms' && ours <= floor) {
    return row.measure.includes('first start')
      ? `${fmt(floor - ours, 0)} ms sooner than the floor, a bare Bolt app (${row.floor}): a first start ` +
          `listens without waiting for Slack too (the bot token is checked right after); over a restart it ` +
          `copies the new database the build made, and reads the shipped decks as the build parsed them ` +
          `(its own parse: the file names the build of the running code) or parses the others (CPU time until listening in the ` +
          `notes below), and it moves with the machine's load (above).`
      : `${fmt(floor - ours, 0)} ms sooner than the floor, a bare Bolt app (${row.floor}): a restart listens ` +
          `without waiting for Slack; what is left is node's own start and loading the bundle (CPU time ` +
          `until listening in the notes below), and it moves with the machine's load (above).`;
  }
  return floor >= goal
    ? `the floor, a bare Bolt app in a process of its own, is already at ${row.floor} on this machine ` +
        `in this run, over the goal before any of the app's own work; the app adds ${added} to it.`
    : `the floor is ${row.floor}: what the app adds to a bare Bolt app (${added}) is what misses the goal.`;
}

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
/** The coach (test/bench/coach.ts): first, so that its cold-start figure is the process's first analysis. */
function coach(): void {
  const result = coachBench();
  console.log(`${result.text}\n`);
  rows.push(...result.rows);
  notes.push(result.summary);
}

/** The 1-minute load average at the start and end of each part run: the machine is shared. */
const loads: string[] = [];
async function part(name: string, run: () => unknown): Promise<void> {
  if (only && only !== name) return;
  const before = loadavg()[0] ?? Number.NaN;
  await run();
  loads.push(`${name} ${fmt(before)} → ${fmt(loadavg()[0] ?? Number.NaN)}`);
}

/** What a run measured: saved with `--save=FILE`, rendered again with `--render=FILE,…`. */
type Results = {
  date: string;
  machine: string;
  quick: boolean;
  elapsed: number;
  rows: Row[];
  notes: string[];
  loads: string[];
};

const argument = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(`--${name}=`.length);
const renderFrom = argument('render');

/** This run, or (`--render`) saved runs of parts merged in order, as one set of results. */
async function results(): Promise<Results> {
  if (renderFrom) {
    const saved = renderFrom.split(',').map((file) => JSON.parse(readFileSync(file, 'utf8')) as Results);
    const first = saved[0];
    if (!first) throw new Error('--render needs a file saved with --save');
    return {
      ...first,
      quick: saved.some((one) => one.quick),
      elapsed: saved.reduce((sum, one) => sum + one.elapsed, 0),
      rows: saved.flatMap((one) => one.rows),
      notes: saved.flatMap((one) => one.notes),
      loads: saved.flatMap((one) => one.loads),
    };
  }
  const started = performance.now();
  await part('coach', coach);
  await part('reply', replyAndIngest);
  await part('fanout', fanOut);
  await part('storage', storage);
  await part('startup', startup);
  await part('purge', purge);
  await part('lock', lock);
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 1024 ** 3, 0)} GiB, Node ${process.version}`,
    quick,
    elapsed: (performance.now() - started) / 1000,
    rows,
    notes,
    loads,
  };
}

const run = await results();
const output = table(run.rows);
const missed = run.rows.filter((row) => row.met === 'NO');
const how = (row: Row) =>
  row.ratio === '—' ? `${row.ours}, goal ${row.goal}` : `${row.ratio} (goal ${row.goal})`;
const misses =
  missed.length === 0
    ? 'Every goal in the table is met.'
    : missed
        .map(
          (row) =>
            `- **${row.measure}** — ${how(row)}: ${row.why ?? 'this part of the bench gives no reason; see its figures and notes.'}`,
        )
        .join('\n');

const doc = `# Benchmarks

Measured by \`npm run bench\` (\`test/bench/run.ts\`) on ${run.date}, on ${run.machine}.
The machine is shared: the 1-minute load average at the start and end of each part was
${run.loads.join('; ')}. Ratios compare the app with its floor measured in the same run.
${run.quick ? '\n**This run used `--quick` (sizes reduced tenfold).**\n' : ''}
## Method

- **Reply latency** (\`--only=reply\`): signed \`/star question\` requests (HTTP mode, signature
  checked) until the reply arrives (the card travels in the acknowledgement). The floor is a bare
  Bolt app in the same process answering a static card of the same size in its ack. Sequential
  (840 each, one at a time, ours and the floor's taken in turn request by request, each once both
  apps have finished the one before), then 40 bursts of 50 requests sent at once, the next when all
  are answered: each burst's p50 and its total time (first send to last reply), medians over the
  bursts, in rounds. Which of the two goes first alternates, so that a shared machine's drifting
  load falls on both alike.
- **Event ingest**: signed \`reaction_added\` events on real answers, 20 in flight, in 4 rounds taken
  in turn with the floor; the clock stops when every listener has finished (scoring and SQLite
  writes included), not at the ack. The floor acks the same events and does nothing.
- **Daily fan-out** (\`--only=fanout\`, \`test/bench/fanout.ts\`): one daily pass of the real app in
  OAuth mode (one installation and token per workspace) against the stand-in of Slack in a process
  of its own, answering every call in 100 ms and enforcing per workspace (per token) 50 messages a
  second with a burst of 10 and one per second per channel, answering 429 (Retry-After: 1) beyond
  that and at random 0.5% of the time. Two cases: 10,000 channels over 1,000 workspaces (10 each),
  and 1,000 channels in one workspace. The minimum is the largest of what the limits and the
  latency allow: per workspace L + (its channels − burst) / 50 s; per connection channels × L / C
  s, with L = 0.1 s and C the dispatcher's cap of sends in flight (64). The channels post at 09:00
  in a zone where it is about noon when the bench runs (every post due, none near its day's end).
  The pass starts half a second after the app (its own start-up work done, as at 09:00 in a process
  that has been up).
  "Sending" runs from the first post to the last answer; the whole pass includes planning the
  day's rows. The bare-clients floor sends the same message to the same channels with bare Web API
  clients (the blocks as an array, no metadata), C at a time, each 429 waited out, and nothing
  else: what this machine gets through with WebClient as Slack ships it (requests through Node's
  fetch, arguments form-encoded; the app's clients send over node:http, \`src/slack/http-fetch.ts\`,
  and its scheduled posts as JSON bodies around the day's blocks made once, at less CPU a request).
  CPU a post is each process's CPU time (all its threads) from the first post to the
  end, over the posts; the stand-in's is its own process's. A post's time is given as the app saw
  it (its poster's call to the outcome) and as the stand-in spent it (the call's arrival to its
  answer written): sending takes about posts × the mean post / the mean posts in flight, and a miss
  says which of the two the time went to.
- **Storage at scale**: rows inserted directly, then the real repositories and use cases timed.
- **Start-up** (\`--only=startup\`, \`test/bench/startup.ts\`): the app as whole processes, as
  \`npm start\` runs it (its \`node … dist/cli.js serve\`, built first), from spawn until it logs that
  it listens; RSS then and 3 s later (the coach's patterns compile right after listening). The
  shipped decks, and ten generated decks of 100 questions; each on a new database (first start: the
  build's new database copied, the shipped decks read as the build parsed them, the generated ones
  parsed) and again on it (restart: unchanged decks read back from the database). The floor is a
  bare Bolt app in a process of its own (import Bolt, listen over HTTP).
  Medians of 7 runs (3 with \`--quick\`), interleaved.
- **Large deletes** (\`--only=purge\`): two workspaces of ~1M rows each (reactions, points, practice,
  thread answers, private answers, reviews, cards; one heavy user) written into the database, then,
  while users of four small workspaces send \`/star question\` (8 in flight all the time) and
  \`/healthz\` is polled every 100 ms: forget-me of the heavy user (click to the card that says what
  went), then the uninstall of the first workspace (the ack to the worker's log that it is gone,
  WAL truncated). The second workspace is then uninstalled with nothing else going on.
- **The coach** (\`--only=coach\`, \`test/bench/coach.ts\`): \`star coach --eval\` on the labelled
  corpora (\`test/fixtures/coach/corpus\` and \`holdout\`), then \`analyseAnswer\` timed on a
  3-minute (≥ 450-word) thread answer made of corpus answers and a STAR form answer of the same
  length (200 warm-up runs, then 2,000 timed), and on every corpus reply (10 rounds).
- **Another process's lock** (\`--only=lock\`): a separate process holds the write lock for 2 s
  (\`BEGIN IMMEDIATE\`, as \`star daily\`, a backup tool or a shell can) while \`/star question\` (which
  writes the card's view) runs 10 in flight and \`/healthz\` is polled.

## Figures

${output}

### Goals missed, and why

${misses}

### Notes

${run.notes.map((n) => `- ${n}`).join('\n')}

Whole run: ${fmt(run.elapsed, 0)} s.

${benchmarkHistory}`;

if (renderFrom) {
  console.log(doc);
} else {
  console.log(output);
  for (const note of run.notes) console.log(note);
  console.log(`(${fmt(run.elapsed, 0)} s${quick ? ', --quick: reduced sizes' : ''})`);
  const save = argument('save');
  if (save) writeFileSync(save, JSON.stringify(run, null, 2));
  if (!only) {
    writeFileSync(join(root, 'docs/benchmarks.md'), doc);
    console.log('wrote docs/benchmarks.md');
  }
}
process.exit(0);
