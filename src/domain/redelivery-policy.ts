/**
 * The event inbox's rules (docs/decisions/0003-durable-intake.md): how long an attempt holds its
 * row, when a failed attempt is tried again, when to give up, when an event is too old to replay,
 * and how long a done row's key is kept. Pure: time comes in as `now` (ms since the epoch).
 *
 * Worked example, a reaction received at 10:00:00 (attempt 1, the one Slack sent):
 *   the listener fails on a locked database at 10:00:05 → attempt 2 at 10:00:35 (back-off 30 s)
 *   it fails again                                      → attempt 3 one minute later, then 2, 4, 8, 10, 10
 *   attempt 8 fails (about 35 minutes after the first)  → given up, logged
 *   the process dies during attempt 1                   → its lease ends at 10:01:00: attempt 2 then
 */

/**
 * What one attempt came to: its listeners ran (or nothing listens to it), one of them failed, or
 * its workspace has no installation (no listener ran; as before the inbox, it is not tried again,
 * and nothing of it is kept).
 */
export type AttemptOutcome = 'done' | 'failed' | 'unauthorized';

export const redelivery = {
  /** The longest the intake waits for the write lock before the request is refused (Slack waits 3 s). */
  intakeWaitMs: 1_000,
  /** An attempt holds its row this long; a row still open after that belongs to a process that died. */
  leaseMs: 60_000,
  /** Attempts in all, the first included. */
  maxAttempts: 8,
  /** How often the app looks for rows that are due. */
  everyMs: 15_000,
  /** Done rows (their key only) are kept this long, so a late retry from Slack is recognised. */
  keepDoneMs: 24 * 60 * 60_000,
} as const;

const firstBackOffMs = 30_000;
const maxBackOffMs = 10 * 60_000;

/**
 * When attempt `attempt` (1-based) has failed at `now`: the time of the next attempt, or `give-up`
 * when it was the last. Back-off 30 s, doubling, at most 10 minutes.
 */
export function afterFailure(attempt: number, now: number): { retryAt: number } | 'give-up' {
  if (attempt >= redelivery.maxAttempts) return 'give-up';
  const backOff = Math.min(maxBackOffMs, firstBackOffMs * 2 ** Math.max(0, attempt - 1));
  return { retryAt: now + backOff };
}

/** Events that delete a workspace's installation and data (the app was uninstalled, its bot token revoked). */
const workspaceLeaving: ReadonlySet<string> = new Set(['app_uninstalled', 'tokens_revoked']);

/**
 * Whether a stored event would now undo something newer if replayed: an uninstall received before
 * the workspace installed the app again would delete the new installation. Stale events are closed
 * without being delivered.
 */
export function isStale(eventType: string, installedSinceReceived: () => boolean): boolean {
  return workspaceLeaving.has(eventType) && installedSinceReceived();
}
