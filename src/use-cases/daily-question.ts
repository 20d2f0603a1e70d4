import { addDays, localDate, zonedInstant } from '../domain/calendar.js';
import type { Library, Question } from '../domain/deck.js';
import { chooseDailyQuestion } from '../domain/question-picker.js';
import { duePostDate, dueRecapDate, nextPost, postsOn } from '../domain/schedule.js';
import type { CardRepository } from '../storage/card-repository.js';
import type { LeaderboardRepository } from '../storage/leaderboard-repository.js';
import type { OutboxRepository, OutboxRow } from '../storage/outbox-repository.js';
import type { ReminderRepository } from '../storage/reminder-repository.js';
import type { Subscription, SubscriptionRepository } from '../storage/subscription-repository.js';
import type { WorkspaceDeliveryRepository } from '../storage/workspace-delivery-repository.js';

/** What happened to one delivery attempt, as the Slack edge classifies it. */
export type DeliveryOutcome =
  | { ok: true; ts: string }
  | { ok: false; kind: 'rate-limited'; retryAfterMs: number; error: string }
  /** Slack did not take it (503, connection refused): safe to send again. */
  | { ok: false; kind: 'transient'; error: string }
  /** Slack may have taken it (a timeout, a reset, a 500): look for the post before sending again. */
  | { ok: false; kind: 'unknown'; error: string }
  /**
   * Will not heal by retrying. `pause` says what to pause: the channel when the channel is the
   * problem, the whole workspace when its token is (every send would fail the same way).
   */
  | { ok: false; kind: 'permanent'; error: string; pause: 'channel' | 'workspace' | 'none' };

/** What the week's recap says: computed when it is sent. */
export type RecapContent = {
  readonly topAnswers: ReadonlyArray<{
    userId: string;
    questionId: string;
    points: number;
    messageTs: string;
  }>;
  readonly topReviewers: ReadonlyArray<{ userId: string; reviews: number }>;
};

export type FoundPost =
  | { found: true; ts: string }
  | { found: false }
  /** Could not tell now; `retryAfterMs` when Slack said when to ask again (a 429). */
  | { found: 'unknown'; error: string; retryAfterMs?: number };

/** Posts the question of the day; implemented at the Slack edge. */
export type DailyPoster = {
  post(input: {
    teamId: string;
    channelId: string;
    question: Question;
    outboxId: number;
    localDate: string;
  }): Promise<DeliveryOutcome>;
  /** DMs a user that `due` questions are due for review today. */
  postReminder(input: {
    teamId: string;
    userId: string;
    outboxId: number;
    localDate: string;
    due: number;
  }): Promise<DeliveryOutcome>;
  /** Posts the weekly recap of a channel. */
  postRecap(input: {
    teamId: string;
    channelId: string;
    outboxId: number;
    localDate: string;
    recap: RecapContent;
    questionPrompt: (questionId: string) => string | undefined;
  }): Promise<DeliveryOutcome>;
  /** Looks for a post carrying this outbox id in the channel, posted between `since` and `until` (ms). */
  findPost(input: {
    teamId: string;
    channelId: string;
    outboxId: number;
    since: number;
    until: number;
  }): Promise<FoundPost>;
};

export type DailyDeps = {
  readonly library: Library;
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: OutboxRepository;
  readonly leaderboard: LeaderboardRepository;
  readonly reminders: ReminderRepository;
  readonly cards: CardRepository;
  readonly workspaceDelivery: WorkspaceDeliveryRepository;
  readonly atomically: <T>(fn: () => T) => T;
  readonly random: () => number;
  readonly poster: DailyPoster;
  /** The real clock: which local day it is, retries, leases. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
};

export type PassOptions = {
  readonly dryRun?: boolean;
  /** Stop waiting for retries that are due later than this many ms from now (default 30 s). */
  readonly retryHorizonMs?: number;
  /** A pass ends after this long; what is left goes to the next pass (default 45 s). */
  readonly maxPassMs?: number;
  /** Sends at the same time (default 4). */
  readonly concurrency?: number;
  /** Aborted on shutdown: no new sends are started, the ones in flight finish. */
  readonly signal?: AbortSignal;
};

type Where = { teamId: string; channelId: string; localDate: string };
export type PassReport = {
  planned: Array<Where & { questionId: string }>;
  posted: Array<Where & { questionId: string; ts: string; recovered?: boolean }>;
  skipped: Array<{ teamId: string; channelId: string; reason: string }>;
  failed: Array<Where & { error: string; paused: boolean }>;
  waiting: Array<Where & { nextAttemptAt: number; error: string | null }>;
  /** Workspaces this pass paused because Slack refused their token. */
  pausedWorkspaces: Array<{ teamId: string; error: string }>;
};

