/**
 * The daily fan-out part of `npm run bench` (`npm run bench -- --only=fanout`): every subscribed
 * channel's question of the day, sent by the real app (OAuth mode: one installation and one token per
 * workspace) through one daily pass, against the loopback stand-in of Slack in a process of its own
 * (test/bench/fanout-slack.ts), answering every call in 100 ms and enforcing Slack-like limits per
 * workspace (its token): 50 messages a second with a burst of 10, one a second per channel, 429 with
 * Retry-After: 1 beyond that and at random 0.5% of the time.
 *
 * The minimum a case can take is the largest of what the limits and the latency allow:
 * - per workspace: L + (channels in it − burst) / 50 s (the burst goes at once, then 50 a second;
 *   the last reply comes L after the last send);
 * - per connection: channels × L / C s (at most C sends in flight for the whole process, each
 *   taking L), C being the dispatcher's cap (`maxInFlight`).
 * The machine's floor: the same posts (the same message) sent by bare Web API clients, C at a time,
 * each 429 waited out and retried, with nothing else (no planning, no outbox, no pacing). They are
 * WebClient as Slack ships it (requests through Node's fetch, arguments form-encoded); the app's clients
 * send over node:http (src/slack/http-fetch.ts), and its scheduled posts as JSON bodies around the
 * day's blocks made once (`postJson`, src/slack/web-client.ts), which costs less CPU a request, so the
 * app can come out below this floor.
 *
 * Besides the times, each case reports the CPU time a post of the app's process (all its threads,
 * from the first post to the end of the pass), of the bare clients' and of the stand-in's process,
 * how busy each event loop was and how many posts were in flight on average, and a post's time: as
 * the app saw it (its poster's call to its outcome) and the stand-in's own (the call's arrival to its
 * answer written). Sending takes about posts × the mean post / the mean in flight: on a shared 2-core
 * machine the times follow the CPU, and a missed goal's reason is given from these figures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webApi } from '@slack/bolt';
import { parseSlackSettings } from '../../src/config.js';
import { openCore, realClock, startApp } from '../../src/main.js';
import { dailyQuestionMessage } from '../../src/slack/blocks/daily-question.js';
import { createLogger } from '../../src/slack/logger.js';
import { maxInFlight } from '../../src/use-cases/outbox-dispatcher.js';
import { shippedStoriesDir } from '../support/fixtures.js';
import { signingSecret } from '../support/signed-requests.js';

/** Slack's answer time in the stand-in (each call is taken and answered this long after it arrives). */
const latencyMs = 100;
/** Per workspace: messages a second, and the burst allowed on top. */
const perSecond = 50;
const burst = 10;

export type FanOutRows = {
  ratioRow(
    measure: string,
    ours: number,
    floor: number,
    unit: string,
    goal: number,
    lowerIsBetter: boolean,
    why?: string,
  ): void;
  absoluteRow(measure: string, value: string, goal: string, met: boolean, why?: string): void;
  note(text: string): void;
};

type SlackStats = {
  seen: Array<[string, number]>;
  limited: number;
  random429: number;
  refusals: number;
  /** The stand-in's process: CPU time from its warm-up to the stats (ms). */
  cpuMs: number;
  /** Its own time for a chat.postMessage, from the call's arrival to its answer written (ms). */
  answerMs: MeanAndP90;
};

type MeanAndP90 = { mean: number; p90: number };

/** Durations (ms), and their mean and 90th percentile. */
function durations() {
  const values: number[] = [];
  return {
    add: (ms: number) => values.push(ms),
    summary(): MeanAndP90 {
      const sorted = [...values].sort((a, b) => a - b);
      const mean = sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1);
      return { mean, p90: sorted[Math.floor(sorted.length * 0.9)] ?? 0 };
    },
  };
}

