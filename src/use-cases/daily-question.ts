import { localDate } from '../domain/calendar.js';
import type { Library, Question } from '../domain/deck.js';
import { chooseDailyQuestion } from '../domain/question-picker.js';
import { duePostDate, nextPost } from '../domain/schedule.js';
import type { OutboxRepository, OutboxRow } from '../storage/outbox-repository.js';
import type { Subscription, SubscriptionRepository } from '../storage/subscription-repository.js';

/** What happened to one delivery attempt, as the Slack edge classifies it. */
export type DeliveryOutcome =
  | { ok: true; ts: string }
  | { ok: false; kind: 'rate-limited'; retryAfterMs: number; error: string }
  | { ok: false; kind: 'transient'; error: string }
  /** Will not heal by retrying; `pauseChannel` when the channel itself is the problem. */
  | { ok: false; kind: 'permanent'; error: string; pauseChannel: boolean };

export type FoundPost = { found: true; ts: string } | { found: false } | { found: 'unknown'; error: string };

/** Posts the question of the day; implemented at the Slack edge. */
export type DailyPoster = {
  post(input: {
    teamId: string;
    channelId: string;
    question: Question;
    outboxId: number;
    localDate: string;
  }): Promise<DeliveryOutcome>;
  /** Looks for a post carrying this outbox id in the channel since `since` (ms). */
  findPost(input: { teamId: string; channelId: string; outboxId: number; since: number }): Promise<FoundPost>;
};

export type DailyDeps = {
  readonly library: Library;
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: OutboxRepository;
  readonly atomically: <T>(fn: () => T) => T;
  readonly random: () => number;
  readonly poster: DailyPoster;
  /** The real clock, for delivery timing (retries, leases). */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
};

export type PassOptions = {
  readonly dryRun?: boolean;
  /** Stop waiting for retries that are due later than this many ms from now (default 60 s). */
  readonly retryHorizonMs?: number;
  /** Sends at the same time (default 4). */
  readonly concurrency?: number;
};

export type PassReport = {
  planned: Array<{ teamId: string; channelId: string; localDate: string; questionId: string }>;
  posted: Array<{ teamId: string; channelId: string; localDate: string; questionId: string; ts: string }>;
  skipped: Array<{ teamId: string; channelId: string; reason: string }>;
  failed: Array<{ teamId: string; channelId: string; localDate: string; error: string; paused: boolean }>;
  waiting: Array<{
    teamId: string;
    channelId: string;
    localDate: string;
    nextAttemptAt: number;
    error: string | null;
  }>;
};

/** A sender that claimed a row and died (or hung) is presumed gone after this long. */
export const sendLeaseMs = 2 * 60_000;

function backoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

function skipReason(sub: Subscription, at: number, posted: (date: string) => boolean): string {
  if (sub.paused && sub.pausedUntil === null)
    return `paused${sub.pauseReason ? ` (${sub.pauseReason})` : ''}`;
  const next = nextPost(sub, at, posted);
  return next ? `next post ${new Date(next.at).toISOString()}` : 'no posting days';
}

/**
 * Plans today's post for every subscribed channel that is due at `at`: the question is chosen and
 * the outbox row written in one transaction, keyed by (workspace, channel, local date), so running
 * this twice, from two processes, or after a restart plans each day once.
 */
export function planDailyPosts(deps: DailyDeps, at: number, report: PassReport, dryRun = false): void {
  for (const teamId of deps.subscriptions.teams()) {
    for (const sub of deps.subscriptions.ofTeam(teamId)) {
      const { channelId } = sub;
      const posted = (date: string) => deps.outbox.find(teamId, channelId, date) !== undefined;
      const date = duePostDate(sub, at);
      if (!date) {
        report.skipped.push({ teamId, channelId, reason: skipReason(sub, at, posted) });
        continue;
      }
      const existing = deps.outbox.find(teamId, channelId, date);
      if (existing) {
        report.skipped.push({ teamId, channelId, reason: `already ${existing.status} for ${date}` });
        continue;
      }
      const choose = () =>
        chooseDailyQuestion(deps.library.questions, deps.outbox.round(teamId, channelId), deps.random);
      if (dryRun) {
        const choice = choose();
        if (choice)
          report.planned.push({ teamId, channelId, localDate: date, questionId: choice.question.id });
        continue;
      }
      deps.atomically(() => {
        if (deps.outbox.find(teamId, channelId, date)) return;
        const choice = choose();
        if (!choice) return;
        deps.outbox.add({
          teamId,
          channelId,
          localDate: date,
          questionId: choice.question.id,
          round: choice.round,
          at,
        });
        report.planned.push({ teamId, channelId, localDate: date, questionId: choice.question.id });
      });
    }
  }
}

/** Rows left 'sending' by a sender that died: find the post before sending again, never guess. */
async function resolveInDoubt(deps: DailyDeps, teamId: string): Promise<void> {
  const now = deps.now();
  for (const row of deps.outbox.inDoubt(teamId, now - sendLeaseMs)) {
    if (!deps.outbox.reclaim(teamId, row, now)) continue;
    const found = await deps.poster.findPost({
      teamId,
      channelId: row.channelId,
      outboxId: row.id,
      since: (row.claimedAt ?? now) - sendLeaseMs,
    });
    if (found.found === true) deps.outbox.markSent(teamId, row.id, found.ts, deps.now());
    else if (found.found === false)
      deps.outbox.retryAt(teamId, row.id, deps.now(), 'resent after a crash: no post found');
    // 'unknown': leave it claimed; it is looked at again when this new lease runs out.
  }
}

