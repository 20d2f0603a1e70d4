import type { Db } from './database.js';

/** An inbox row's key: the workspace named in the body (a key, never an authorization) and the event id. */
export type InboxKey = { readonly teamId: string; readonly eventId: string };

/** An event as the intake stores it. */
export type IncomingEvent = InboxKey & { readonly eventType: string; readonly body: string };

/** An open row, due for another attempt. */
export type DueEvent = IncomingEvent & { readonly receivedAt: number; readonly attempts: number };

export type EventInboxRepository = ReturnType<typeof createEventInboxRepository>;

type DueRow = {
  id: number;
  team_id: string;
  event_id: string;
  event_type: string;
  body: string;
  received_at: number;
  attempts: number;
};

/**
 * The event inbox (migrations/0009_event_inbox.sql): Events API callbacks stored before they are
 * acknowledged, until their listeners have run.
 */
export function createEventInboxRepository(db: Db) {
  const insert = db.prepare<[string, string, string, string, number, number]>(
    `INSERT INTO event_inbox (team_id, event_id, event_type, body, received_at, attempts, retry_at)
     VALUES (?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (team_id, event_id) DO NOTHING`,
  );
  const close = db.prepare<[number, string, string, string]>(
    `UPDATE event_inbox SET done_at = ?, outcome = ?, body = NULL
     WHERE team_id = ? AND event_id = ? AND done_at IS NULL`,
  );
  const later = db.prepare<[number, string, string]>(
    `UPDATE event_inbox SET retry_at = ? WHERE team_id = ? AND event_id = ? AND done_at IS NULL`,
  );
  const due = db.prepare<[number, number], DueRow>(
    `SELECT id, team_id, event_id, event_type, body, received_at, attempts FROM event_inbox
     WHERE done_at IS NULL AND retry_at <= ? ORDER BY received_at, id LIMIT ?`,
  );
  const claim = db.prepare<[number, string, string, number]>(
    `UPDATE event_inbox SET attempts = attempts + 1, retry_at = ?
     WHERE team_id = ? AND event_id = ? AND done_at IS NULL AND retry_at <= ?`,
  );
  const remove = db.prepare<[string, string]>(`DELETE FROM event_inbox WHERE team_id = ? AND event_id = ?`);
  const forget = db.prepare<[number]>(`DELETE FROM event_inbox WHERE done_at IS NOT NULL AND done_at < ?`);
  // Read at every intake: prepared once (`db.pragma` prepares its statement on each call).
  const busyTimeout = db.prepare<[], number>('PRAGMA busy_timeout').pluck();
  // DEFERRED: the write lock is taken by the first write inside, with that write's own wait. Its
  // first statement must stay a write (addAll's insert): a read first would take a snapshot that
  // another process's commit makes stale, and the write would then fail at once (SQLITE_BUSY_SNAPSHOT).
  const together = db.transaction((work: () => unknown) => work());
  const storeAll = db.transaction(
    (events: readonly IncomingEvent[], at: number, leaseUntil: number): boolean[] =>
      events.map(
        (event) =>
          insert.run(event.teamId, event.eventId, event.eventType, event.body, at, leaseUntil).changes === 1,
      ),
  );
  return {
    /**
     * Stores events unless their key is there already, in one transaction (the events that arrived
     * together: one commit for all); for each, true when stored now. When it throws, none is stored.
     * Waits for the write lock no longer than the connection's busy timeout, and never longer than
     * `maxWaitMs` (then throws SQLITE_BUSY): Slack is waiting for the answer, and SQLite's wait
     * blocks the process.
     */
    addAll(events: readonly IncomingEvent[], at: number, leaseUntil: number, maxWaitMs: number): boolean[] {
      const store = () => storeAll.immediate(events, at, leaseUntil);
      const before = busyTimeout.get() ?? 0;
      if (before <= maxWaitMs) return store();
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(maxWaitMs))}`);
      try {
        return store();
      } finally {
        db.pragma(`busy_timeout = ${before}`);
      }
    },
    /**
     * Runs `work` (`addAll`, then outcomes) in one transaction, one commit: the write lock is taken by
     * its first write (`addAll`'s, within its short wait). Nothing of it is stored when it throws.
     */
    inOneTransaction<T>(work: () => T): T {
      return together(work) as T;
    },
    /** Closes an open row (its content is dropped); false when it was closed already, or is gone. */
    close(key: InboxKey, outcome: 'done' | 'gave-up' | 'stale', at: number): boolean {
      return close.run(at, outcome, key.teamId, key.eventId).changes === 1;
    },
    /** Deletes a row, key and all. */
    remove(key: InboxKey): void {
      remove.run(key.teamId, key.eventId);
    },
    /** An open row waits until `retryAt` for its next attempt. */
    retryAt(key: InboxKey, retryAt: number): void {
      later.run(retryAt, key.teamId, key.eventId);
    },
    /** Open rows whose lease or back-off has ended, oldest first. */
    due(now: number, limit: number): DueEvent[] {
      return due.all(now, limit).map((row) => ({
        teamId: row.team_id,
        eventId: row.event_id,
        eventType: row.event_type,
        body: row.body,
        receivedAt: row.received_at,
        attempts: row.attempts,
      }));
    },
    /**
     * Takes a due row for one more attempt, holding it until `leaseUntil`; false when another
     * process (or pass) took it first or it was closed meanwhile.
     */
    claim(key: InboxKey, now: number, leaseUntil: number): boolean {
      return claim.run(leaseUntil, key.teamId, key.eventId, now).changes === 1;
    },
    /** Deletes rows closed before `before`; returns how many. */
    forgetClosedBefore(before: number): number {
      return forget.run(before).changes;
    },
  };
}
