import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome, FoundPost } from '../../src/domain/delivery-policy.js';
import { publicHolidayOn } from '../../src/domain/holidays.js';
import { nextCard } from '../../src/domain/spaced-repetition.js';
import { migrationsDir } from '../../src/main.js';
import { createCardRepository } from '../../src/storage/card-repository.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { createLeaderboardRepository } from '../../src/storage/leaderboard-repository.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createOutboxRepository } from '../../src/storage/outbox-repository.js';
import { createReminderRepository } from '../../src/storage/reminder-repository.js';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.js';
import { createWorkspaceDeliveryRepository } from '../../src/storage/workspace-delivery-repository.js';
import {
  type Committed,
  type DispatcherDeps,
  type DispatchOptions,
  dispatchOutbox,
  dispatchWhilePlanning,
  type OutboxKindHandler,
  type OutboxKinds,
} from '../../src/use-cases/outbox-dispatcher.js';
import {
  type DailyPoster,
  dailyPostKinds,
  planDailyPosts,
  planDailyPostsInTurns,
} from '../../src/use-cases/plan-daily-posts.js';
import { sampleStoriesDir } from '../support/fixtures.js';

/**
 * The outbox dispatcher with the real repositories on an in-memory database migrated by the real
 * migrations, the daily kinds (and one made up here), a fake Slack that keeps what it was sent, and a
 * clock that only moves when the dispatcher sleeps.
 */

const decks = loadDecks(sampleStoriesDir);
if (!decks.ok) throw new Error('the sample decks do not load');
const { library } = decks;

const T = 'T1';
const berlinTuesday9 = Date.parse('2026-11-24T08:00:00Z'); // Tuesday 09:00 in Berlin
const minute = 60_000;

/** What the fake Slack does with the next post: lands and answers ok; or an outcome handed back. */
type PostStep =
  | 'ok'
  /** Slack takes the post but the reply is lost (a 500 after processing, a timeout). */
  | 'lost-reply'
  /** The request never reached Slack, and the client cannot tell (a reset). */
  | 'lost'
  /** Slack takes the post, then the sender dies before marking the row. */
  | 'crash-after-send'
  | DeliveryOutcome;

type Message = { channelId: string; outboxId: number; ts: string; at: number; kind: string };

/**
 * Time that moves only when everything waits: each sleep is a timer, and when nothing else is left to
 * run (a few turns of the event loop went by: the dispatcher yields one before it sleeps), the clock
 * jumps to the earliest timer and fires it. Sleepers (the dispatcher's pacing, Slack's answer time)
 * then interleave as they would in real time.
 */
function virtualTime(clock: { now: number }) {
  const timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  let seq = 0;
  let driving = false;
  let quiet = 0;
  const tick = () => {
    if (++quiet < 4) {
      setImmediate(tick);
      return;
    }
    quiet = 0;
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = timers.shift();
    if (!next) {
      driving = false;
      return;
    }
    clock.now = Math.max(clock.now, next.at);
    next.fire();
    setImmediate(tick);
  };
  return (ms: number) =>
    new Promise<void>((resolve) => {
      timers.push({ at: clock.now + ms, seq: seq++, fire: resolve });
      if (!driving) {
        driving = true;
        setImmediate(tick);
      }
    });
}