/** Pending rows whose local day is over are never sent; rows of channels that left are dropped. */
function expireStale(deps: DailyDeps, teamId: string, at: number): void {
  for (const row of deps.outbox.pending(teamId)) {
    const sub = deps.subscriptions.find(teamId, row.channelId);
    if (!sub) deps.outbox.markFailed(teamId, row.id, 'the channel unsubscribed');
    else if (row.localDate < localDate(at, sub.timeZone)) deps.outbox.markExpired(teamId, row.id);
  }
}

async function deliver(deps: DailyDeps, row: OutboxRow, report: PassReport): Promise<void> {
  const { teamId, channelId, localDate: date } = row;
  const question = row.questionId === null ? undefined : deps.library.byId.get(row.questionId);
  if (!question) {
    deps.outbox.markFailed(teamId, row.id, `question ${row.questionId} is no longer in the decks`);
    report.failed.push({ teamId, channelId, localDate: date, error: 'question not in decks', paused: false });
    return;
  }
  // If this throws (or the process dies) the row stays 'sending': in doubt, resolved by resolveInDoubt.
  const outcome = await deps.poster.post({ teamId, channelId, question, outboxId: row.id, localDate: date });
  const now = deps.now();
  if (outcome.ok) {
    deps.outbox.markSent(teamId, row.id, outcome.ts, now);
    report.posted.push({ teamId, channelId, localDate: date, questionId: question.id, ts: outcome.ts });
  } else if (outcome.kind === 'rate-limited') {
    deps.outbox.retryAt(teamId, row.id, now + outcome.retryAfterMs, outcome.error);
  } else if (outcome.kind === 'transient') {
    deps.outbox.retryAt(teamId, row.id, now + backoffMs(row.attempts + 1), outcome.error);
  } else {
    deps.outbox.markFailed(teamId, row.id, outcome.error);
    if (outcome.pauseChannel) {
      deps.subscriptions.pause(teamId, channelId, null, `Slack refused the post: ${outcome.error}`);
    }
    report.failed.push({
      teamId,
      channelId,
      localDate: date,
      error: outcome.error,
      paused: outcome.pauseChannel,
    });
  }
}

/**
 * Sends every ready row, a few at a time, and keeps going while retries come due within the
 * horizon (429 Retry-After, 5xx back-off). Rows for one channel are at most one a day, so the
 * per-channel rate limit (about 1 message a second) holds; 429s slow the whole pass down.
 */
async function dispatch(
  deps: DailyDeps,
  at: number,
  report: PassReport,
  options: PassOptions,
): Promise<void> {
  const concurrency = options.concurrency ?? 4;
  const horizon = options.retryHorizonMs ?? 60_000;
  for (;;) {
    for (const teamId of deps.outbox.teamsWithWork()) {
      await resolveInDoubt(deps, teamId);
      expireStale(deps, teamId, at);
    }
    const running = new Set<Promise<void>>();
    let sentSomething = false;
    for (const teamId of deps.outbox.teamsWithWork()) {
      for (const row of deps.outbox.ready(teamId, deps.now(), 1000)) {
        if (!deps.outbox.claim(teamId, row.id, deps.now())) continue;
        sentSomething = true;
        const task = deliver(deps, { ...row, attempts: row.attempts + 1 }, report)
          .catch((error: unknown) => {
            // Unknown whether Slack took it: the row stays 'sending' and is checked after the lease.
            report.waiting.push({
              teamId,
              channelId: row.channelId,
              localDate: row.localDate,
              nextAttemptAt: deps.now() + sendLeaseMs,
              error: `in doubt: ${(error as Error).message}`,
            });
          })
          .finally(() => running.delete(task));
        running.add(task);
        if (running.size >= concurrency) await Promise.race(running);
      }
    }
    await Promise.all(running);
    if (sentSomething) continue;
    const waiting = deps.outbox.teamsWithWork().flatMap((teamId) => deps.outbox.pending(teamId));
    const soonest = Math.min(...waiting.map((row) => row.nextAttemptAt));
    if (waiting.length === 0 || soonest - deps.now() > horizon) {
      for (const row of waiting) {
        report.waiting.push({
          teamId: row.teamId,
          channelId: row.channelId,
          localDate: row.localDate,
          nextAttemptAt: row.nextAttemptAt,
          error: row.lastError,
        });
      }
      return;
    }
    await deps.sleep(Math.max(0, soonest - deps.now()));
  }
}

/**
 * One scheduler pass as if at `at`: plan what is due, then deliver. The cron tick, `star daily`
 * and the tests all run this.
 */
export async function runDailyPass(
  deps: DailyDeps,
  at: number,
  options: PassOptions = {},
): Promise<PassReport> {
  const report: PassReport = { planned: [], posted: [], skipped: [], failed: [], waiting: [] };
  planDailyPosts(deps, at, report, options.dryRun);
  if (!options.dryRun) await dispatch(deps, at, report, options);
  return report;
}
