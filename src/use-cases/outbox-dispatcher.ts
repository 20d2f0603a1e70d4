import {
  afterLookup,
  afterSend,
  beforeSend,
  type FoundPost,
  initialPacing,
  lookupWindow,
  type Pacing,
  pacedSlowDown,
  pacedStart,
  type RowAction,
  type SendOutcome,
  type Standing,
  sendLeaseMs,
} from '../domain/delivery-policy.js';
import type { OutboxRow } from '../domain/outbox.js';
import type { OutboxRepository } from '../storage/outbox-repository.js';
import type { WorkspaceDeliveryRepository } from '../storage/workspace-delivery-repository.js';

/**
 * The outbox dispatcher: claim → deliver → mark, for any kind of outbox row. It knows no kind: each
 * kind's sender and rules come in through `kinds` (see `OutboxKindHandler`), and what each outcome
 * means for a row comes from the delivery policy (src/domain/delivery-policy.ts).
 *
 * - Claim: pending → sending is a conditional update, so of two processes only one sends a row.
 * - In doubt: a row left 'sending' past its lease (a crash), or marked 'doubt' (a timeout after
 *   Slack may have taken it), is looked up by its metadata before anything is sent again; never
 *   resent blind. One lookup per workspace per pass (conversations.history: one call a minute).
 * - A workspace whose token Slack refused is paused once (`workspaceDelivery`) and sends nothing
 *   until it is resumed; its rows wait, and still expire when their local day ends.
 */

/** Looks for a post carrying this outbox id in the conversation, posted between `since` and `until` (ms). */
export type PostLookup = {
  findPost(input: {
    teamId: string;
    channelId: string;
    outboxId: number;
    since: number;
    until: number;
  }): Promise<FoundPost>;
};

/** How one kind of outbox row is sent, and whether it is still wanted. */
export type OutboxKindHandler = {
  /** Sends the row (a throw leaves it 'sending': in doubt, looked at after the lease). */
  send(row: OutboxRow): Promise<SendOutcome>;
  /** Whether the row should still go out at `now` (the real clock): its day, its channel, its pause. */
  standing(row: OutboxRow, now: number): Standing;
  /**
   * A post in doubt: `look-up` finds it through its conversation's history; `{ expire }` when the
   * app cannot read that conversation: never looked up, never resent, expired with that reason.
   */
  readonly inDoubt: 'look-up' | { readonly expire: string };
  /**
   * Slack refused the post for good: stop what would fail the same way every day. Returns whether
   * the channel was paused (reported).
   */
  refused?(row: OutboxRow, failure: { error: string; pause: 'channel' | 'none' }): boolean;
};

/** Outbox kind → its handler. A row whose kind is not here is left for a process that knows it. */
export type OutboxKinds = ReadonlyMap<string, OutboxKindHandler>;

export type DispatcherDeps = {
  readonly outbox: OutboxRepository;
  readonly workspaceDelivery: WorkspaceDeliveryRepository;
  readonly kinds: OutboxKinds;
  readonly lookup: PostLookup;
  /** The real clock: which local day it is, retries, leases. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
};

export type DispatchOptions = {
  /** Stop waiting for retries that are due later than this many ms from now (default 30 s). */
  readonly retryHorizonMs?: number;
  /** A pass ends after this long; what is left goes to the next pass (default 45 s). */
  readonly maxPassMs?: number;
  /** Sends at the same time (default 4). */
  readonly concurrency?: number;
  /** Aborted on shutdown: no new sends are started, the ones in flight finish. */
  readonly signal?: AbortSignal;
};

export type Where = { teamId: string; channelId: string; localDate: string };
export type DispatchReport = {
  /** `questionId`: the question of the day, else the row's kind. */
  posted: Array<Where & { kind: string; questionId: string; ts: string; recovered?: boolean }>;
  failed: Array<Where & { error: string; paused: boolean }>;
  waiting: Array<Where & { nextAttemptAt: number; error: string | null }>;
  /** Workspaces this pass paused because Slack refused their token. */
  pausedWorkspaces: Array<{ teamId: string; error: string }>;
};

function where(row: OutboxRow): Where {
  return { teamId: row.teamId, channelId: row.channelId, localDate: row.localDate };
}