function fakeSlack(
  clock: { now: number },
  answer?: {
    latencyMs: (teamId: string) => number;
    sleep: (ms: number) => Promise<void>;
    limit?: { perSecond: number; burst: number } | undefined;
  },
) {
  const messages: Message[] = [];
  const attempts: Array<{ teamId: string; channelId: string; outboxId: number; at: number; kind: string }> =
    [];
  /** Sends Slack is answering right now, and the most at any one time (overall and per workspace). */
  let inFlight = 0;
  const inFlightOf = new Map<string, number>();
  const peak = { overall: 0, workspaces: 0, perWorkspace: 0 };
  /** Slack's limit per workspace when the post arrives: a bucket of `burst`, refilled `perSecond`. */
  const buckets = new Map<string, { tokens: number; at: number }>();
  let limited = 0;
  const withinLimit = (teamId: string, limit: { perSecond: number; burst: number }) => {
    const bucket = buckets.get(teamId) ?? { tokens: limit.burst, at: clock.now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((clock.now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = clock.now;
    buckets.set(teamId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
  const lookups: Array<{ teamId: string; channelId: string; since: number; until: number; at: number }> = [];
  const postSteps: PostStep[] = [];
  const channelSteps = new Map<string, PostStep[]>();
  const lookupSteps: FoundPost[] = [];
  let seq = 0;
  const send = async (
    kind: string,
    teamId: string,
    channelId: string,
    outboxId: number,
  ): Promise<DeliveryOutcome> => {
    attempts.push({ teamId, channelId, outboxId, at: clock.now, kind });
    const step = channelSteps.get(channelId)?.shift() ?? postSteps.shift() ?? 'ok';
    if (answer) {
      inFlight += 1;
      inFlightOf.set(teamId, (inFlightOf.get(teamId) ?? 0) + 1);
      peak.overall = Math.max(peak.overall, inFlight);
      peak.workspaces = Math.max(peak.workspaces, [...inFlightOf.values()].filter((n) => n > 0).length);
      peak.perWorkspace = Math.max(peak.perWorkspace, inFlightOf.get(teamId) ?? 0);
      await answer.sleep(answer.latencyMs(teamId));
      inFlight -= 1;
      inFlightOf.set(teamId, (inFlightOf.get(teamId) ?? 0) - 1);
      if (answer.limit && !withinLimit(teamId, answer.limit)) {
        limited += 1;
        return { ok: false, kind: 'rate-limited', retryAfterMs: 1000, error: 'ratelimited' };
      }
    }
    const land = () => {
      seq += 1;
      const ts = `${Math.floor(clock.now / 1000)}.${String(seq).padStart(6, '0')}`;
      messages.push({ channelId, outboxId, ts, at: clock.now, kind });
      return ts;
    };
    if (step === 'ok') return { ok: true, ts: land() };
    if (step === 'lost-reply') {
      land();
      return { ok: false, kind: 'unknown', error: 'HTTP 500' };
    }
    if (step === 'lost') return { ok: false, kind: 'unknown', error: 'network: socket hang up' };
    if (step === 'crash-after-send') {
      land();
      throw new Error('process died before marking the row');
    }
    return step;
  };
  const poster: DailyPoster = {
    post: ({ teamId, channelId, outboxId }) => send('question', teamId, channelId, outboxId),
    postRecap: ({ teamId, channelId, outboxId }) => send('recap', teamId, channelId, outboxId),
    postReminder: ({ teamId, userId, outboxId }) => send('reminder', teamId, userId, outboxId),
    async findPost({ teamId, channelId, outboxId, since, until }) {
      lookups.push({ teamId, channelId, since, until, at: clock.now });
      const step = lookupSteps.shift();
      if (step) return step;
      const match = messages.find(
        (m) => m.channelId === channelId && m.outboxId === outboxId && m.at >= since && m.at <= until,
      );
      return match ? { found: true, ts: match.ts } : { found: false };
    },
  };
  return {
    poster,
    messages,
    attempts,
    lookups,
    peak,
    /** 429s Slack answered for its workspace limit. */
    limited: () => limited,
    /** The next posts' fates, in order (then 'ok'). */
    nextPosts: (...steps: PostStep[]) => postSteps.push(...steps),
    /** The next posts' fates in one channel, in order (before the others'). */
    nextPostsIn: (channelId: string, ...steps: PostStep[]) =>
      channelSteps.set(channelId, [...(channelSteps.get(channelId) ?? []), ...steps]),
    /** The next lookups' answers, in order (then a search of what was posted). */
    nextLookups: (...steps: FoundPost[]) => lookupSteps.push(...steps),
    postsIn: (channelId: string) => messages.filter((m) => m.channelId === channelId),
  };
}

function migratedDatabase(): Db {
  const db = openDatabase(':memory:');
  migrate(db, readMigrations(migrationsDir));
  return db;
}

const databases: Db[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

/**
 * One app's worth of the daily flow on `db`: the planner and the dispatcher, with the daily kinds.
 * `latencyMs`: Slack takes that long to answer each post, on virtual time (see `virtualTime`).
 */
function world(
  options: {
    db?: Db;
    now?: number;
    kinds?: (daily: OutboxKinds) => OutboxKinds;
    /** Slack's answer time, per workspace (a number: the same for all). */
    latencyMs?: number | ((teamId: string) => number);
    /** Slack's limit per workspace (with `latencyMs`): a 429, Retry-After 1 s, beyond it. */
    limit?: { perSecond: number; burst: number };
    clock?: { now: number };
  } = {},
) {
  const db = options.db ?? migratedDatabase();
  if (!databases.includes(db)) databases.push(db);
  const clock = options.clock ?? { now: options.now ?? berlinTuesday9 };
  const now = () => clock.now;
  const virtual = options.latencyMs === undefined ? undefined : virtualTime(clock);
  const latency = options.latencyMs;
  const slack = fakeSlack(
    clock,
    virtual && latency !== undefined
      ? {
          latencyMs: typeof latency === 'number' ? () => latency : latency,
          sleep: virtual,
          limit: options.limit,
        }
      : undefined,
  );
  const subscriptions = createSubscriptionRepository(db);
  const outbox = createOutboxRepository(db);
  const reminders = createReminderRepository(db);
  const cards = createCardRepository(db);
  const workspaceDelivery = createWorkspaceDeliveryRepository(db);
  const daily = dailyPostKinds({
    library,
    subscriptions,
    reminders,
    cards,
    leaderboard: createLeaderboardRepository(db),
    poster: slack.poster,
    holidays: publicHolidayOn,
    now,
  });
  const dispatcher: DispatcherDeps = {
    outbox,
    workspaceDelivery,
    kinds: options.kinds ? options.kinds(daily) : daily,
    lookup: slack.poster,
    now,
    sleep:
      virtual ??
      (async (ms) => {
        clock.now += ms;
      }),
  };
  const planDeps = {
    library,
    subscriptions,
    outbox,
    reminders,
    holidays: publicHolidayOn,
    atomically: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    random: () => 0.5,
    now,
  };
  const plan = (at = clock.now) => planDailyPosts(planDeps, at);
  return {
    db,
    clock,
    slack,
    subscriptions,
    outbox,
    reminders,
    cards,
    workspaceDelivery,
    dispatcher,
    /** One scheduler pass at the clock's time: plan, then dispatch. */
    async pass(dispatchOptions: DispatchOptions = {}) {
      const planned = plan();
      return { ...planned, ...(await dispatchOutbox(dispatcher, dispatchOptions)) };
    },
    /** A pass as the scheduler runs it: the outbox sent while the plan is written, commit by commit. */
    async passWhilePlanning(
      dispatchOptions: DispatchOptions = {},
      plan = (committed: Committed) => planDailyPostsInTurns(planDeps, clock.now, committed),
    ) {
      const { planned, dispatched } = await dispatchWhilePlanning(dispatcher, plan, dispatchOptions);
      return { ...planned, ...dispatched };
    },
    /** The planner's dependencies, on this world's database and clock. */
    planDeps,
    /** Sleeps on the world's clock (virtual time with `latencyMs`). */
    sleep: (ms: number) => dispatcher.sleep(ms),
    /** Moves the clock to `at` (a pass a minute later, the next morning …). */
    at(instant: number) {
      clock.now = instant;
    },
    subscribe(channelId: string, options: { teamId?: string; time?: string; timeZone?: string } = {}) {
      subscriptions.save({
        teamId: options.teamId ?? T,
        channelId,
        time: options.time ?? '09:00',
        timeZone: options.timeZone ?? 'Europe/Berlin',
        days: [1, 2, 3, 4, 5, 6, 7],
        holidays: null,
        createdBy: 'U0',
        at: Date.parse('2026-11-01T00:00:00Z'),
      });
    },
    rows: () =>
      db
        .prepare(
          'SELECT team_id, channel_id, kind, status, attempts, last_error FROM daily_outbox ORDER BY id',
        )
        .all() as Array<{
        team_id: string;
        channel_id: string;
        kind: string;
        status: string;
        attempts: number;
        last_error: string | null;
      }>,
    row: (channelId: string) =>
      db.prepare('SELECT * FROM daily_outbox WHERE channel_id = ?').get(channelId) as {
        status: string;
        next_attempt_at: number;
        send_started_at: number | null;
        claimed_at: number | null;
        last_error: string | null;
        message_ts: string | null;
      },
  };
}

describe('claim → deliver → mark', () => {
  it('sends each ready row once and marks it sent with its ts; the next pass sends nothing', async () => {
    const w = world();
    w.subscribe('CA');
    w.subscribe('CB');
    const report = await w.pass();
    expect(report.posted.map((p) => [p.channelId, p.kind])).toEqual([
      ['CA', 'question'],
      ['CB', 'question'],
    ]);
    expect(w.row('CA')).toMatchObject({ status: 'sent', message_ts: w.slack.postsIn('CA')[0]?.ts });
    w.at(berlinTuesday9 + minute);
    expect((await w.pass()).posted).toEqual([]);
    expect(w.slack.messages).toHaveLength(2);
  });

  it("leaves no listener on the scheduler's long-lived signal once a pass ends", async () => {
    const w = world();
    w.subscribe('CA');
    const scheduler = new AbortController();
    for (let pass = 0; pass < 20; pass++) {
      w.at(berlinTuesday9 + pass * minute);
      await w.pass({ signal: scheduler.signal });
      expect(getEventListeners(scheduler.signal, 'abort')).toHaveLength(0);
    }
    expect(w.slack.messages).toHaveLength(1);
  });
});

describe('429 and transient errors', () => {
  it('a 429 holds only its row for Retry-After; the other channels go on', async () => {
    const w = world();
    w.subscribe('CA');
    w.subscribe('CB');
    w.slack.nextPosts({ ok: false, kind: 'rate-limited', retryAfterMs: 3000, error: 'ratelimited' });
    const report = await w.pass();
    expect(report.posted.map((p) => p.channelId)).toEqual(['CB', 'CA']);
    const [first, second] = w.slack.attempts.filter((a) => a.channelId === 'CA').map((a) => a.at);
    expect(first).toBe(berlinTuesday9);
    // Retry-After honoured (counted from the reply, which came after CB's pacing pause of 20 ms).
    expect((second ?? 0) - berlinTuesday9).toBeGreaterThanOrEqual(3000);
    expect((second ?? 0) - berlinTuesday9).toBeLessThan(3100);
    expect(w.slack.postsIn('CA')).toHaveLength(1);
  });

  it('a 429 beyond the pass horizon leaves the row waiting until Retry-After', async () => {
    const w = world();
    w.subscribe('CA');
    w.slack.nextPosts({ ok: false, kind: 'rate-limited', retryAfterMs: 45_000, error: 'ratelimited' });
    const report = await w.pass();
    expect(report.posted).toEqual([]);
    expect(report.waiting).toEqual([
      expect.objectContaining({
        channelId: 'CA',
        nextAttemptAt: berlinTuesday9 + 45_000,
        error: 'ratelimited',
      }),
    ]);
    expect(w.row('CA').status).toBe('pending');
    w.at(berlinTuesday9 + minute);
    expect((await w.pass()).posted.map((p) => p.channelId)).toEqual(['CA']);
  });

  it('transient failures back off 1 s, then 2 s, then the post goes out once', async () => {
    const w = world();
    w.subscribe('CA');
    const unavailable: DeliveryOutcome = { ok: false, kind: 'transient', error: 'HTTP 503' };
    w.slack.nextPosts(unavailable, unavailable);
    const report = await w.pass();
    expect(w.slack.attempts.map((a) => a.at - berlinTuesday9)).toEqual([0, 1000, 3000]);
    expect(report.posted.map((p) => p.channelId)).toEqual(['CA']);
    expect(w.rows()).toEqual([expect.objectContaining({ status: 'sent', attempts: 3 })]);
  });
});

describe('posts in doubt: looked up before anything is sent again', () => {
  it('unknown, and Slack had it: found by its metadata → sent (recovered), never resent', async () => {
    const w = world();
    w.subscribe('CA');
    w.slack.nextPosts('lost-reply');
    const report = await w.pass();
    expect(report.posted).toEqual([expect.objectContaining({ channelId: 'CA', recovered: true })]);
    expect(w.slack.lookups).toEqual([
      expect.objectContaining({
        channelId: 'CA',
        since: berlinTuesday9 - 30_000,
        until: berlinTuesday9 + 60_000,
      }),
    ]);
    expect(w.slack.lookups[0]?.at).toBe(berlinTuesday9 + 8000); // after the back-off, within the pass
    expect(w.slack.attempts).toHaveLength(1);
    expect(w.row('CA')).toMatchObject({ status: 'sent', message_ts: w.slack.postsIn('CA')[0]?.ts });
  });

  it('unknown, and Slack never had it: not found → sent again, once', async () => {
    const w = world();
    w.subscribe('CA');
    w.slack.nextPosts('lost');
    const report = await w.pass();
    expect(w.slack.lookups).toHaveLength(1);
    expect(w.slack.attempts).toHaveLength(2);
    expect(w.slack.postsIn('CA')).toHaveLength(1);
    expect(report.posted).toEqual([expect.objectContaining({ channelId: 'CA' })]);
    expect(report.posted[0]?.recovered).toBeUndefined();
  });

  it('still unknown when the local day ends: expired, never resent', async () => {
    const w = world({ now: Date.parse('2026-11-24T22:50:00Z') }); // 23:50 in Berlin
    w.subscribe('CLATE', { time: '23:50' });
    w.slack.nextPosts('lost');
    const cannotTell: FoundPost = { found: 'unknown', error: 'internal_error' };
    w.slack.nextLookups(cannotTell, cannotTell);
    await w.pass({ retryHorizonMs: 0 });
    expect(w.row('CLATE').status).toBe('doubt');
    w.at(Date.parse('2026-11-24T22:51:00Z'));
    await w.pass({ retryHorizonMs: 0 });
    expect(w.row('CLATE')).toMatchObject({ status: 'doubt', last_error: 'internal_error' });
    w.at(Date.parse('2026-11-24T23:05:00Z')); // 00:05 on Wednesday in Berlin
    const report = await w.pass({ retryHorizonMs: 0 });
    expect(report.posted).toEqual([]);
    expect(w.row('CLATE')).toMatchObject({
      status: 'expired',
      last_error: 'in doubt and unresolved: internal_error',
    });
    expect(w.slack.attempts).toHaveLength(1);
    expect(w.slack.lookups).toHaveLength(2); // at 23:51 and at 00:05, then no more
  });

  it('one lookup per workspace per pass: the other rows in doubt wait for the next pass', async () => {
    const w = world();
    w.subscribe('CA');
    w.subscribe('CB');
    w.subscribe('CX', { teamId: 'T2' });
    w.slack.nextPosts('lost-reply', 'lost-reply', 'lost-reply');
    await w.pass({ retryHorizonMs: 0 });
    expect(w.rows().map((r) => r.status)).toEqual(['doubt', 'doubt', 'doubt']);

    w.at(berlinTuesday9 + minute);
    const second = await w.pass({ retryHorizonMs: 0 });
    // One lookup in T1 and one in T2, not two in T1.
    expect(w.slack.lookups.map((l) => [l.teamId, l.channelId]).sort()).toEqual([
      ['T1', 'CA'],
      ['T2', 'CX'],
    ]);
    expect(second.posted.map((p) => p.channelId).sort()).toEqual(['CA', 'CX']);
    expect(w.row('CB').status).toBe('doubt');

    w.at(berlinTuesday9 + 2 * minute);
    const third = await w.pass({ retryHorizonMs: 0 });
    expect(third.posted).toEqual([expect.objectContaining({ channelId: 'CB', recovered: true })]);
    expect(w.slack.lookups).toHaveLength(3);
    expect(w.slack.attempts).toHaveLength(3); // nothing was sent twice
  });

  it('a 429 on the lookup: the row waits out Retry-After and the workspace looks up nothing else', async () => {
    const w = world();
    w.subscribe('CA');
    w.subscribe('CB');
    w.slack.nextPosts('lost-reply', 'lost-reply');
    await w.pass({ retryHorizonMs: 0 });
    w.slack.nextLookups({ found: 'unknown', error: 'ratelimited', retryAfterMs: 90_000 });
    w.at(berlinTuesday9 + minute);
    await w.pass({ retryHorizonMs: 0 });
    expect(w.slack.lookups).toHaveLength(1);
    expect(w.row('CA')).toMatchObject({ status: 'doubt', next_attempt_at: berlinTuesday9 + minute + 90_000 });
  });

  it('a crash mid-send: untouched within the lease, then looked up around when the send started', async () => {
    const w = world();
    w.subscribe('CA');
    w.slack.nextPosts('crash-after-send');
    const first = await w.pass({ retryHorizonMs: 0 });
    expect(first.waiting).toEqual([
      expect.objectContaining({ channelId: 'CA', error: 'in doubt: process died before marking the row' }),
    ]);
    expect(w.row('CA')).toMatchObject({ status: 'sending', send_started_at: berlinTuesday9 });

    w.at(berlinTuesday9 + 90_000); // within the 2-minute lease: nobody touches it
    await w.pass({ retryHorizonMs: 0 });
    expect(w.slack.lookups).toEqual([]);

    // After the lease: the first lookup cannot tell; the row is taken over (claimed_at moves on) …
    w.slack.nextLookups({ found: 'unknown', error: 'internal_error' });
    w.at(berlinTuesday9 + 3 * minute);
    await w.pass({ retryHorizonMs: 0 });
    expect(w.row('CA')).toMatchObject({ status: 'doubt', claimed_at: berlinTuesday9 + 3 * minute });
    // … and the second still reads the window around the send, so it finds the post.
    w.at(berlinTuesday9 + 4 * minute);
    const last = await w.pass({ retryHorizonMs: 0 });
    expect(last.posted).toEqual([expect.objectContaining({ channelId: 'CA', recovered: true })]);
    for (const lookup of w.slack.lookups) {
      expect(lookup).toMatchObject({ since: berlinTuesday9 - 30_000, until: berlinTuesday9 + 60_000 });
    }
    expect(w.slack.attempts).toHaveLength(1);
  });

  it('a reminder DM in doubt is never looked up and never resent: expired', async () => {
    const w = world({ now: Date.parse('2026-11-24T07:30:00Z') }); // 08:30 in Berlin
    w.reminders.set({ teamId: T, userId: 'U1', time: '08:30', timeZone: 'Europe/Berlin', at: 0 });
    const question = library.questions[0];
    if (!question) throw new Error('no question in the sample deck');
    w.cards.save(T, 'U1', question.id, nextCard(undefined, 1, w.clock.now - 86_400_000), w.clock.now);
    w.slack.nextPosts('lost-reply');
    await w.pass();
    w.at(w.clock.now + 5 * minute);
    await w.pass();
    expect(w.slack.lookups).toEqual([]);
    expect(w.slack.postsIn('U1')).toHaveLength(1);
    expect(w.rows()).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        status: 'expired',
        last_error: 'a reminder in doubt is not looked up, and never resent',
      }),
    ]);
  });
});

describe('a refused token pauses the workspace', () => {
  const revoked: DeliveryOutcome = {
    ok: false,
    kind: 'permanent',
    error: 'token_revoked',
    pause: 'workspace',
  };

  it('pauses it once; its rows wait; resumed, they go out the same day', async () => {
    const w = world();
    w.subscribe('CA');
    w.subscribe('CB');
    w.subscribe('CX', { teamId: 'T2' });
    w.slack.nextPosts(revoked);
    const first = await w.pass();
    expect(first.pausedWorkspaces).toEqual([{ teamId: T, error: 'token_revoked' }]);
    expect(first.posted.map((p) => p.channelId)).toEqual(['CX']); // other workspaces go on
    expect(w.workspaceDelivery.pausedWhy(T)?.reason).toBe(
      "Slack refused the workspace's token: token_revoked",
    );
    expect(w.rows().filter((r) => r.team_id === T)).toEqual([
      expect.objectContaining({ channel_id: 'CA', status: 'pending', last_error: 'token_revoked' }),
      expect.objectContaining({ channel_id: 'CB', status: 'pending', attempts: 0 }),
    ]);

    w.at(berlinTuesday9 + minute);
    const second = await w.pass();
    expect(second.pausedWorkspaces).toEqual([]);
    expect(second.posted).toEqual([]);
    expect(w.slack.attempts).toHaveLength(2); // CA once, CX once: nothing tried while paused

    expect(w.workspaceDelivery.resume(T)).toBe(true); // a request with a token Slack accepts
    w.at(Date.parse('2026-11-24T15:00:00Z'));
    const resumed = await w.pass();
    expect(resumed.posted.map((p) => p.channelId).sort()).toEqual(['CA', 'CB']);
    expect(w.slack.postsIn('CA')).toHaveLength(1);
  });

  it('paused past the end of the local day: the rows expire', async () => {
    const w = world();
    w.subscribe('CA');
    w.slack.nextPosts(revoked);
    await w.pass();
    w.at(Date.parse('2026-11-24T23:30:00Z')); // 00:30 on Wednesday in Berlin
    await w.pass();
    expect(w.row('CA')).toMatchObject({
      status: 'expired',
      last_error: 'the local day ended before it could be sent',
    });
    expect(w.workspaceDelivery.pausedWhy(T)).toBeDefined();
  });
});

describe('fan-out: workspaces side by side, each at its own pace', () => {
  const teamIds = (count: number) => Array.from({ length: count }, (_, i) => `T${i + 1}`);
  function subscribeMany(w: ReturnType<typeof world>, teams: readonly string[], channelsEach: number) {
    for (const teamId of teams)
      for (let c = 0; c < channelsEach; c++) w.subscribe(`C${teamId}X${c}`, { teamId });
  }
  const postsPerChannel = (w: ReturnType<typeof world>) => {
    const counts = new Map<string, number>();
    for (const m of w.slack.messages) counts.set(m.channelId, (counts.get(m.channelId) ?? 0) + 1);
    return counts;
  };

  it('sends to many workspaces at once, never more in flight than the cap', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, teamIds(40), 3);
    const report = await w.pass({ concurrency: 8 });
    expect(report.posted).toHaveLength(120);
    expect([...postsPerChannel(w).values()].every((n) => n === 1)).toBe(true);
    expect(w.slack.peak.overall).toBe(8); // the cap, used and never passed
    expect(w.slack.peak.workspaces).toBe(8); // eight workspaces at once, not one after another
    // 120 posts of 100 ms through 8 connections: 1.5 s at the least (one workspace after another: 12 s).
    const elapsed = w.clock.now - berlinTuesday9;
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(elapsed).toBeLessThan(1500 * 1.1);
  });

  it('sends while the plan is written: the first commits go out before the plan ends, every row once', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, teamIds(150), 10); // 1,500 channels: three commits of the plan
    const sentAtCommit: number[] = [];
    const report = await w.passWhilePlanning({}, async (committed) => {
      const planned = await planDailyPostsInTurns(w.planDeps, w.clock.now, (teamIds) => {
        committed(teamIds);
        sentAtCommit.push(w.slack.attempts.length);
      });
      return planned;
    });
    expect(sentAtCommit.length).toBeGreaterThanOrEqual(3);
    expect(sentAtCommit.at(-1)).toBeGreaterThan(0); // posts went out before the last commit of the plan
    expect(report.planned).toHaveLength(1500);
    expect(report.posted).toHaveLength(1500);
    expect([...postsPerChannel(w).values()].every((n) => n === 1)).toBe(true);
    expect(postsPerChannel(w).size).toBe(1500);
  });

  it('the plan is written as the posts go out: its next commit waits until the dispatcher wants more rows', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, teamIds(150), 10); // 1,500 channels: fifteen commits of 100 rows
    // Rows planned and not sent yet, at each commit of the plan (this commit's rows included).
    const unsentAtCommit: number[] = [];
    // Patience that never runs out in this test: only the dispatcher's asking lets the plan go on.
    const report = await w.passWhilePlanning({ concurrency: 8, planPatienceMs: 3_600_000 }, (committed) =>
      planDailyPostsInTurns(w.planDeps, w.clock.now, (teamIds) => {
        unsentAtCommit.push(w.rows().length - w.slack.attempts.length);
        return committed(teamIds);
      }),
    );
    // Without the wait the plan ran ahead of the sends: 1,484 rows unsent at its last commit. With
    // it, a commit comes when fewer than 4 × 8 rows are ready, a workspace not yet looked at counted
    // as one (so at most 31 such workspaces of 10, and the commit's own 100 rows: about 410).
    expect(unsentAtCommit).toHaveLength(15);
    expect(Math.max(...unsentAtCommit)).toBeLessThanOrEqual(600);
    expect(report.planned).toHaveLength(1500);
    expect(report.posted).toHaveLength(1500);
    expect([...postsPerChannel(w).values()].every((n) => n === 1)).toBe(true);
  });

  it('a workspace with many channels, planned first, does not hold up the plan of the others', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, ['T0BIG'], 300); // its own commit, 300 rows at 50 a second: 6 s
    subscribeMany(w, teamIds(100), 2); // two more commits
    const report = await w.passWhilePlanning();
    expect(report.posted).toHaveLength(500);
    const lastOf = (pick: (teamId: string) => boolean) =>
      Math.max(...w.slack.attempts.filter((a) => pick(a.teamId)).map((a) => a.at));
    // The small workspaces were planned and sent while the big one went at its own pace.
    expect(lastOf((teamId) => teamId !== 'T0BIG')).toBeLessThan(lastOf((teamId) => teamId === 'T0BIG'));
    expect([...postsPerChannel(w).values()].every((n) => n === 1)).toBe(true);
  });

  it('a pass whose time is up before its plan is written: the plan is written whole, the rest sent by the next pass', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, teamIds(150), 10);
    // Patience that never runs out: only the pass's end lets the rest of the plan be written.
    const report = await w.passWhilePlanning({ maxPassMs: 300, concurrency: 8, planPatienceMs: 3_600_000 });
    expect(report.planned).toHaveLength(1500);
    expect(w.rows()).toHaveLength(1500);
    expect(report.posted.length).toBeGreaterThan(0);
    expect(report.posted.length).toBeLessThan(1500);
    const next = await w.passWhilePlanning({ concurrency: 8 });
    expect(next.posted).toHaveLength(1500 - report.posted.length);
    expect([...postsPerChannel(w).values()].every((n) => n === 1)).toBe(true);
    expect(postsPerChannel(w).size).toBe(1500);
  });

  it('after each commit of the plan, only the workspaces it wrote are looked at: the rows of each read once', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, teamIds(150), 10); // 1,500 channels: many commits of the plan
    const reads = new Map<string, number>();
    const { outbox } = w.dispatcher;
    const counted: DispatcherDeps = {
      ...w.dispatcher,
      outbox: {
        ...outbox,
        pending: (teamId) => {
          reads.set(teamId, (reads.get(teamId) ?? 0) + 1);
          return outbox.pending(teamId);
        },
      },
    };
    let commits = 0;
    const { dispatched } = await dispatchWhilePlanning(counted, (committed) =>
      planDailyPostsInTurns(w.planDeps, w.clock.now, (ids) => {
        commits += 1;
        committed(ids);
      }),
    );
    expect(commits).toBeGreaterThanOrEqual(3);
    expect(dispatched.posted).toHaveLength(1500);
    expect([...postsPerChannel(w).values()].every((n) => n === 1)).toBe(true);
    // Every workspace's rows were read when it was taken in, and not again at each later commit.
    expect(reads.size).toBe(150);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });

  it('a workspace already sending gets rows from a later commit of the plan: sent in the same pass', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, ['T1', 'T2'], 2);
    const report = await w.passWhilePlanning({}, async (committed) => {
      const first = planDailyPosts(w.planDeps, w.clock.now);
      committed();
      await w.sleep(1_000); // T1's and T2's rows are sent meanwhile; then T1 has one more
      w.subscribe('CT1X9', { teamId: 'T1' });
      const second = planDailyPosts(w.planDeps, w.clock.now);
      committed();
      return { planned: [...first.planned, ...second.planned], skipped: [] };
    });
    expect(report.planned).toHaveLength(5);
    expect(report.posted.map((p) => p.channelId).sort()).toEqual([
      'CT1X0',
      'CT1X1',
      'CT1X9',
      'CT2X0',
      'CT2X1',
    ]);
    expect(w.slack.postsIn('CT1X9')).toHaveLength(1);
    expect(w.slack.attempts.find((a) => a.channelId === 'CT1X9')?.at).toBeGreaterThanOrEqual(
      berlinTuesday9 + 1_000,
    );
  });

  it('a pass stopped while it plans: it plans no more, and what it committed is sent', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, teamIds(150), 10); // 1,500 channels: three commits of the plan
    const stop = new AbortController();
    const report = await w.passWhilePlanning({}, (committed) =>
      planDailyPostsInTurns(
        w.planDeps,
        w.clock.now,
        () => {
          committed();
          stop.abort(); // the app stops after the plan's first commit
        },
        stop.signal,
      ),
    );
    const planned = w.rows().length;
    expect(planned).toBeGreaterThan(0);
    expect(planned).toBeLessThan(1500);
    expect(report.planned).toHaveLength(planned);
    expect(w.rows().every((r) => r.status === 'sent')).toBe(true);
    expect(w.slack.messages).toHaveLength(planned);
  });

  it('a plan that fails part way: what it committed is sent, then its error is thrown', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, ['T1'], 2);
    const pass = w.passWhilePlanning({}, async (committed) => {
      planDailyPosts(w.planDeps, w.clock.now);
      committed();
      throw new Error('the database is busy');
    });
    await expect(pass).rejects.toThrow('the database is busy');
    expect(w.slack.messages.map((m) => m.channelId).sort()).toEqual(['CT1X0', 'CT1X1']);
    expect(w.rows().map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('one workspace: one send first, then its burst, then its steady rate', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, ['T1'], 14);
    await w.pass();
    const at = w.slack.attempts.map((a) => a.at - berlinTuesday9);
    expect(at.slice(0, 11)).toEqual([0, ...Array(10).fill(100)]); // the first answers, then the burst
    const gaps = at.slice(11).map((t, i) => t - (at[10 + i] ?? 0));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(15); // one every ~18 ms once the burst is spent
      expect(gap).toBeLessThan(21);
    }
    expect(w.slack.peak.perWorkspace).toBeLessThanOrEqual(16);
    expect(w.slack.messages).toHaveLength(14);
  });

  it('one workspace at its limit (50 a second, a burst of 10): within 5% of what the limit allows', async () => {
    const w = world({ latencyMs: 100, limit: { perSecond: 50, burst: 10 } });
    subscribeMany(w, ['T1'], 300);
    const report = await w.pass();
    expect(report.posted).toHaveLength(300);
    expect(w.slack.messages).toHaveLength(300);
    // The limit allows the burst at once, then 50 a second: the last answer 0.1 + 290 / 50 = 5.9 s in.
    const last = Math.max(...w.slack.messages.map((m) => m.at)) - berlinTuesday9;
    expect(w.slack.limited()).toBeGreaterThan(0); // it found the limit by meeting it, a few times
    expect(last).toBeGreaterThanOrEqual(5900);
    expect(last).toBeLessThan(5900 * 1.05);
  });

  it("one workspace's 429 delays nothing in another", async () => {
    const times = async (rateLimited: boolean) => {
      const w = world({ latencyMs: 100 });
      subscribeMany(w, ['T1', 'T2'], 5);
      if (rateLimited)
        w.slack.nextPostsIn('CT1X0', {
          ok: false,
          kind: 'rate-limited',
          retryAfterMs: 5000,
          error: 'ratelimited',
        });
      await w.pass();
      const of = (teamId: string) =>
        w.slack.attempts.filter((a) => a.teamId === teamId).map((a) => [a.channelId, a.at - berlinTuesday9]);
      return { t1: of('T1'), t2: of('T2'), messages: w.slack.messages.length };
    };
    const calm = await times(false);
    const limited = await times(true);
    expect(limited.t2).toEqual(calm.t2);
    expect(limited.messages).toBe(10);
    // T1's limited row waits out Retry-After from Slack's answer (at 100 ms); T1 slows down meanwhile.
    const retried = limited.t1.filter(([channel]) => channel === 'CT1X0').map(([, at]) => at);
    expect(retried).toEqual([0, 5100]);
  });

  it('a slow workspace does not hold up the others', async () => {
    const w = world({ latencyMs: (teamId) => (teamId === 'T1' ? 3000 : 100) });
    subscribeMany(w, teamIds(10), 4);
    await w.pass({ concurrency: 4 });
    const lastOf = (teamId: string) =>
      Math.max(...w.slack.messages.filter((m) => m.channelId.startsWith(`C${teamId}X`)).map((m) => m.at));
    // Nine workspaces × 4 posts of 100 ms through the 3 connections T1's first post leaves free: 1.2 s.
    for (const teamId of teamIds(10).slice(1))
      expect(lastOf(teamId) - berlinTuesday9).toBeLessThanOrEqual(1300);
    expect(w.slack.messages).toHaveLength(40);
  });

  it('a restart mid-pass: what was sent is found, the rest is sent, nothing twice', async () => {
    const clock = { now: berlinTuesday9 };
    const db = migratedDatabase();
    const first = world({ db, clock, latencyMs: 100 });
    const teams = teamIds(20);
    subscribeMany(first, teams, 3);
    // The process dies mid-pass: a few posts land and are never marked, and it stops sending.
    for (const teamId of teams.slice(0, 5)) first.slack.nextPostsIn(`C${teamId}X1`, 'crash-after-send');
    const stop = new AbortController();
    const pass = first.pass({ concurrency: 6, signal: stop.signal });
    while (first.slack.messages.length < 25) await new Promise((resolve) => setImmediate(resolve));
    stop.abort();
    await pass;
    expect(first.slack.messages.length).toBeLessThan(60);
    const crashed = first
      .rows()
      .filter((r) => r.status === 'sending')
      .map((r) => r.channel_id);
    expect(crashed.length).toBeGreaterThan(0);

    // The restarted process (the same database, the same Slack) after the lease, a pass a minute.
    const restarted = world({ db, clock, latencyMs: 100 });
    restarted.slack.messages.push(...first.slack.messages);
    for (let minutes = 3; minutes < 8; minutes++) {
      clock.now = berlinTuesday9 + minutes * minute;
      await restarted.pass();
    }
    const counts = postsPerChannel(restarted);
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(restarted.rows().every((r) => r.status === 'sent')).toBe(true);
    // The crashed posts were looked up and found, never sent again.
    expect(restarted.slack.lookups.map((l) => l.channelId).sort()).toEqual(crashed.sort());
    expect(restarted.slack.attempts.filter((a) => crashed.includes(a.channelId))).toEqual([]);
  });

  it('claims and marks share commits: at most one a post, not two', async () => {
    const w = world({ latencyMs: 100 });
    subscribeMany(w, teamIds(40), 5);
    let commits = 0;
    const inOneCommit = w.outbox.inOneCommit;
    w.outbox.inOneCommit = <R>(fn: () => R): R => {
      commits += 1;
      return inOneCommit(fn);
    };
    const report = await w.pass({ concurrency: 16 });
    expect(report.posted).toHaveLength(200);
    expect(w.rows().every((r) => r.status === 'sent')).toBe(true);
    // One commit per turn of the loop: the rows it starts claimed, the rows Slack took marked sent.
    // Here answers come one at a time (a turn each); a busy process takes several in each turn.
    expect(commits).toBeLessThanOrEqual(201); // one each for the claim and the mark: 400
  });

  it('Slack took it and the process died before the commit that marks it: found by a lookup, never resent', async () => {
    const clock = { now: berlinTuesday9 };
    const db = migratedDatabase();
    const first = world({ db, clock, latencyMs: 100 });
    subscribeMany(first, ['T1'], 3);
    // The commits after the first (the one that claimed the rows) never happen: the process is gone.
    let commits = 0;
    const inOneCommit = first.outbox.inOneCommit;
    first.outbox.inOneCommit = <R>(fn: () => R): R => {
      commits += 1;
      if (commits > 1) throw new Error('the process died');
      return inOneCommit(fn);
    };
    await expect(first.pass()).rejects.toThrow('the process died');
    expect(first.slack.messages).toHaveLength(1); // the first send alone: one in flight until one is ok
    expect(first.rows().map((r) => r.status)).toEqual(['sending', 'pending', 'pending']);

    const restarted = world({ db, clock });
    restarted.slack.messages.push(...first.slack.messages);
    clock.now = berlinTuesday9 + 3 * minute; // after the lease
    const report = await restarted.pass();
    expect(report.posted).toEqual(
      expect.arrayContaining([expect.objectContaining({ channelId: 'CT1X0', recovered: true })]),
    );
    expect(restarted.slack.lookups.map((l) => l.channelId)).toEqual(['CT1X0']);
    expect(restarted.slack.attempts.map((a) => a.channelId).sort()).toEqual(['CT1X1', 'CT1X2']);
    expect(restarted.rows().every((r) => r.status === 'sent')).toBe(true);
  });

  it('two dispatchers at once on one database (two processes) never send a row twice', async () => {
    const clock = { now: berlinTuesday9 };
    const db = migratedDatabase();
    const one = world({ db, clock, latencyMs: 100 });
    const other = world({ db, clock, latencyMs: 100 });
    subscribeMany(one, teamIds(10), 4);
    const [a, b] = await Promise.all([one.pass({ concurrency: 5 }), other.pass({ concurrency: 5 })]);
    expect(a.posted.length + b.posted.length).toBe(40);
    const channels = [...one.slack.messages, ...other.slack.messages].map((m) => m.channelId);
    expect(new Set(channels).size).toBe(40);
    expect(channels).toHaveLength(40);
  });
});