/** A sender that claimed a row and died (or hung) is presumed gone after this long. */
export const sendLeaseMs = 2 * 60_000;
/**
 * A post sent after its claim carries a Slack ts within this long of the claim (the send follows the
 * claim at once and times out within seconds; the rest is room for clocks that differ). The lookup
 * reads only this window: conversations.history gives apps outside the Marketplace one call a
 * minute and 15 messages a page.
 */
export const sendWindowMs = 30_000;

/** Back-off after the n-th failed attempt: 1 s, 2 s, 4 s … up to 5 minutes. */
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
 * this twice, from two processes, or after a restart plans each day once. Only today's post (by
 * the real clock, in the channel's zone) is planned: a missed day never goes out on a later day.
 */
export function planDailyPosts(deps: DailyDeps, at: number, report: PassReport, dryRun = false): void {
  planReminders(deps, at, report, dryRun);
  for (const teamId of deps.subscriptions.teams()) {
    for (const sub of deps.subscriptions.ofTeam(teamId)) {
      const { channelId } = sub;
      const posted = (date: string) => deps.outbox.find(teamId, channelId, date) !== undefined;
      const date = duePostDate(sub, at);
      if (!date) {
        planRecap(deps, sub, at, report, dryRun);
        report.skipped.push({ teamId, channelId, reason: skipReason(sub, at, posted) });
        continue;
      }
      if (!dryRun && date !== localDate(deps.now(), sub.timeZone)) {
        report.skipped.push({
          teamId,
          channelId,
          reason: `${date} is not today in ${sub.timeZone}: only today's post is sent`,
        });
        continue;
      }
      planRecap(deps, sub, at, report, dryRun);
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
        const added = deps.outbox.add({
          teamId,
          channelId,
          localDate: date,
          questionId: choice.question.id,
          round: choice.round,
          at: deps.now(),
        });
        if (added)
          report.planned.push({ teamId, channelId, localDate: date, questionId: choice.question.id });
      });
    }
  }
}

/**
 * Daily reminders: a DM row per user and local day, from their chosen time on (once a day, through
 * the outbox; the DM goes out only if questions are due then).
 */
function planReminders(deps: DailyDeps, at: number, report: PassReport, dryRun: boolean): void {
  for (const teamId of deps.reminders.teams()) {
    for (const reminder of deps.reminders.ofTeam(teamId)) {
      const today = localDate(deps.now(), reminder.timeZone);
      const time = zonedInstant(today, reminder.time, reminder.timeZone);
      if (dryRun || localDate(at, reminder.timeZone) !== today || time > at || time <= reminder.effectiveFrom)
        continue;
      const added = deps.outbox.add({
        teamId,
        channelId: reminder.userId,
        localDate: today,
        kind: 'reminder',
        questionId: null,
        round: 0,
        at: deps.now(),
      });
      if (added)
        report.planned.push({ teamId, channelId: reminder.userId, localDate: today, questionId: 'reminder' });
    }
  }
}

/** Fridays at the posting time: the week's recap, through the same outbox (once per channel and week). */
function planRecap(
  deps: DailyDeps,
  sub: Subscription,
  at: number,
  report: PassReport,
  dryRun: boolean,
): void {
  const date = dueRecapDate(sub, at);
  if (!date || dryRun || date !== localDate(deps.now(), sub.timeZone)) return;
  const added = deps.outbox.add({
    teamId: sub.teamId,
    channelId: sub.channelId,
    localDate: date,
    kind: 'recap',
    questionId: null,
    round: 0,
    at: deps.now(),
  });
  if (added)
    report.planned.push({
      teamId: sub.teamId,
      channelId: sub.channelId,
      localDate: date,
      questionId: 'recap',
    });
}

/** A row whose local day is over (in its channel's zone), or whose channel left, is never sent. */
function dayIsOver(deps: DailyDeps, row: OutboxRow): Subscription | 'gone' | 'over' | 'current' {
  if (row.kind === 'reminder') {
    const reminder = deps.reminders.ofTeam(row.teamId).find((r) => r.userId === row.channelId);
    if (!reminder) return 'gone';
    return row.localDate < localDate(deps.now(), reminder.timeZone) ? 'over' : 'current';
  }
  const sub = deps.subscriptions.find(row.teamId, row.channelId);
  if (!sub) return 'gone';
  return row.localDate < localDate(deps.now(), sub.timeZone) ? 'over' : sub;
}

