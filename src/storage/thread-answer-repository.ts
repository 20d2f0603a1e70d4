import type { AnswerKind } from '../domain/answer-kind.js';
import { type ThreadAnswer, threadAnswerSchema } from '../domain/thread-answer.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

type Row = {
  team_id: string;
  channel_id: string;
  message_ts: string;
  thread_ts: string;
  user_id: string;
  question_id: string;
  source: string;
  text: string;
  kind: string | null;
  created_at: number;
  edited_at: number | null;
};

const readAnswer = rowReader('thread_answers', threadAnswerSchema);

export type ThreadAnswerRepository = ReturnType<typeof createThreadAnswerRepository>;

/** Answers given in channels: thread replies and modal answers posted into threads. */
export function createThreadAnswerRepository(db: Db) {
  const insert = db.prepare<[string, string, string, string, string, string, string, string, string, number]>(
    `INSERT INTO thread_answers (team_id, channel_id, message_ts, thread_ts, user_id, question_id, source, text, kind, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id, channel_id, message_ts) DO NOTHING`,
  );
  const edit = db.prepare<{
    text: string;
    kind: string;
    at: number;
    time: number | null;
    team: string;
    channel: string;
    ts: string;
  }>(
    `UPDATE thread_answers SET text = @text, kind = @kind, edited_at = @at, edit_time = coalesce(@time, edit_time)
     WHERE team_id = @team AND channel_id = @channel AND message_ts = @ts
       AND (@time IS NULL OR edit_time IS NULL OR edit_time < @time)`,
  );
  const setKind = db.prepare<[string, string, string, string]>(
    `UPDATE thread_answers SET kind = ? WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  const unclassifiedTeams = db.prepare<[], { team_id: string }>(
    `SELECT DISTINCT team_id FROM thread_answers WHERE kind IS NULL`,
  );
  const unclassified = db.prepare<[string, number], Row>(
    `SELECT * FROM thread_answers WHERE team_id = ? AND kind IS NULL LIMIT ?`,
  );
  const remove = db.prepare<[string, string, string]>(
    `DELETE FROM thread_answers WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  const inThread = db.prepare<[string, string, string], Row>(
    `SELECT * FROM thread_answers WHERE team_id = ? AND channel_id = ? AND thread_ts = ? ORDER BY message_ts`,
  );
  const coached = db.prepare<[number, string, string, string]>(
    `UPDATE thread_answers SET coached_at = ? WHERE team_id = ? AND channel_id = ? AND message_ts = ? AND coached_at IS NULL`,
  );
  const recentOf = db.prepare<[string, string, number], { text: string }>(
    `SELECT text FROM thread_answers WHERE team_id = ? AND user_id = ? AND thread_ts <> message_ts
       AND kind = 'answer'
     ORDER BY created_at DESC LIMIT ?`,
  );
  // A private answer its author posted is in `answers` (posted_channel_id, posted_ts) and here as a
  // post of the STAR form at the top of the channel (its own thread): it is listed once, from `answers`.
  const latestAnswersOf = db.prepare<[string, string, number], Row>(
    `SELECT * FROM thread_answers WHERE team_id = ? AND user_id = ? AND kind = 'answer'
       AND (source = 'reply' OR thread_ts <> message_ts)
     ORDER BY created_at DESC, message_ts DESC LIMIT ?`,
  );
  const ownAnswer = db.prepare<[string, string, string, string], Row>(
    `SELECT * FROM thread_answers WHERE team_id = ? AND user_id = ? AND channel_id = ? AND message_ts = ?
       AND kind = 'answer'`,
  );
  const one = db.prepare<[string, string, string], Row>(
    `SELECT * FROM thread_answers WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  const toAnswer = (row: Row): ThreadAnswer =>
    readAnswer({
      teamId: row.team_id,
      channelId: row.channel_id,
      messageTs: row.message_ts,
      threadTs: row.thread_ts,
      userId: row.user_id,
      questionId: row.question_id,
      source: row.source,
      text: row.text,
      kind: row.kind,
      createdAt: row.created_at,
      editedAt: row.edited_at,
    });
  return {
    /** Records an answer once; a retried event changes nothing. */
    add(answer: Omit<ThreadAnswer, 'editedAt' | 'kind'> & { kind: AnswerKind }): boolean {
      return (
        insert.run(
          answer.teamId,
          answer.channelId,
          answer.messageTs,
          answer.threadTs,
          answer.userId,
          answer.questionId,
          answer.source,
          answer.text,
          answer.kind,
          answer.createdAt,
        ).changes === 1
      );
    },
    /**
     * Applies an edit; one at `editTime` (Slack's time, microseconds) no newer than the last applied
     * changes nothing. An edit without a time is applied.
     */
    edit(
      input: {
        teamId: string;
        channelId: string;
        ts: string;
        text: string;
        kind: AnswerKind;
        editTime?: number;
      },
      at: number,
    ): boolean {
      return (
        edit.run({
          text: input.text,
          kind: input.kind,
          at,
          time: input.editTime ?? null,
          team: input.teamId,
          channel: input.channelId,
          ts: input.ts,
        }).changes === 1
      );
    },
    remove(teamId: string, channelId: string, messageTs: string): boolean {
      return remove.run(teamId, channelId, messageTs).changes === 1;
    },
    /** Claims coaching an answer; false when it was coached already (at most once per answer). */
    claimCoaching(teamId: string, channelId: string, messageTs: string, now: number): boolean {
      return coached.run(now, teamId, channelId, messageTs).changes === 1;
    },
    /** Decides the kind of a reply stored before kinds existed. */
    setKind(teamId: string, channelId: string, messageTs: string, kind: AnswerKind): void {
      setKind.run(kind, teamId, channelId, messageTs);
    },
    /** The workspaces with replies stored before kinds existed. */
    unclassifiedTeams(): string[] {
      return unclassifiedTeams.all().map((row) => row.team_id);
    },
    /** A workspace's replies stored before kinds existed, a batch at a time. */
    unclassified(teamId: string, limit: number): ThreadAnswer[] {
      return unclassified.all(teamId, limit).map(toAnswer);
    },
    /** The texts of a user's latest answers in channels (answers only, not comments). */
    recentTexts(teamId: string, userId: string, limit: number): string[] {
      return recentOf.all(teamId, userId, limit).map((row) => row.text);
    },
    /**
     * A user's latest answers in channel threads (answers only, not comments or filler), newest first;
     * without the private answers they posted, which `answers` holds.
     */
    latestAnswersOf(teamId: string, userId: string, limit: number): ThreadAnswer[] {
      return latestAnswersOf.all(teamId, userId, limit).map(toAnswer);
    },
    /** This message, if it is an answer (not a comment or filler) of this user in this workspace. */
    findOwnAnswer(
      teamId: string,
      userId: string,
      channelId: string,
      messageTs: string,
    ): ThreadAnswer | undefined {
      const row = ownAnswer.get(teamId, userId, channelId, messageTs);
      return row ? toAnswer(row) : undefined;
    },
    /** The answer that is this message, if it is one. */
    find(teamId: string, channelId: string, messageTs: string): ThreadAnswer | undefined {
      const row = one.get(teamId, channelId, messageTs);
      return row ? toAnswer(row) : undefined;
    },
    inThread(teamId: string, channelId: string, threadTs: string): ThreadAnswer[] {
      return inThread.all(teamId, channelId, threadTs).map(toAnswer);
    },
  };
}
