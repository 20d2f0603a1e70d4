import type { Db } from './database.js';

/** Finished rows (sent, failed, expired, empty) are counted over this window before a scrape. */
const finishedWindowMs = 24 * 3_600_000;

/**
 * The outbox as an operator watches it (GET /metrics): rows by state and kind over every workspace.
 * The one query in storage without a workspace filter, on purpose: it is the operator's view of the
 * whole queue, and it returns counts only, never a workspace's id or content.
 */
export function createOutboxStats(db: Db) {
  // One grouped query per scrape, on the (status, next_attempt_at) index: every open row (the queue),
  // and the finished rows whose last attempt was due within the window (a row's next_attempt_at stays
  // at its last attempt), so the cost follows a day's posts, not the outbox's whole history.
  const counts = db.prepare<[number], { status: string; kind: string; rows: number }>(
    `SELECT status, kind, count(*) AS rows FROM daily_outbox
     WHERE status IN ('pending', 'sending', 'doubt')
        OR (status IN ('sent', 'failed', 'expired', 'empty') AND next_attempt_at >= ?)
     GROUP BY status, kind`,
  );
  return {
    /** Rows by state and kind at `now`: all the open ones, and the finished ones of the past 24 hours. */
    byStateAndKind(now: number): Array<{ state: string; kind: string; rows: number }> {
      return counts
        .all(now - finishedWindowMs)
        .map((row) => ({ state: row.status, kind: row.kind, rows: row.rows }));
    },
  };
}