/**
 * Rows in doubt: look for the post before sending again, never guess. Slack gives apps outside
 * the Marketplace one conversations.history call a minute per workspace, so a pass looks up at most
 * one row per workspace (`lookedUp`); the others wait for the next pass, a minute later.
 */
async function resolveInDoubt(
  deps: DailyDeps,
  teamId: string,
  report: PassReport,
  lookedUp: Set<string>,
): Promise<void> {
  const now = deps.now();
  for (const row of deps.outbox.inDoubt(teamId, now - sendLeaseMs, now)) {
    if (row.kind !== 'reminder' && lookedUp.has(teamId)) return;
    if (!deps.outbox.reclaim(teamId, row, now)) continue;
    if (row.kind === 'reminder') {
      // The app's DM is not read (no im:history): a reminder in doubt is never resent blind.
      deps.outbox.markExpired(teamId, row.id, 'a reminder in doubt is not looked up, and never resent');
      continue;
    }
    // Around when the send started: a lookup that takes the row over moves claimedAt, not this.
    const sentAround = row.sendStartedAt ?? now;
    lookedUp.add(teamId);
    const found = await deps.poster.findPost({
      teamId,
      channelId: row.channelId,
      outboxId: row.id,
      since: sentAround - sendWindowMs,
      until: sentAround + 2 * sendWindowMs,
    });
    if (found.found === true) {
      deps.outbox.markSent(teamId, row.id, found.ts, deps.now());
      report.posted.push({ ...where(row), questionId: row.questionId ?? '', ts: found.ts, recovered: true });
      continue;
    }
    const state = dayIsOver(deps, row);
    if (found.found === false) {
      if (state === 'gone') deps.outbox.markFailed(teamId, row.id, 'the channel unsubscribed');
      else if (state === 'over') deps.outbox.markExpired(teamId, row.id);
      else deps.outbox.retryAt(teamId, row.id, deps.now(), 'sent again: no post was found');
    } else if (state === 'gone' || state === 'over') {
      // Still unknown and the day is over: never resend; leave the day unposted.
      deps.outbox.markExpired(teamId, row.id, `in doubt and unresolved: ${found.error}`);
    } else {
      const wait = Math.max(backoffMs(row.attempts + 4), found.retryAfterMs ?? 0);
      deps.outbox.markInDoubt(teamId, row.id, deps.now() + wait, found.error);
      // Slack allows one lookup a minute per workspace: the other rows wait for a later pass.
      if (found.retryAfterMs !== undefined) return;
    }
  }
}

function where(row: OutboxRow): Where {
  return { teamId: row.teamId, channelId: row.channelId, localDate: row.localDate };
}

/**
 * Pending rows that must not go out any more: the local day is over, the channel left, or it was
 * paused or told to skip that day after the row was planned.
 */
function expireStale(deps: DailyDeps, teamId: string): void {
  for (const row of deps.outbox.pending(teamId)) {
    const state = dayIsOver(deps, row);
    if (state === 'gone') deps.outbox.markFailed(teamId, row.id, 'the channel unsubscribed');
    else if (state === 'over') deps.outbox.markExpired(teamId, row.id);
    else if (state !== 'current' && row.kind === 'question' && !postsOn(state, row.localDate)) {
      deps.outbox.markExpired(teamId, row.id, 'paused or skipped after it was planned');
    }
  }
}

async function sendQuestion(deps: DailyDeps, row: OutboxRow): Promise<DeliveryOutcome | 'no-question'> {
  const question = row.questionId === null ? undefined : deps.library.byId.get(row.questionId);
  if (!question) return 'no-question';
  return deps.poster.post({
    teamId: row.teamId,
    channelId: row.channelId,
    question,
    outboxId: row.id,
    localDate: row.localDate,
  });
}

/** The last seven days: the top three answers by points (with any), and the top reviewers. */
async function sendRecap(deps: DailyDeps, row: OutboxRow): Promise<DeliveryOutcome | 'empty'> {
  const now = deps.now();
  // The seven days up to now: every answer falls in exactly one Friday's recap.
  const since = now - 7 * 86_400_000;
  const topAnswers = deps.leaderboard.topAnswers(row.teamId, row.channelId, since, now + 1, 3);
  const topReviewers = deps.leaderboard.reviewers(row.teamId, row.channelId, since, now + 1, 3);
  if (topAnswers.length === 0 && topReviewers.length === 0) return 'empty';
  return deps.poster.postRecap({
    teamId: row.teamId,
    channelId: row.channelId,
    outboxId: row.id,
    localDate: row.localDate,
    recap: { topAnswers, topReviewers },
    questionPrompt: (id) => deps.library.byId.get(id)?.prompt,
  });
}

