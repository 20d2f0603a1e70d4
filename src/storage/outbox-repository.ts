import { type OutboxKind, type OutboxRow, type OutboxStatus, outboxRowSchema } from '../domain/outbox.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

type Row = {
  id: number;
  team_id: string;
  channel_id: string;
  local_date: string;
  kind: string;
  question_id: string | null;
  round: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  claimed_at: number | null;
  send_started_at: number | null;
  last_error: string | null;
  message_ts: string | null;
};

const readRow = rowReader('daily_outbox', outboxRowSchema);

const toRow = (row: Row): OutboxRow =>
  readRow({
    id: row.id,
    teamId: row.team_id,
    channelId: row.channel_id,
    localDate: row.local_date,
    kind: row.kind,
    questionId: row.question_id,
    round: row.round,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    claimedAt: row.claimed_at,
    // Rows from before send_started_at was kept: when it was claimed.
    sendStartedAt: row.send_started_at ?? row.claimed_at,
    lastError: row.last_error,
    messageTs: row.message_ts,
  });

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;

/** The outbox: planned posts of every kind and their delivery state, per workspace and channel. */
export function createOutboxRepository(db: Db) {
  const forDate = db.prepare<[string, string, string, OutboxKind], Row>(
    `SELECT * FROM daily_outbox WHERE team_id = ? AND channel_id = ? AND local_date = ? AND kind = ?`,
  );
  const latestRound = db.prepare<[string, string], { round: number | null }>(
    `SELECT max(round) AS round FROM daily_outbox WHERE team_id = ? AND channel_id = ? AND kind = 'question'`,
  );
  const usedInRound = db.prepare<[string, string, number], { question_id: string }>(
    `SELECT question_id FROM daily_outbox
     WHERE team_id = ? AND channel_id = ? AND kind = 'question' AND round = ? AND status NOT IN ('failed', 'expired')`,
  );
  const insert = db.prepare<[string, string, string, OutboxKind, string | null, number, number, number]>(
    `INSERT OR IGNORE INTO daily_outbox (team_id, channel_id, local_date, kind, question_id, round, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ready = db.prepare<[string, number, number], Row>(
    `SELECT * FROM daily_outbox WHERE team_id = ? AND status = 'pending' AND next_attempt_at <= ?
     ORDER BY next_attempt_at, id LIMIT ?`,
  );
  const waiting = db.prepare<[string], Row>(
    `SELECT * FROM daily_outbox WHERE team_id = ? AND status = 'pending' ORDER BY next_attempt_at, id`,
  );
  const doubtful = db.prepare<[string], Row>(
    `SELECT * FROM daily_outbox WHERE team_id = ? AND status = 'doubt' ORDER BY next_attempt_at, id`,
  );
  const claim = db.prepare<[number, number, string, number]>(
    `UPDATE daily_outbox SET status = 'sending', claimed_at = ?, send_started_at = ?, attempts = attempts + 1
     WHERE team_id = ? AND id = ? AND status = 'pending'`,
  );
  const stale = db.prepare<[string, number, number], Row>(
    `SELECT * FROM daily_outbox WHERE team_id = ? AND status IN ('sending', 'doubt')
       AND ((status = 'sending' AND claimed_at <= ?) OR (status = 'doubt' AND next_attempt_at <= ?))`,
  );
  const reclaim = db.prepare<[number, string, number, OutboxStatus, number | null]>(
    `UPDATE daily_outbox SET status = 'sending', claimed_at = ?
     WHERE team_id = ? AND id = ? AND status = ? AND claimed_at IS ?`,
  );
  const doubt = db.prepare<[number, string | null, string, number]>(
    `UPDATE daily_outbox SET status = 'doubt', next_attempt_at = ?, last_error = ?
     WHERE team_id = ? AND id = ? AND status = 'sending'`,
  );
  const sent = db.prepare<[string, number, string, number]>(
    `UPDATE daily_outbox SET status = 'sent', message_ts = ?, sent_at = ?, last_error = NULL
     WHERE team_id = ? AND id = ? AND status IN ('sending', 'pending', 'doubt')`,
  );
  const retry = db.prepare<[number, string | null, string, number]>(
    `UPDATE daily_outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, claimed_at = NULL
     WHERE team_id = ? AND id = ? AND status = 'sending'`,
  );
  const end = db.prepare<['failed' | 'expired' | 'empty', string | null, string, number]>(
    `UPDATE daily_outbox SET status = ?, last_error = ?
     WHERE team_id = ? AND id = ? AND status IN ('pending', 'sending', 'doubt')`,
  );
  const byMessage = db.prepare<[string, string, string], Row>(
    `SELECT * FROM daily_outbox
     WHERE team_id = ? AND channel_id = ? AND message_ts = ? AND status = 'sent' AND kind = 'question'`,
  );
  const teams = db.prepare<[], { team_id: string }>(
    `SELECT DISTINCT team_id FROM daily_outbox WHERE status IN ('pending', 'sending', 'doubt')`,
  );
  const lastSent = db.prepare<[string, string], Row>(
    `SELECT * FROM daily_outbox WHERE team_id = ? AND channel_id = ? AND status = 'sent' AND kind = 'question'
     ORDER BY local_date DESC LIMIT 1`,
  );

  return {
    /**
     * Runs `fn` (claims, marks, the reads they depend on) as one transaction, so that many rows cost
     * one commit (BEGIN IMMEDIATE: the write lock first, so a read in it never meets a newer write).
     */
    inOneCommit<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
    find(
      teamId: string,
      channelId: string,
      localDate: string,
      kind: OutboxKind = 'question',
    ): OutboxRow | undefined {
      const row = forDate.get(teamId, channelId, localDate, kind);
      return row ? toRow(row) : undefined;
    },
    /** The current round of a channel and the questions it already used in it. */
    round(teamId: string, channelId: string): { round: number; used: Set<string> } {
      const round = latestRound.get(teamId, channelId)?.round ?? 1;
      return { round, used: new Set(usedInRound.all(teamId, channelId, round).map((r) => r.question_id)) };
    },
    /** Plans a post; false when that channel already has one of that kind for that date. */
    add(input: {
      teamId: string;
      channelId: string;
      localDate: string;
      kind?: OutboxKind;
      questionId: string | null;
      round: number;
      at: number;
    }): boolean {
      const kind = input.kind ?? 'question';
      const { changes } = insert.run(
        input.teamId,
        input.channelId,
        input.localDate,
        kind,
        input.questionId,
        input.round,
        input.at,
        input.at,
      );
      return changes === 1;
    },
    /** Teams with undelivered rows. */
    teamsWithWork(): string[] {
      return teams.all().map((r) => r.team_id);
    },
    ready(teamId: string, now: number, limit: number): OutboxRow[] {
      return ready.all(teamId, now, limit).map(toRow);
    },
    pending(teamId: string): OutboxRow[] {
      return waiting.all(teamId).map(toRow);
    },
    /** Rows whose send may or may not have landed, waiting for a look. */
    doubtful(teamId: string): OutboxRow[] {
      return doubtful.all(teamId).map(toRow);
    },
    /** pending → sending; false when another sender got it first. */
    claim(teamId: string, id: number, now: number): boolean {
      return claim.run(now, now, teamId, id).changes === 1;
    },
    /**
     * Rows in doubt: claimed before `claimedBefore` and never finished (a sender died mid-send), or
     * marked 'doubt' and due for another look.
     */
    inDoubt(teamId: string, claimedBefore: number, now: number): OutboxRow[] {
      return stale.all(teamId, claimedBefore, now).map(toRow);
    },
    /** Takes over an in-doubt row (→ sending, claimed now); false when another process took it first. */
    reclaim(teamId: string, row: OutboxRow, now: number): boolean {
      return reclaim.run(now, teamId, row.id, row.status, row.claimedAt).changes === 1;
    },
    /** The send's fate is unknown: look for the post at `checkAt` before anything is sent again. */
    markInDoubt(teamId: string, id: number, checkAt: number, error: string | null): void {
      doubt.run(checkAt, error, teamId, id);
    },
    markSent(teamId: string, id: number, ts: string, now: number): void {
      sent.run(ts, now, teamId, id);
    },
    retryAt(teamId: string, id: number, at: number, error: string | null): void {
      retry.run(at, error, teamId, id);
    },
    markFailed(teamId: string, id: number, error: string): void {
      end.run('failed', error, teamId, id);
    },
    /** A recap with nothing to say: not posted, and not tried again. */
    markEmpty(teamId: string, id: number): void {
      end.run('empty', null, teamId, id);
    },
    markExpired(teamId: string, id: number, reason = 'the local day ended before it could be sent'): void {
      end.run('expired', reason, teamId, id);
    },
    findByMessage(teamId: string, channelId: string, ts: string): OutboxRow | undefined {
      const row = byMessage.get(teamId, channelId, ts);
      return row ? toRow(row) : undefined;
    },
    lastSent(teamId: string, channelId: string): OutboxRow | undefined {
      const row = lastSent.get(teamId, channelId);
      return row ? toRow(row) : undefined;
    },
  };
}