describe('a new outbox kind plugs in without a change to the dispatcher', () => {
  /** What a migration adding the kind does: daily_outbox.kind's CHECK lists it. */
  function databaseAllowing(kind: string): Db {
    const db = migratedDatabase();
    const table = db
      .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'daily_outbox'`)
      .get() as { sql: string };
    const indexes = db
      .prepare(
        `SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'daily_outbox' AND sql IS NOT NULL`,
      )
      .all() as Array<{ sql: string }>;
    const widened = table.sql
      .replace(/CREATE TABLE "?daily_outbox"?/, 'CREATE TABLE daily_outbox_new')
      .replace(/CHECK \(kind IN \(/, `CHECK (kind IN ('${kind}', `);
    expect(widened).toContain(`'${kind}'`);
    db.transaction(() => {
      db.exec(widened);
      db.exec('INSERT INTO daily_outbox_new SELECT * FROM daily_outbox');
      db.exec('DROP TABLE daily_outbox');
      db.exec('ALTER TABLE daily_outbox_new RENAME TO daily_outbox');
      for (const index of indexes) db.exec(index.sql);
    })();
    return db;
  }

  /** A mock-interview round: its own sender and rule; delivery, retries and lookups are the dispatcher's. */
  function mockRounds(sent: Array<{ channelId: string; outboxId: number }>, outcomes: DeliveryOutcome[]) {
    const handler: OutboxKindHandler = {
      async send(row) {
        sent.push({ channelId: row.channelId, outboxId: row.id });
        return outcomes.shift() ?? { ok: true, ts: `1.${String(sent.length).padStart(6, '0')}` };
      },
      standing: (row) => (row.localDate < '2026-11-24' ? 'over' : 'wanted'),
      inDoubt: 'look-up',
    };
    return handler;
  }

  it('a registered kind is claimed, retried by the policy and marked sent like the others', async () => {
    const sent: Array<{ channelId: string; outboxId: number }> = [];
    const w = world({
      db: databaseAllowing('mock_round'),
      kinds: (daily) =>
        new Map([
          ...daily,
          ['mock_round', mockRounds(sent, [{ ok: false, kind: 'transient', error: 'HTTP 503' }])],
        ]),
    });
    w.subscribe('CA');
    expect(
      w.outbox.add({
        teamId: T,
        channelId: 'CMOCK',
        localDate: '2026-11-24',
        kind: 'mock_round',
        questionId: null,
        round: 0,
        at: w.clock.now,
      }),
    ).toBe(true);
    const report = await w.pass();
    expect(report.posted.map((p) => [p.channelId, p.kind]).sort()).toEqual([
      ['CA', 'question'],
      ['CMOCK', 'mock_round'],
    ]);
    expect(sent).toHaveLength(2); // a 503, then sent after the back-off
    expect(w.rows().find((r) => r.kind === 'mock_round')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a dispatcher that does not know a kind leaves its rows for one that does', async () => {
    const w = world({ db: databaseAllowing('mock_round') });
    w.outbox.add({
      teamId: T,
      channelId: 'CMOCK',
      localDate: '2026-11-24',
      kind: 'mock_round',
      questionId: null,
      round: 0,
      at: w.clock.now,
    });
    const report = await w.pass();
    expect(report.posted).toEqual([]);
    expect(report.waiting).toEqual([]);
    expect(w.clock.now).toBe(berlinTuesday9); // it did not wait for the row either
    expect(w.rows()).toEqual([
      expect.objectContaining({ kind: 'mock_round', status: 'pending', attempts: 0 }),
    ]);
  });

  it('the schema refuses a kind no migration added', () => {
    const w = world();
    const added = w.outbox.add({
      teamId: T,
      channelId: 'CMOCK',
      localDate: '2026-11-24',
      kind: 'mock_round',
      questionId: null,
      round: 0,
      at: w.clock.now,
    });
    expect(added).toBe(false);
    expect(w.rows()).toEqual([]);
  });
});