/** "N questions due": counted when it is sent, in the user's zone; nothing due, no DM. */
async function sendReminder(deps: DailyDeps, row: OutboxRow): Promise<DeliveryOutcome | 'empty'> {
  const reminder = deps.reminders.ofTeam(row.teamId).find((r) => r.userId === row.channelId);
  if (!reminder) return 'empty';
  const endOfDay = zonedInstant(addDays(row.localDate, 1), { hour: 0, minute: 0 }, reminder.timeZone);
  const due = [...deps.cards.dueTimes(row.teamId, row.channelId)].filter(
    ([id, at]) => at < endOfDay && deps.library.byId.has(id),
  ).length;
  if (due === 0) return 'empty';
  return deps.poster.postReminder({
    teamId: row.teamId,
    userId: row.channelId,
    outboxId: row.id,
    localDate: row.localDate,
    due,
  });
}

async function deliver(
  deps: DailyDeps,
  row: OutboxRow,
  report: PassReport,
  holdTeam: (teamId: string, until: number) => void,
): Promise<void> {
  const { teamId, channelId } = row;
  const send =
    row.kind === 'recap'
      ? () => sendRecap(deps, row)
      : row.kind === 'reminder'
        ? () => sendReminder(deps, row)
        : () => sendQuestion(deps, row);
  // If this throws (or the process dies) the row stays 'sending': in doubt, looked at after the lease.
  const outcome = await send();
  const now = deps.now();
  if (outcome === 'empty') {
    deps.outbox.markEmpty(teamId, row.id);
  } else if (outcome === 'no-question') {
    deps.outbox.markFailed(teamId, row.id, `question ${row.questionId} is no longer in the decks`);
    report.failed.push({ ...where(row), error: 'question not in decks', paused: false });
  } else if (outcome.ok) {
    deps.outbox.markSent(teamId, row.id, outcome.ts, now);
    report.posted.push({ ...where(row), questionId: row.questionId ?? 'recap', ts: outcome.ts });
  } else if (outcome.kind === 'rate-limited') {
    // This row waits out Retry-After; the workspace slows down.
    holdTeam(teamId, now + outcome.retryAfterMs);
    deps.outbox.retryAt(teamId, row.id, now + outcome.retryAfterMs, outcome.error);
  } else if (outcome.kind === 'transient') {
    deps.outbox.retryAt(teamId, row.id, now + backoffMs(row.attempts), outcome.error);
  } else if (outcome.kind === 'unknown') {
    deps.outbox.markInDoubt(teamId, row.id, now + backoffMs(row.attempts + 3), outcome.error);
  } else if (outcome.pause === 'workspace') {
    // The token no longer works: pause the workspace once; this row waits with the others and
    // goes out the same local day if the token works again by then (else it expires).
    if (deps.workspaceDelivery.pause(teamId, `Slack refused the workspace's token: ${outcome.error}`, now)) {
      report.pausedWorkspaces.push({ teamId, error: outcome.error });
    }
    deps.outbox.retryAt(teamId, row.id, now, outcome.error);
  } else {
    deps.outbox.markFailed(teamId, row.id, outcome.error);
    if (row.kind === 'reminder') {
      // The user left or cannot be messaged: stop reminding them rather than fail every day.
      if (
        [
          'account_inactive',
          'user_not_found',
          'cannot_dm_bot',
          'channel_not_found',
          'user_disabled',
        ].includes(outcome.error)
      ) {
        deps.reminders.remove(teamId, row.channelId);
      }
      report.failed.push({ ...where(row), error: outcome.error, paused: false });
      return;
    }
    const paused = outcome.pause === 'channel';
    if (paused) deps.subscriptions.pause(teamId, channelId, null, `Slack refused the post: ${outcome.error}`);
    report.failed.push({ ...where(row), error: outcome.error, paused });
  }
}

/**
 * Sends every ready row, a few at a time, and keeps going while retries come due within the
 * horizon (429 Retry-After, 5xx back-off), for at most `maxPassMs`; the rest waits for the next
 * pass. Each channel gets at most one post a day, so the per-channel limit (about one message a
 * second) holds; a 429 holds back the whole workspace until its Retry-After.
 */
