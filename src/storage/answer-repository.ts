import { type SavedAnswer, savedAnswerSchema } from '../domain/saved-answer.js';
import type { StarAnswer } from '../domain/star.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

const readAnswer = rowReader('answers', savedAnswerSchema);

type AnswerRow = {
  id: number;
  team_id: string;
  user_id: string;
  question_id: string;
  situation: string;
  task: string;
  action: string;
  result: string;
  created_at: number;
  posted_channel_id: string | null;
  posted_ts: string | null;
};

export type AnswerRepository = ReturnType<typeof createAnswerRepository>;

export function createAnswerRepository(db: Db) {
  const insert = db.prepare<[string, string, string, string, string, string, string, number]>(
    `INSERT INTO answers (team_id, user_id, question_id, situation, task, action, result, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string, number], AnswerRow>(`SELECT * FROM answers WHERE team_id = ? AND id = ?`);
  const posted = db.prepare<[string, string, string, number]>(
    `UPDATE answers SET posted_channel_id = ?, posted_ts = ?, posting_at = NULL
     WHERE team_id = ? AND id = ? AND posted_ts IS NULL`,
  );
  const claim = db.prepare<[number, string, number, number]>(
    `UPDATE answers SET posting_at = ?
     WHERE team_id = ? AND id = ? AND posted_ts IS NULL AND (posting_at IS NULL OR posting_at < ?)`,
  );
  const release = db.prepare<[string, number]>(
    `UPDATE answers SET posting_at = NULL WHERE team_id = ? AND id = ?`,
  );
  const ofUser = db.prepare<[string, string], AnswerRow>(
    `SELECT * FROM answers WHERE team_id = ? AND user_id = ? ORDER BY created_at, id`,
  );
  const latestOf = db.prepare<[string, string, number], AnswerRow>(
    `SELECT * FROM answers WHERE team_id = ? AND user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  const ownById = db.prepare<[string, string, number], AnswerRow>(
    `SELECT * FROM answers WHERE team_id = ? AND user_id = ? AND id = ?`,
  );
  const toAnswer = (row: AnswerRow): SavedAnswer =>
    readAnswer({
      id: row.id,
      teamId: row.team_id,
      userId: row.user_id,
      questionId: row.question_id,
      situation: row.situation,
      task: row.task,
      action: row.action,
      result: row.result,
      createdAt: row.created_at,
      postedChannelId: row.posted_channel_id,
      postedTs: row.posted_ts,
    });

  return {
    save(input: { teamId: string; userId: string; questionId: string; at: number } & StarAnswer): number {
      const { lastInsertRowid } = insert.run(
        input.teamId,
        input.userId,
        input.questionId,
        input.situation,
        input.task,
        input.action,
        input.result,
        input.at,
      );
      return Number(lastInsertRowid);
    },
    find(teamId: string, id: number): SavedAnswer | undefined {
      const row = byId.get(teamId, id);
      return row ? toAnswer(row) : undefined;
    },
    /** Claims posting the answer; false when it is posted, or being posted (a claim lasts a minute). */
    claimPosting(teamId: string, id: number, now: number): boolean {
      return claim.run(now, teamId, id, now - 60_000).changes === 1;
    },
    releasePosting(teamId: string, id: number): void {
      release.run(teamId, id);
    },
    /** Records where the answer was posted; false when it had been posted already. */
    markPosted(teamId: string, id: number, channelId: string, ts: string): boolean {
      return posted.run(channelId, ts, teamId, id).changes === 1;
    },
    ofUser(teamId: string, userId: string): SavedAnswer[] {
      return ofUser.all(teamId, userId).map(toAnswer);
    },
    /** A user's latest answers, newest first. */
    latestOf(teamId: string, userId: string, limit: number): SavedAnswer[] {
      return latestOf.all(teamId, userId, limit).map(toAnswer);
    },
    /** The answer with this id, if it is this user's in this workspace. */
    findOwn(teamId: string, userId: string, id: number): SavedAnswer | undefined {
      const row = ownById.get(teamId, userId, id);
      return row ? toAnswer(row) : undefined;
    },
  };
}