/** The stand-in in its own process, warmed up (see fanout-slack.ts), with a token per workspace. */
async function startSlack(workspaces: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./fanout-slack.ts', import.meta.url)),
      ...[latencyMs, perSecond, burst].map(String),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const next = async <T>(key: string): Promise<T> => {
    for (;;) {
      const [message] = (await once(child, 'message')) as [Record<string, unknown>];
      if (key in message) return message[key] as T;
    }
  };
  const apiUrl = await next<string>('apiUrl');
  const tokens = Array.from({ length: workspaces }, (_, w): [string, string] => [
    `xoxb-bench-T${w}`,
    `T${w}`,
  ]);
  child.send({ grant: tokens });
  await next<number>('granted');
  child.send({ warmUp: sampleMessage() });
  await next<number>('warm');
  return {
    apiUrl,
    tokens,
    /** What Slack saw; the process then ends. */
    async stats(): Promise<SlackStats> {
      child.send({ stats: true });
      const stats = await next<SlackStats>('stats');
      await once(child, 'exit');
      return stats;
    },
  };
}

type CaseResult = {
  seconds: number;
  /** From the pass's start to its first post (the plan's first commit; the rest is planned while it sends). */
  firstPostSeconds: number;
  posted: number;
  duplicates: number;
  lost: number;
  limited: number;
  random429: number;
  peakInFlight: number;
  /** What the sends came to, by outcome. */
  outcomes: string;
  /** CPU time of the app's process (this one) from the first post to the end of the pass, ms a post. */
  cpuPerPost: number;
  /** The stand-in's CPU time a post (its process, the whole case), ms. */
  slackCpuPerPost: number;
  /** Posts in flight on average from the first post to the end of the pass. */
  meanInFlight: number;
  /** The share of that time the app's event loop was busy (0–1). */
  loopBusy: number;
  /** The last 429's answer, in seconds after the first post (0: none). */
  last429Seconds: number;
  /** A post's time as the app saw it: its poster's call to the outcome (ms). */
  postMs: MeanAndP90;
  /** The stand-in's own time for a post: its arrival to its answer written (ms). */
  slackAnswerMs: MeanAndP90;
};

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

type EventLoopUtilization = ReturnType<typeof performance.eventLoopUtilization>;

/** Posts in flight over time: `change` at each start (+1) and end (−1), `mean` from the first start. */
function inFlightArea() {
  let inFlight = 0;
  let area = 0;
  let first = 0;
  let last = 0;
  return {
    change(by: 1 | -1) {
      const now = performance.now();
      first ||= now;
      area += inFlight * (now - last);
      last = now;
      inFlight += by;
    },
    mean: () => area / (last - first || 1),
  };
}

const channelId = (w: number, c: number) => `C${w}X${c}`;

/**
 * The channels' time zone: a fixed offset (`Etc/GMT∓N`) where it is now about noon, so that their
 * 09:00 has passed and their day does not end during the pass, at whatever hour the bench runs (in
 * UTC, a run between midnight and 09:00 found nothing due, and a run crossing midnight saw its last
 * rows expire with their day).
 */
