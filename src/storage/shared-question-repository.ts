import type { Db } from './database.js';

export type SharedQuestionRepository = ReturnType<typeof createSharedQuestionRepository>;

/** Questions posted to a channel with "Post to channel"; their threads hold the team's answers. */
export function createSharedQuestionRepository(db: Db) {
  const insert = db.prepare<[string, string, string, string, string, number]>(
    `INSERT INTO shared_questions (team_id, channel_id, message_ts, question_id, shared_by, shared_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const find = db.prepare<
    [string, string, string],
    { question_id: string; shared_by: string; shared_at: number }
  >(
    `SELECT question_id, shared_by, shared_at FROM shared_questions
     WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  return {
    record(input: {
      teamId: string;
      channelId: string;
      ts: string;
      questionId: string;
      sharedBy: string;
      at: number;
    }) {
      insert.run(input.teamId, input.channelId, input.ts, input.questionId, input.sharedBy, input.at);
    },
    find(teamId: string, channelId: string, ts: string) {
      const row = find.get(teamId, channelId, ts);
      return row
        ? { questionId: row.question_id, sharedBy: row.shared_by, sharedAt: row.shared_at }
        : undefined;
    },
  };
}
