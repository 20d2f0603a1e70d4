import { type AttemptOutcome, afterFailure, isStale, redelivery } from '../domain/redelivery-policy.js';
import type { EventInboxRepository, InboxKey, IncomingEvent } from '../storage/event-inbox-repository.js';

/**
 * Durable intake of Slack events (docs/decisions/0003-durable-intake.md): an event is stored before
 * Slack is told it arrived, its outcome is recorded when its listeners have run, and open rows are
 * delivered again until they are done (or given up).
 */

export type InboxDeps = {
  readonly inbox: EventInboxRepository;
  /** Whether the workspace (or org) named by an inbox key installed the app after `at`. */
  readonly installedSince: (teamId: string, at: number) => boolean;
  /** Runs `fn` in one transaction (IMMEDIATE). */
  readonly atomically: <T>(fn: () => T) => T;
  readonly now: () => number;
};

/**
 * Stores events as they arrive, before they are acknowledged, all in one transaction (the events
 * that arrived together): for each, `new` (deliver it now: attempt 1) or `seen` (a retry of an
 * event stored before: it is, or will be, delivered from the inbox). Throws when they cannot be
 * stored within a short wait, and then none is: the caller must acknowledge none of them.
 */
export function receiveEvents(deps: InboxDeps, events: readonly IncomingEvent[]): Array<'new' | 'seen'> {
  const now = deps.now();
  return deps.inbox
    .addAll(events, now, now + redelivery.leaseMs, redelivery.intakeWaitMs)
    .map((stored) => (stored ? 'new' : 'seen'));
}

/**
 * What an attempt came to, recorded: done closes the row; a failure schedules the next attempt, or
 * gives up; an event for a workspace without an installation is deleted.
 */
export function settleEvent(
  deps: InboxDeps,
  key: InboxKey,
  attempt: number,
  outcome: AttemptOutcome,
): 'done' | 'retry' | 'gave-up' | 'dropped' {
  const now = deps.now();
  if (outcome === 'done') {
    deps.inbox.close(key, 'done', now);
    return 'done';
  }
  if (outcome === 'unauthorized') {
    deps.inbox.remove(key);
    return 'dropped';
  }
  const next = afterFailure(attempt, now);
  if (next === 'give-up') {
    deps.inbox.close(key, 'gave-up', now);
    return 'gave-up';
  }
  deps.inbox.retryAt(key, next.retryAt);
  return 'retry';
}

/** What one attempt of an event came to, to be recorded. */
export type Settlement = {
  readonly key: InboxKey;
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
};

/** The outcomes of attempts that ended together, recorded in one transaction (`settleEvent` each). */
export function settleEvents(deps: InboxDeps, settlements: readonly Settlement[]): void {
  deps.atomically(() => {
    for (const { key, attempt, outcome } of settlements) settleEvent(deps, key, attempt, outcome);
  });
}

/**
 * The events that arrive in a turn stored and the outcomes that end in it recorded in one commit:
 * `work` runs `receiveEvents` first (its inserts take the write lock, within their short wait), then
 * `settleEvents`. Nothing of it is stored when it throws.
 */
export function inOneCommit<T>(deps: InboxDeps, work: () => T): T {
  return deps.inbox.inOneTransaction(work);
}

/** Delivers one stored event (its JSON body) through the app's listeners. */
export type Redeliver = (body: string) => Promise<AttemptOutcome>;

type Settled = { readonly eventId: string; readonly eventType: string; readonly teamId: string };

export type RedeliveryReport = {
  /** Delivered again and done. */
  readonly done: Settled[];
  /** Delivered again and failed: tried again later. */
  readonly retrying: Settled[];
  /** Failed on their last attempt (or left open by a process that died on it): not tried again. */
  readonly gaveUp: Settled[];
  /** Closed without delivery: they would undo something newer (`isStale`). */
  readonly stale: Settled[];
  /** Their workspace has no installation (any more): deleted. */
  readonly dropped: Settled[];
  /** Done rows past their keeping time, deleted. */
  readonly forgotten: number;
};

/**
 * One pass over the inbox: every open row whose lease or back-off has ended (a process died during
 * its attempt, or a listener failed) is delivered again, oldest first and one at a time; rows that
 * used their last attempt are given up; done rows past their keeping time are deleted.
 */
export async function redeliverEvents(
  deps: InboxDeps,
  deliver: Redeliver,
  options: { limit?: number } = {},
): Promise<RedeliveryReport> {
  const done: Settled[] = [];
  const retrying: Settled[] = [];
  const gaveUp: Settled[] = [];
  const stale: Settled[] = [];
  const dropped: Settled[] = [];
  const outcomes = { done, retry: retrying, 'gave-up': gaveUp, dropped };
  for (const row of deps.inbox.due(deps.now(), options.limit ?? 100)) {
    const settled = { eventId: row.eventId, eventType: row.eventType, teamId: row.teamId };
    if (isStale(row.eventType, () => deps.installedSince(row.teamId, row.receivedAt))) {
      if (deps.inbox.close(row, 'stale', deps.now())) stale.push(settled);
      continue;
    }
    // Its last attempt was cut short (the process died during it).
    if (row.attempts >= redelivery.maxAttempts) {
      if (deps.inbox.close(row, 'gave-up', deps.now())) gaveUp.push(settled);
      continue;
    }
    const now = deps.now();
    if (!deps.inbox.claim(row, now, now + redelivery.leaseMs)) continue; // another pass took it
    let outcome: AttemptOutcome;
    try {
      outcome = await deliver(row.body);
    } catch {
      outcome = 'failed';
    }
    outcomes[settleEvent(deps, row, row.attempts + 1, outcome)].push(settled);
  }
  const forgotten = deps.inbox.forgetClosedBefore(deps.now() - redelivery.keepDoneMs);
  return { done, retrying, gaveUp, stale, dropped, forgotten };
}