function noonZone(now: number): string {
  const offset = 12 - new Date(now).getUTCHours(); // hours ahead of UTC: +12 … −11
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** One daily pass over `workspaces` × `channelsEach` channels; the clock runs from the pass's start. */
async function fanOutCase(workspaces: number, channelsEach: number): Promise<CaseResult> {
  const slack = await startSlack(workspaces);
  let inFlight = 0;
  let peakInFlight = 0;
  let firstPostAt = 0;
  const flight = inFlightArea();
  let loopAtFirstPost: EventLoopUtilization | undefined;
  const outcomes = new Map<string, number>();
  /** When the last 429 came back (performance.now()). */
  let last429At = 0;
  let cpuAtFirstPost: NodeJS.CpuUsage | undefined;
  const postTimes = durations();

  const dir = mkdtempSync(join(tmpdir(), 'star-bench-'));
  const dbPath = join(dir, 'star.db');
  const core = openCore({ dbPath, storiesDir: shippedStoriesDir, logLevel: 'error' });
  const subscribedAt = Date.parse('2026-11-23T20:00:00Z');
  const timeZone = noonZone(Date.now());
  core.db.transaction(() => {
    for (const [w, [token, teamId]] of slack.tokens.entries()) {
      core.installations.save({
        key: `T:${teamId}`,
        teamId,
        enterpriseId: null,
        isEnterpriseInstall: false,
        botToken: token,
        botUserId: 'UBOT',
        json: JSON.stringify({ team: { id: teamId }, bot: { token, userId: 'UBOT' } }),
        at: subscribedAt,
      });
      for (let c = 0; c < channelsEach; c++) {
        core.subscriptions.subscriptions.save({
          teamId,
          channelId: channelId(w, c),
          time: '09:00',
          timeZone,
          days: [1, 2, 3, 4, 5, 6, 7],
          holidays: null,
          createdBy: 'U1',
          at: subscribedAt,
        });
      }
    }
  })();
  core.close();

  const settings = parseSlackSettings({
    SLACK_CLIENT_ID: 'bench-client',
    SLACK_CLIENT_SECRET: 'bench-client-secret',
    SLACK_STATE_SECRET: 'bench-state-secret-0123456789',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    STAR_DB: dbPath,
    STAR_STORIES: shippedStoriesDir,
    LOG_LEVEL: 'error',
  });
  const app = await startApp(settings, {
    logger: createLogger('error', () => {}),
    scheduler: false,
    clock: realClock,
    decoratePoster: (poster) => ({
      ...poster,
      post: async (input) => {
        firstPostAt ||= performance.now();
        cpuAtFirstPost ??= process.cpuUsage();
        loopAtFirstPost ??= performance.eventLoopUtilization();
        flight.change(+1);
        inFlight += 1;
        peakInFlight = Math.max(peakInFlight, inFlight);
        const called = performance.now();
        try {
          const outcome = await poster.post(input);
          const key = outcome.ok ? 'ok' : `${outcome.kind}${'error' in outcome ? ` (${outcome.error})` : ''}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          if (!outcome.ok && outcome.kind === 'rate-limited') last429At = performance.now();
          return outcome;
        } finally {
          postTimes.add(performance.now() - called);
          flight.change(-1);
          inFlight -= 1;
        }
      },
    }),
  });
  // The app's own start-up work (the coach's patterns compile just after it listens) is done before
  // 09:00 comes, as in a process that has been up for a while.
  await new Promise((resolve) => setTimeout(resolve, 500));
  // The channels' 09:00 has passed today (in their zone): every channel is due now.
  const start = performance.now();
  const report = await app.runDailyPass(Date.now(), { maxPassMs: 10 * 60_000, retryHorizonMs: 60_000 });
  const seconds = (performance.now() - start) / 1000;
  const sendingCpu = cpuMs(process.cpuUsage(cpuAtFirstPost));
  const loop = performance.eventLoopUtilization(loopAtFirstPost);
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
  const stats = await slack.stats();
  const seen = new Map(stats.seen);
  const expected = slack.tokens.flatMap(([token], w) =>
    Array.from({ length: channelsEach }, (_, c) => `${token}/${channelId(w, c)}`),
  );
  return {
    seconds,
    firstPostSeconds: (firstPostAt - start) / 1000,
    posted: report.posted.length,
    duplicates: [...seen.values()].filter((n) => n > 1).length,
    lost: expected.filter((c) => !seen.has(c)).length,
    limited: stats.limited,
    random429: stats.random429,
    cpuPerPost: sendingCpu / (workspaces * channelsEach),
    slackCpuPerPost: stats.cpuMs / (workspaces * channelsEach),
    meanInFlight: flight.mean(),
    loopBusy: loop.utilization,
    last429Seconds: last429At === 0 ? 0 : (last429At - firstPostAt) / 1000,
    peakInFlight,
    postMs: postTimes.summary(),
    slackAnswerMs: stats.answerMs,
    outcomes: [...outcomes].map(([kind, n]) => `${n} ${kind}`).join(', '),
  };
}

/** A question of the day from the shipped decks, as every post of the bare clients sends it. */
function sampleMessage() {
  const core = openCore({ dbPath: ':memory:', storiesDir: shippedStoriesDir, logLevel: 'error' });
  const question = core.library.questions[0];
  core.close();
  if (!question) throw new Error('the shipped decks have no question');
  return dailyQuestionMessage(question, '2026-11-24');
}

type BareResult = {
  seconds: number;
  cpuPerPost: number;
  slackCpuPerPost: number;
  meanInFlight: number;
  loopBusy: number;
  /** A chat.postMessage's time as the clients saw it (ms). */
  postMs: MeanAndP90;
};

/**
 * The machine's floor: bare Web API clients, `maxInFlight` at a time, each 429 waited out: the time
 * they take, and their process's CPU time a post (ms).
 */
async function bareClients(workspaces: number, channelsEach: number): Promise<BareResult> {
  const slack = await startSlack(workspaces);
  const message = sampleMessage();
  const clients = slack.tokens.map(
    ([token]) =>
      new webApi.WebClient(token, {
        slackApiUrl: slack.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        logger: createLogger('error', () => {}),
      }),
  );
  const posts = Array.from({ length: workspaces * channelsEach }, (_, i) => ({
    w: i % workspaces,
    c: Math.floor(i / workspaces),
  }));
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const flight = inFlightArea();
  const postTimes = durations();
  const start = performance.now();
  const worker = async () => {
    for (let post = posts.shift(); post; post = posts.shift()) {
      for (;;) {
        flight.change(+1);
        const called = performance.now();
        try {
          await clients[post.w]?.chat.postMessage({
            channel: channelId(post.w, post.c),
            text: message.text,
            blocks: message.blocks,
            unfurl_links: false,
          });
        } catch (error) {
          if (!(error instanceof webApi.WebAPIRateLimitedError)) throw error;
          postTimes.add(performance.now() - called);
          flight.change(-1);
          await new Promise((resolve) => setTimeout(resolve, error.retryAfter * 1000));
          continue;
        }
        postTimes.add(performance.now() - called);
        flight.change(-1);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: maxInFlight }, worker));
  const seconds = (performance.now() - start) / 1000;
  const count = workspaces * channelsEach;
  const cpuPerPost = cpuMs(process.cpuUsage(cpu)) / count;
  const loopBusy = performance.eventLoopUtilization(loop).utilization;
  const stats = await slack.stats();
  return {
    seconds,
    cpuPerPost,
    slackCpuPerPost: stats.cpuMs / count,
    meanInFlight: flight.mean(),
    loopBusy,
    postMs: postTimes.summary(),
  };
}

/** The minimum the limits and the latency allow (see the header), in seconds. */
function minimumSeconds(workspaces: number, channelsEach: number): number {
  const L = latencyMs / 1000;
  const perWorkspace = L + Math.max(0, channelsEach - burst) / perSecond;
  const perConnection = (workspaces * channelsEach * L) / maxInFlight;
  return Math.max(perWorkspace, perConnection);
}

export async function fanOutBench(scale: number, out: FanOutRows): Promise<void> {
  const cases = [
    { workspaces: Math.round(1000 * scale), channelsEach: 10, goal: 1.2 },
    { workspaces: 1, channelsEach: Math.round(1000 * scale), goal: 1.05 },
  ];
  for (const { workspaces, channelsEach, goal } of cases) {
    const result = await fanOutCase(workspaces, channelsEach);
    const channels = workspaces * channelsEach;
    const label = `${channels} channels over ${workspaces} workspace${workspaces === 1 ? '' : 's'}`;
    const minimum = minimumSeconds(workspaces, channelsEach);
    const sending = result.seconds - result.firstPostSeconds;
    // With many workspaces the limits hardly bind: the machine's own floor says what is reachable here.
    const bare = workspaces > 1 ? await bareClients(workspaces, channelsEach) : undefined;
    const why = reasons({ workspaces, channelsEach, goal, minimum, sending, result, bare });
    out.ratioRow(
      `daily fan-out, ${label}: sending (first post to last)`,
      sending,
      minimum,
      's',
      goal,
      true,
      why.sending,
    );
    out.ratioRow(
      `daily fan-out, ${label}: whole pass (planning included)`,
      result.seconds,
      minimum,
      's',
      goal,
      true,
      why.wholePass,
    );
    if (bare !== undefined)
      out.ratioRow(
        `daily fan-out, ${label}: sending vs bare Web API clients`,
        sending,
        bare.seconds,
        's',
        goal,
        true,
        why.againstBare,
      );
    out.absoluteRow(
      `daily fan-out, ${label}: posted / duplicates / lost`,
      `${result.posted} / ${result.duplicates} / ${result.lost}`,
      `${channels} / 0 / 0`,
      result.posted === channels && result.duplicates === 0 && result.lost === 0,
      `${channels - result.posted} posts not reported sent by the pass, ${result.duplicates} channels posted ` +
        `more than once, ${result.lost} never posted (sends: ${result.outcomes}).`,
    );
    const ms = (n: number) => `${n.toFixed(2)} ms`;
    out.note(
      `Fan-out, ${label}: the minimum is ${minimum.toFixed(2)} s (${minimumWhy(workspaces, channelsEach)}); ` +
        `Slack answered ${result.limited} rate-limit 429s and ${result.random429} random 429s (Retry-After: 1); ` +
        `at most ${result.peakInFlight} posts in flight (cap ${maxInFlight}), ${result.meanInFlight.toFixed(1)} on average; ` +
        `a post took ${ms(result.postMs.mean)} as the app saw it (p90 ${ms(result.postMs.p90)}), the stand-in's own ` +
        `time (its arrival to its answer written) ${ms(result.slackAnswerMs.mean)} (p90 ${ms(result.slackAnswerMs.p90)}); ` +
        `the first post ${result.firstPostSeconds.toFixed(2)} s into the pass` +
        (result.last429Seconds > 0
          ? `, the last 429 ${result.last429Seconds.toFixed(2)} s after it (${(sending - result.last429Seconds).toFixed(2)} s ` +
            `before the last answer)`
          : '') +
        `; sends: ${result.outcomes}. CPU a post while ` +
        `sending: the app's process ${ms(result.cpuPerPost)} (its event loop busy ` +
        `${(result.loopBusy * 100).toFixed(0)}% of the time), the stand-in of Slack ${ms(result.slackCpuPerPost)} ` +
        `in its own process` +
        (bare === undefined
          ? '.'
          : `; bare Web API clients (WebClient as shipped, through Node's fetch; the app's posts go ` +
            `over node:http as JSON) ${bare.seconds.toFixed(2)} s, ${ms(bare.cpuPerPost)} of CPU a post ` +
            `(loop busy ${(bare.loopBusy * 100).toFixed(0)}%, ${bare.meanInFlight.toFixed(1)} in flight on average, ` +
            `a post ${ms(bare.postMs.mean)} as they saw it; ` +
            `the stand-in ${ms(bare.slackCpuPerPost)}).`),
    );
  }
}

/** Why each of a case's goals is missed (shown only when it is), from the case's own figures. */
function reasons(input: {
  workspaces: number;
  channelsEach: number;
  goal: number;
  minimum: number;
  sending: number;
  result: CaseResult;
  bare: BareResult | undefined;
}): { sending: string; wholePass: string; againstBare: string } {
  const { workspaces, channelsEach, goal, minimum, sending, result, bare } = input;
  const posts = workspaces * channelsEach;
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const planning =
    `the first post went out ${result.firstPostSeconds.toFixed(2)} s into the pass (` +
    `${((result.firstPostSeconds / minimum) * 100).toFixed(0)}% of the minimum; the plan's first commit, the ` +
    `rest of the day's ${posts} rows planned while it sends)`;
  const perPost =
    `per post the app also claims and marks its outbox row (in commits shared by the posts of a turn), ` +
    `checks the row still stands (its channel's subscription), observes the post's lag and the API call ` +
    `for /metrics, and carries the outbox id in the message's metadata; its posts go over node:http ` +
    `(src/slack/http-fetch.ts) as JSON bodies around the day's blocks made once, the bare clients' ` +
    `through Node's fetch, form-encoded, as WebClient ships`;
  // One process, one event loop: CPU a post × posts must fit in the time, with a core to itself.
  const budget = ((goal * minimum) / posts) * 1000;
  const cores = availableParallelism();
  const limits = result.limited + result.random429;
  const busy = (share: number) => `${(share * 100).toFixed(0)}%`;
  const cpuBound =
    `With a core to itself, ${goal}× the minimum leaves ${ms(budget)} of CPU a post; the app's process ` +
    `used ${ms(result.cpuPerPost)}` +
    (result.cpuPerPost > budget
      ? ', so it would miss the goal even on a core of its own'
      : ', so on a core of its own it would fit') +
    (bare === undefined ? '.' : ` (the bare clients ${ms(bare.cpuPerPost)}).`);
  // Sending takes about posts × the mean post / the mean in flight: which of the two the time went to.
  const over = result.postMs.mean - result.slackAnswerMs.mean;
  const timeWent =
    `Sending took ${sending.toFixed(2)} s ≈ ${posts} posts × ${ms(result.postMs.mean)} a post (as the app saw it) / ` +
    `${result.meanInFlight.toFixed(1)} in flight on average (of the cap's ${maxInFlight}): the stand-in's own ` +
    `time was ${ms(result.slackAnswerMs.mean)} a post, so ${ms(over)} a post went to the app's side (its event ` +
    `loop, busy ${busy(result.loopBusy)} of the time, and the wire)` +
    // (One workspace's own limits keep most slots empty: only with many is an empty slot time lost.)
    (workspaces > 1 && result.meanInFlight < maxInFlight - 1
      ? `, and ${(maxInFlight - result.meanInFlight).toFixed(1)} slots stood idle on average (between one send's end ` +
        `and the next one's start, and at the start and the end of the pass). `
      : '. ');
  // A 429 near the end: its row waits out Retry-After (1 s) after the others are done.
  const tail =
    result.last429Seconds > 0 && sending - result.last429Seconds < 1.5
      ? `The last 429 (of ${limits}) came ${result.last429Seconds.toFixed(2)} s after the first post, ` +
        `${(sending - result.last429Seconds).toFixed(2)} s before the last answer: its row waited out its ` +
        `Retry-After (1 s) once the rest were done, the slots idle meanwhile. `
      : '';
  const sendingWhy =
    timeWent +
    (bare === undefined
      ? `Slack answered ${limits} 429s (${result.limited} at the workspace's limit, ${result.random429} at ` +
        `random); each puts its row back for its Retry-After (1 s), and the pacing finds the workspace's ` +
        `limit by meeting it. The last 429 came ${result.last429Seconds.toFixed(2)} s after the first post, ` +
        `${(sending - result.last429Seconds).toFixed(2)} s before the last answer` +
        (sending - result.last429Seconds < 1.5
          ? ': its row waited out its Retry-After while the rest were done, and the pass with it.'
          : '.') +
        ` The app's process used ${ms(result.cpuPerPost)} of CPU a post (its event loop busy ` +
        `${busy(result.loopBusy)}).`
      : tail +
        (bare.seconds > goal * minimum
          ? `Bare Web API clients sending the same posts with nothing else took ${bare.seconds.toFixed(2)} s ` +
            `in this run (${(bare.seconds / minimum).toFixed(2)}× the minimum): this machine as loaded in ` +
            `this run (${cores} cores, shared with the stand-in and other work) does not reach ${goal}× ` +
            `the minimum even without the app's work. `
          : `Bare Web API clients sending the same posts took ${bare.seconds.toFixed(2)} s ` +
            `(${(bare.seconds / minimum).toFixed(2)}× the minimum), within the goal: the app's own work ` +
            `is what misses it. `) +
        cpuBound);
  const timeRatio = sending / (bare?.seconds ?? sending);
  const cpuRatio = result.cpuPerPost / (bare?.cpuPerPost ?? result.cpuPerPost);
  return {
    sending: sendingWhy,
    wholePass: sending > goal * minimum ? `sending alone misses it (above); ${planning}.` : `${planning}.`,
    againstBare:
      bare === undefined
        ? ''
        : `the app's process used ${ms(result.cpuPerPost)} of CPU a post against the bare clients' ` +
          `${ms(bare.cpuPerPost)} (${cpuRatio.toFixed(2)}×): ${perPost}. Its event loop was busy ` +
          `${busy(result.loopBusy)} of the time, the bare clients' ${busy(bare.loopBusy)}` +
          (timeRatio > cpuRatio * 1.1
            ? `; the time ratio (${timeRatio.toFixed(2)}×) is above the CPU ratio: the rest is CPU the ` +
              "app's process waited for on the shared machine."
            : '.'),
  };
}

/** Which bound gives the minimum, in words. */
function minimumWhy(workspaces: number, channelsEach: number): string {
  const L = latencyMs / 1000;
  const perConnection = (workspaces * channelsEach * L) / maxInFlight;
  const perWorkspace = L + Math.max(0, channelsEach - burst) / perSecond;
  return perConnection >= perWorkspace
    ? `${workspaces * channelsEach} posts × ${L} s / ${maxInFlight} in flight`
    : `${L} s + (${channelsEach} − ${burst} burst) / ${perSecond} per s in one workspace`;
}