async function dispatch(deps: DailyDeps, report: PassReport, options: PassOptions): Promise<void> {
  const concurrency = options.concurrency ?? 4;
  const horizon = options.retryHorizonMs ?? 30_000;
  const deadline = deps.now() + (options.maxPassMs ?? 45_000);
  const heldUntil = new Map<string, number>();
  // Pacing per workspace (additive increase, multiplicative decrease on the send rate): sends start
  // every `interval` ms; each success shortens it by 1%, each 429 lengthens it by half. A pass
  // settles just under the workspace's limit; a 429 delays only the row that got it (its channel
  // waits out Retry-After), so one channel's limit never stalls the others.
  const pacing = new Map<string, { interval: number; nextAt: number }>();
  const pace = (teamId: string) => {
    let state = pacing.get(teamId);
    if (!state) {
      state = { interval: 20, nextAt: 0 };
      pacing.set(teamId, state);
    }
    return state;
  };
  const holdTeam = (teamId: string, _until: number) => {
    const state = pace(teamId);
    state.interval = Math.min(2000, state.interval * 1.5);
  };
  const stopping = () => options.signal?.aborted === true || deps.now() >= deadline;
  // A workspace whose token Slack refused sends nothing until it works again; its rows still expire.
  const activeTeams = () => deps.outbox.teamsWithWork().filter((t) => !deps.workspaceDelivery.pausedWhy(t));
  const lookedUp = new Set<string>();

  while (!stopping()) {
    for (const teamId of deps.outbox.teamsWithWork()) {
      if (!deps.workspaceDelivery.pausedWhy(teamId)) await resolveInDoubt(deps, teamId, report, lookedUp);
      expireStale(deps, teamId);
    }
    const running = new Set<Promise<void>>();
    let started = false;
    for (const teamId of activeTeams()) {
      for (const row of deps.outbox.ready(teamId, deps.now(), 1000)) {
        if (stopping() || (heldUntil.get(teamId) ?? 0) > deps.now()) break;
        if (deps.workspaceDelivery.pausedWhy(teamId)) break;
        const paced = pace(teamId);
        if (paced.nextAt > deps.now())
          await sleepUnlessStopped(deps, paced.nextAt - deps.now(), options.signal);
        if (stopping() || (heldUntil.get(teamId) ?? 0) > deps.now()) break;
        if (!deps.outbox.claim(teamId, row.id, deps.now())) continue;
        paced.nextAt = deps.now() + paced.interval;
        paced.interval = Math.max(2, paced.interval * 0.99);
        started = true;
        const task: Promise<void> = deliver(deps, { ...row, attempts: row.attempts + 1 }, report, holdTeam)
          .catch((error: unknown) => {
            // Unknown whether Slack took it: the row stays 'sending' and is looked at after the lease.
            report.waiting.push({
              ...where(row),
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
    if (started) continue;
    // A workspace that had its lookup this pass looks up its other rows in the next pass.
    const waiting = activeTeams().flatMap((teamId) => [
      ...deps.outbox.pending(teamId),
      ...(lookedUp.has(teamId) ? [] : deps.outbox.doubtful(teamId)),
    ]);
    const soonest = Math.min(
      ...waiting.map((row) => Math.max(row.nextAttemptAt, heldUntil.get(row.teamId) ?? 0)),
    );
    if (waiting.length === 0 || soonest - deps.now() > horizon || soonest >= deadline) break;
    await sleepUnlessStopped(deps, Math.max(0, soonest - deps.now()), options.signal);
  }
  for (const teamId of deps.outbox.teamsWithWork()) {
    for (const row of deps.outbox.pending(teamId)) {
      report.waiting.push({ ...where(row), nextAttemptAt: row.nextAttemptAt, error: row.lastError });
    }
  }
}

/** Waits, but wakes at once on shutdown. */
async function sleepUnlessStopped(
  deps: DailyDeps,
  wait: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const ms = Math.ceil(wait); // whole milliseconds: times are stored as integers
  if (!signal) return deps.sleep(ms);
  if (signal.aborted) return;
  await Promise.race([
    deps.sleep(ms),
    new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
  ]);
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
  const report: PassReport = {
    planned: [],
    posted: [],
    skipped: [],
    failed: [],
    waiting: [],
    pausedWorkspaces: [],
  };
  planDailyPosts(deps, at, report, options.dryRun);
  if (!options.dryRun) await dispatch(deps, report, options);
  return report;
}
