import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';
import { boundedMemo } from '../domain/built-once.js';

/**
 * What an operator can watch, in Prometheus' text format (GET /metrics): the outbox, post lag, Slack
 * Web API calls, events, answers and reactions, the scheduler's passes, and the process. Every metric
 * lives in the registry passed in (never prom-client's global one), so two apps in one process (the
 * tests) keep their own numbers. No label carries a workspace, channel or user id: only small, fixed
 * sets of values (outbox states and kinds, Web API method names, outcomes, event types).
 */

/** Outbox rows of one state and kind, as the storage counts them at scrape time. */
export type OutboxCount = { readonly state: string; readonly kind: string; readonly rows: number };

/** One HTTP request to Slack's Web API: its method, what it came to, and how long it took. */
type ApiCallRecord = { readonly method: string; readonly outcome: string; readonly seconds: number };

export type Metrics = {
  /** The text of a scrape and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
  /** A Web API request ended (see `observedFetch` in src/slack/web-client.ts for the outcomes). */
  apiCall(call: ApiCallRecord): void;
  /** Slack took a scheduled post of `kind`, `lagSeconds` after its scheduled minute. */
  postSent(kind: string, lagSeconds: number): void;
  /** An Events API callback reached the app: stored as new, a retry of one stored before, or not stored. */
  eventReceived(type: string, intake: 'new' | 'retry' | 'not-stored'): void;
  /** An answer was recorded: a reply in a question's thread, or a STAR form; `kind` from answer-kind.ts. */
  answerRecorded(via: 'thread-reply' | 'form', kind: string): void;
  /** A reaction (added or removed) was recorded in the ledger for the first time. */
  reactionRecorded(action: string): void;
  /** A scheduler pass ended (`ok` false: it threw), ending at `endedAt` (ms since the epoch). */
  schedulerPass(pass: { readonly seconds: number; readonly ok: boolean; readonly endedAt: number }): void;
};

/** Slack's method names ("chat.postMessage", "oauth.v2.access"); anything else is counted as "other". */
const methodName = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+$/;
/** Outcomes and event types are short snake_case words from Slack; anything else is folded. */
const word = /^[a-z0-9_]{1,64}$/;

const bounded = (value: string, pattern: RegExp, otherwise: string) =>
  pattern.test(value) ? value : otherwise;

/**
 * Makes the metrics in `registry`. `outboxRows` is called once per scrape (one grouped query); when it
 * throws (the database is closed), the scrape still answers, without the outbox gauge, and
 * `onCollectError` is told. `processMetrics` adds prom-client's default process metrics (CPU,
 * memory, event loop lag, GC): a timer every 100 ms and a GC observer, kept for the process's life
 * (prom-client cannot stop them).
 */
export function createMetrics(
  registry: Registry,
  options: {
    outboxRows: () => readonly OutboxCount[];
    processMetrics?: boolean;
    onCollectError?: (error: Error) => void;
  },
): Metrics {
  const registers = [registry];
  new Gauge({
    name: 'star_outbox_rows',
    help: 'Outbox rows by state and kind: pending, sending and doubt rows all, finished rows (sent, failed, expired, empty) whose last attempt was due in the past 24 hours',
    labelNames: ['state', 'kind'] as const,
    registers,
    collect() {
      this.reset();
      let counts: readonly OutboxCount[];
      try {
        counts = options.outboxRows();
      } catch (error) {
        options.onCollectError?.(error as Error);
        return;
      }
      for (const { state, kind, rows } of counts) this.set({ state, kind }, rows);
    },
  });
  const postLag = new Histogram({
    name: 'star_post_lag_seconds',
    help: "Seconds between a scheduled post's minute (the channel's posting time, the user's reminder time) and Slack taking it",
    labelNames: ['kind'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 10_800],
    registers,
  });
  const apiCalls = new Histogram({
    name: 'star_slack_api_call_duration_seconds',
    help: "Slack Web API requests by method and outcome (ok, 429, 5xx, Slack's error code, timeout, network_error) and how long each took; each retry is a request of its own",
    labelNames: ['method', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const eventsReceived = new Counter({
    name: 'star_slack_events_received_total',
    help: 'Events API callbacks received (retries from Slack included), by event type',
    labelNames: ['type'] as const,
    registers,
  });
  const eventsIngested = new Counter({
    name: 'star_slack_events_ingested_total',
    help: 'Events stored in the event inbox for the first time (durable intake), by event type',
    labelNames: ['type'] as const,
    registers,
  });
  const eventsRefused = new Counter({
    name: 'star_slack_events_not_stored_total',
    help: 'Events that could not be stored before their acknowledgement (not acknowledged: Slack sends them again), by event type',
    labelNames: ['type'] as const,
    registers,
  });
  const answers = new Counter({
    name: 'star_answers_recorded_total',
    help: 'Answers recorded: thread replies to a question, and STAR forms submitted; by kind (answer, comment, filler)',
    labelNames: ['via', 'kind'] as const,
    registers,
  });
  const reactions = new Counter({
    name: 'star_reactions_recorded_total',
    help: 'Reactions recorded in the peer-review ledger (each Slack event once), by action (added, removed)',
    labelNames: ['action'] as const,
    registers,
  });
  const passes = new Histogram({
    name: 'star_scheduler_pass_duration_seconds',
    help: 'How long each daily pass of the scheduler took (plan, then deliver the outbox), by outcome (ok, failed)',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 45, 60, 120],
    registers,
  });
  const lastPass = new Gauge({
    name: 'star_scheduler_last_pass_completed_seconds',
    help: 'When the last scheduler pass completed without error (seconds since the epoch)',
    registers,
  });
  // The event loop is sampled every 100 ms rather than prom-client's 10 ms: a tenth of the wake-ups,
  // and a stall long enough to matter is still seen.
  if (options.processMetrics)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });

  // Each call's labels turned into the histogram's child once, not on every call (the daily fan-out
  // observes two per post: checking and hashing the labels cost more than the observation).
  const apiCallsBy = boundedMemo<ReturnType<typeof apiCalls.labels>>(1_000);
  const postLagBy = boundedMemo<ReturnType<typeof postLag.labels>>(1_000);
  return {
    scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    apiCall: ({ method, outcome, seconds }) =>
      apiCallsBy(`${method}\n${outcome}`, () =>
        apiCalls.labels({
          method: bounded(method, methodName, 'other'),
          outcome: bounded(outcome, word, 'error'),
        }),
      ).observe(seconds),
    postSent: (kind, lagSeconds) =>
      postLagBy(kind, () => postLag.labels({ kind: bounded(kind, word, 'other') })).observe(
        Math.max(0, lagSeconds),
      ),
    eventReceived: (rawType, intake) => {
      const type = bounded(rawType, word, 'other');
      eventsReceived.inc({ type });
      if (intake === 'new') eventsIngested.inc({ type });
      if (intake === 'not-stored') eventsRefused.inc({ type });
    },
    answerRecorded: (via, kind) => answers.inc({ via, kind: bounded(kind, word, 'unknown') }),
    reactionRecorded: (action) => reactions.inc({ action: bounded(action, word, 'other') }),
    schedulerPass: ({ seconds, ok, endedAt }) => {
      passes.observe({ outcome: ok ? 'ok' : 'failed' }, seconds);
      if (ok) lastPass.set(endedAt / 1000);
    },
  };
}