/**
 * Sends every ready row, a few at a time, paced per workspace, and keeps going while retries come
 * due within the horizon (429 Retry-After, 5xx back-off), for at most `maxPassMs`; the rest waits
 * for the next pass. Each channel gets at most one post of a kind a day, so the per-channel limit
 * (about one message a second) holds; a 429 delays only the row that got it and slows the
 * workspace's pacing.
 */
export async function dispatchOutbox(
  deps: DispatcherDeps,
  options: DispatchOptions = {},
): Promise<DispatchReport> {
  const report: DispatchReport = { posted: [], failed: [], waiting: [], pausedWorkspaces: [] };
  const concurrency = options.concurrency ?? 4;
  const horizon = options.retryHorizonMs ?? 30_000;
  const deadline = deps.now() + (options.maxPassMs ?? 45_000);
  const pacing = new Map<string, Pacing>();
  const paceOf = (teamId: string) => pacing.get(teamId) ?? initialPacing;
  const stopping = () => options.signal?.aborted === true || deps.now() >= deadline;
  const known = (row: OutboxRow) => deps.kinds.has(row.kind);
  const paused = (teamId: string) => deps.workspaceDelivery.pausedWhy(teamId) !== undefined;
  // A workspace whose token Slack refused sends nothing until it works again; its rows still expire.
  const activeTeams = () => deps.outbox.teamsWithWork().filter((t) => !paused(t));
  // Slack allows one conversations.history call a minute: a workspace looks up one row per pass.
  const lookedUp = new Set<string>();
  const context: PassContext = {
    deps,
    report,
    lookedUp,
    slowDown: (teamId) => pacing.set(teamId, pacedSlowDown(paceOf(teamId))),
  };

  while (!stopping()) {
    for (const teamId of deps.outbox.teamsWithWork()) {
      if (!paused(teamId)) await resolveInDoubt(context, teamId);
      expireStale(deps, teamId);
    }
    const running = new Set<Promise<void>>();
    let started = false;
    for (const teamId of activeTeams()) {
      for (const row of deps.outbox.ready(teamId, deps.now(), 1000)) {
        if (stopping() || paused(teamId)) break;
        if (!known(row)) continue;
        const nextAt = paceOf(teamId).nextAt;
        if (nextAt > deps.now()) await sleepUnlessStopped(deps, nextAt - deps.now(), options.signal);
        // A send that finished meanwhile may have paused the workspace: its other rows wait.
        if (stopping() || paused(teamId)) break;
        if (!deps.outbox.claim(teamId, row.id, deps.now())) continue;
        pacing.set(teamId, pacedStart(paceOf(teamId), deps.now()));
        started = true;
        const task: Promise<void> = deliver(context, { ...row, attempts: row.attempts + 1 })
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
    const waiting = activeTeams()
      .flatMap((teamId) => [
        ...deps.outbox.pending(teamId),
        ...(lookedUp.has(teamId) ? [] : deps.outbox.doubtful(teamId)),
      ])
      .filter(known);
    const soonest = Math.min(...waiting.map((row) => row.nextAttemptAt));
    if (waiting.length === 0 || soonest - deps.now() > horizon || soonest >= deadline) break;
    await sleepUnlessStopped(deps, Math.max(0, soonest - deps.now()), options.signal);
  }
  for (const teamId of deps.outbox.teamsWithWork()) {
    for (const row of deps.outbox.pending(teamId).filter(known)) {
      report.waiting.push({ ...where(row), nextAttemptAt: row.nextAttemptAt, error: row.lastError });
    }
  }
  return report;
}

type PassContext = {
  readonly deps: DispatcherDeps;
  readonly report: DispatchReport;
  readonly lookedUp: Set<string>;
  readonly slowDown: (teamId: string) => void;
};

/** Carries out the policy's decision for a row (each repository update checks the row's status). */
function apply(deps: DispatcherDeps, row: OutboxRow, action: RowAction): void {
  const { outbox } = deps;
  const { teamId, id } = row;
  switch (action.do) {
    case 'mark-sent':
      outbox.markSent(teamId, id, action.ts, deps.now());
      break;
    case 'mark-empty':
      outbox.markEmpty(teamId, id);
      break;
    case 'retry':
      outbox.retryAt(teamId, id, action.at, action.error);
      break;
    case 'doubt':
      outbox.markInDoubt(teamId, id, action.until, action.error);
      break;
    case 'pause-workspace':
      outbox.retryAt(teamId, id, action.retryAt, action.error);
      break;
    case 'fail':
      outbox.markFailed(teamId, id, action.error);
      break;
    case 'drop':
      outbox.markFailed(teamId, id, action.reason);
      break;
    case 'expire':
      outbox.markExpired(teamId, id, action.reason);
      break;
    case 'keep':
      break;
  }
}

/**
 * Rows in doubt: look for the post before sending again, never guess. A pass looks up at most one
 * row per workspace (`lookedUp`); the others wait for the next pass, a minute later. A kind whose
 * posts cannot be looked up is expired instead: never resent blind.
 */
async function resolveInDoubt(context: PassContext, teamId: string): Promise<void> {
  const { deps, report, lookedUp } = context;
  const now = deps.now();
  for (const row of deps.outbox.inDoubt(teamId, now - sendLeaseMs, now)) {
    const kind = deps.kinds.get(row.kind);
    if (!kind) continue;
    if (kind.inDoubt === 'look-up' && lookedUp.has(teamId)) return;
    if (!deps.outbox.reclaim(teamId, row, now)) continue;
    if (kind.inDoubt !== 'look-up') {
      deps.outbox.markExpired(teamId, row.id, kind.inDoubt.expire);
      continue;
    }
    lookedUp.add(teamId);
    const found = await deps.lookup.findPost({
      teamId,
      channelId: row.channelId,
      outboxId: row.id,
      ...lookupWindow(row.sendStartedAt ?? now),
    });
    const action = afterLookup(found, kind.standing(row, deps.now()), row.attempts, deps.now());
    apply(deps, row, action);
    if (action.do === 'mark-sent') {
      report.posted.push({
        ...where(row),
        kind: row.kind,
        questionId: row.questionId ?? row.kind,
        ts: action.ts,
        recovered: true,
      });
    }
    if (action.do === 'doubt' && action.stopLookups) return;
  }
}

/** Pending rows that must not go out any more: the local day is over, the channel left, or it is unwanted. */
function expireStale(deps: DispatcherDeps, teamId: string): void {
  for (const row of deps.outbox.pending(teamId)) {
    const kind = deps.kinds.get(row.kind);
    if (kind) apply(deps, row, beforeSend(kind.standing(row, deps.now())));
  }
}

async function deliver(context: PassContext, row: OutboxRow): Promise<void> {
  const { deps, report } = context;
  const kind = deps.kinds.get(row.kind);
  if (!kind) return;
  // If this throws (or the process dies) the row stays 'sending': in doubt, looked at after the lease.
  const outcome = await kind.send(row);
  const action = afterSend(outcome, row.attempts, deps.now());
  // The workspace is paused before its row goes back to pending, so no sender picks the row up first.
  if (
    action.do === 'pause-workspace' &&
    deps.workspaceDelivery.pause(row.teamId, action.reason, deps.now())
  ) {
    // Paused once: the first row to hit the refused token reports it, the others just wait.
    report.pausedWorkspaces.push({ teamId: row.teamId, error: action.error });
  }
  apply(deps, row, action);
  switch (action.do) {
    case 'mark-sent':
      report.posted.push({
        ...where(row),
        kind: row.kind,
        questionId: row.questionId ?? row.kind,
        ts: action.ts,
      });
      return;
    case 'retry':
      if (action.slowDown) context.slowDown(row.teamId);
      return;
    case 'drop':
      report.failed.push({ ...where(row), error: action.error, paused: false });
      return;
    case 'fail': {
      const paused = kind.refused?.(row, { error: action.error, pause: action.pause }) ?? false;
      report.failed.push({ ...where(row), error: action.error, paused });
      return;
    }
    default:
      return;
  }
}

/** Waits, but wakes at once on shutdown. */
async function sleepUnlessStopped(
  deps: DispatcherDeps,
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
