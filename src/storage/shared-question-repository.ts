import { type SharedQuestion, sharedQuestionSchema } from '../domain/shared-question.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

const readShared = rowReader('shared_questions', sharedQuestionSchema);

export type SharedQuestionRepository = ReturnType<typeof createSharedQuestionRepository>;

/** Questions posted to a channel with "Post to channel"; their threads hold the team's answers. */
export function createSharedQuestionRepository(db: Db) {
  const recent = db.prepare<[string, string, string, number], { id: number; message_ts: string | null }>(
    `SELECT id, message_ts FROM shared_questions
     WHERE team_id = ? AND channel_id = ? AND question_id = ? AND shared_at > ? ORDER BY shared_at DESC LIMIT 1`,
  );
  const insert = db.prepare<[string, string, string, string, number]>(
    `INSERT INTO shared_questions (team_id, channel_id, question_id, shared_by, shared_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const posted = db.prepare<[string, string, number]>(
    `UPDATE shared_questions SET message_ts = ? WHERE team_id = ? AND id = ?`,
  );
  const drop = db.prepare<[string, number]>(
    `DELETE FROM shared_questions WHERE team_id = ? AND id = ? AND message_ts IS NULL`,
  );
  const find = db.prepare<
    [string, string, string],
    { question_id: string; shared_by: string; shared_at: number }
  >(
    `SELECT question_id, shared_by, shared_at FROM shared_questions
     WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  return {
    /**
     * Claims sharing `questionId` to a channel: a new claim id, or the share made since `since`
     * (its message_ts is null while that share is still being posted). Run it in a transaction.
     */
    claim(input: {
      teamId: string;
      channelId: string;
      questionId: string;
      sharedBy: string;
      at: number;
      since: number;
    }): { claimed: true; id: number } | { claimed: false; ts: string | null } {
      const existing = recent.get(input.teamId, input.channelId, input.questionId, input.since);
      if (existing) return { claimed: false, ts: existing.message_ts };
      const { lastInsertRowid } = insert.run(
        input.teamId,
        input.channelId,
        input.questionId,
        input.sharedBy,
        input.at,
      );
      return { claimed: true, id: Number(lastInsertRowid) };
    },
    markPosted(teamId: string, id: number, ts: string): void {
      posted.run(ts, teamId, id);
    },
    /** Gives up a claim whose post failed. */
    release(teamId: string, id: number): void {
      drop.run(teamId, id);
    },
    /** The question shared as message `ts`, if that message is one. */
    find(teamId: string, channelId: string, ts: string): SharedQuestion | undefined {
      const row = find.get(teamId, channelId, ts);
      return row
        ? readShared({ questionId: row.question_id, sharedBy: row.shared_by, sharedAt: row.shared_at })
        : undefined;
    },
  };
}
