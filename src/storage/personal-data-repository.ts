import { practiceEventSchema } from '../domain/practice.js';
import { reviewSchema } from '../domain/review.js';
import { savedAnswerSchema } from '../domain/saved-answer.js';
import { threadAnswerSchema } from '../domain/thread-answer.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

const star = { situation: true, task: true, action: true, result: true } as const;

/** What an export holds of each record: the domain's fields, those a user's own data needs. */
const readPractice = rowReader(
  'practice_events',
  practiceEventSchema.unwrap().pick({ questionId: true, kind: true, rating: true, source: true, at: true }),
);
const readPrivateAnswer = rowReader(
  'answers',
  savedAnswerSchema.unwrap().pick({ ...star, questionId: true, createdAt: true, postedChannelId: true }),
);
const readChannelAnswer = rowReader(
  'thread_answers',
  threadAnswerSchema.unwrap().pick({
    channelId: true,
    messageTs: true,
    questionId: true,
    source: true,
    text: true,
    createdAt: true,
  }),
);
const readReviewReceived = rowReader(
  'rubric_reviews',
  reviewSchema
    .unwrap()
    .pick({ ...star, channelId: true, messageTs: true, reviewerId: true, comment: true, at: true }),
);

/** Tables holding a user's rows, and which columns name the user. */
const userColumns = [
  ['practice_events', ['user_id']],
  ['answers', ['user_id']],
  ['review_cards', ['user_id']],
  ['reminders', ['user_id']],
  ['thread_answers', ['user_id']],
  ['reaction_events', ['reactor_id']],
  ['reaction_points', ['reactor_id', 'author_id']],
  ['rubric_reviews', ['reviewer_id', 'author_id']],
  ['display_names', ['user_id']],
] as const satisfies ReadonlyArray<readonly [table: string, columns: readonly string[]]>;
type UserTable = (typeof userColumns)[number][0];

/**
 * What forget-me counts: rows deleted per table (reminder_messages: the user's reminder DMs in the
 * outbox), and rows that stay for the channel with the user's name taken off (shared_questions,
 * subscriptions).
 */
export type DeletedCounts = Record<
  UserTable | 'reminder_messages' | 'shared_questions' | 'subscriptions',
  number
>;

export type PersonalDataRepository = ReturnType<typeof createPersonalDataRepository>;

/** A user's own data in one workspace: to take out (export) and to delete (forget-me). */
export function createPersonalDataRepository(db: Db) {
  const deletes = userColumns.map(
    ([table, columns]) =>
      [
        table,
        db.prepare<string[]>(
          `DELETE FROM ${table} WHERE team_id = ? AND (${columns.map((c) => `${c} = ?`).join(' OR ')})`,
        ),
        columns.length,
      ] as const,
  );
  const reactionsOnTheirAnswers = db.prepare<[string, string]>(
    `DELETE FROM reaction_events WHERE team_id = ? AND EXISTS (
       SELECT 1 FROM thread_answers a WHERE a.team_id = reaction_events.team_id
         AND a.channel_id = reaction_events.channel_id AND a.message_ts = reaction_events.message_ts AND a.user_id = ?)`,
  );
  const reminderRows = db.prepare<[string, string]>(
    `DELETE FROM daily_outbox WHERE team_id = ? AND kind = 'reminder' AND channel_id = ?`,
  );
  // Shared questions and subscriptions belong to the channel: they stay, without the user's id.
  const unshare = db.prepare<[string, string]>(
    `UPDATE shared_questions SET shared_by = '' WHERE team_id = ? AND shared_by = ?`,
  );
  const unsubscriber = db.prepare<[string, string]>(
    `UPDATE subscriptions SET created_by = '' WHERE team_id = ? AND created_by = ?`,
  );
  const practice = db.prepare<
    [string, string],
    { question_id: string; kind: string; rating: number | null; source: string; at: number }
  >(
    `SELECT question_id, kind, rating, source, at FROM practice_events WHERE team_id = ? AND user_id = ? ORDER BY at, id`,
  );
  const privateAnswers = db.prepare<
    [string, string],
    {
      question_id: string;
      situation: string;
      task: string;
      action: string;
      result: string;
      created_at: number;
      posted_channel_id: string | null;
    }
  >(
    `SELECT question_id, situation, task, action, result, created_at, posted_channel_id FROM answers
     WHERE team_id = ? AND user_id = ? ORDER BY created_at, id`,
  );
  const channelAnswers = db.prepare<
    [string, string],
    {
      channel_id: string;
      message_ts: string;
      question_id: string;
      source: string;
      text: string;
      created_at: number;
    }
  >(
    `SELECT channel_id, message_ts, question_id, source, text, created_at FROM thread_answers
     WHERE team_id = ? AND user_id = ? AND (source = 'reply' OR thread_ts <> message_ts)
     ORDER BY created_at, message_ts`,
  );
  const reviewsReceived = db.prepare<
    [string, string],
    {
      channel_id: string;
      message_ts: string;
      reviewer_id: string;
      situation: number;
      task: number;
      action: number;
      result: number;
      comment: string;
      updated_at: number;
    }
  >(
    `SELECT channel_id, message_ts, reviewer_id, situation, task, action, result, comment, updated_at FROM rubric_reviews
     WHERE team_id = ? AND author_id = ? ORDER BY updated_at`,
  );
  return {
    /** Everything the user wrote or did in the workspace, and the reviews they received, oldest first. */
    exportRows(teamId: string, userId: string) {
      return {
        practice: practice.all(teamId, userId).map((row) =>
          readPractice({
            questionId: row.question_id,
            kind: row.kind,
            rating: row.rating,
            source: row.source,
            at: row.at,
          }),
        ),
        privateAnswers: privateAnswers.all(teamId, userId).map((row) =>
          readPrivateAnswer({
            questionId: row.question_id,
            situation: row.situation,
            task: row.task,
            action: row.action,
            result: row.result,
            createdAt: row.created_at,
            postedChannelId: row.posted_channel_id,
          }),
        ),
        channelAnswers: channelAnswers.all(teamId, userId).map((row) =>
          readChannelAnswer({
            channelId: row.channel_id,
            messageTs: row.message_ts,
            questionId: row.question_id,
            source: row.source,
            text: row.text,
            createdAt: row.created_at,
          }),
        ),
        reviewsReceived: reviewsReceived.all(teamId, userId).map((row) =>
          readReviewReceived({
            channelId: row.channel_id,
            messageTs: row.message_ts,
            reviewerId: row.reviewer_id,
            situation: row.situation,
            task: row.task,
            action: row.action,
            result: row.result,
            comment: row.comment,
            at: row.updated_at,
          }),
        ),
      };
    },
    /** Deletes every row of the user in the workspace; returns the count per table. Run in a transaction. */
    deleteUser(teamId: string, userId: string): DeletedCounts {
      // Before thread_answers goes: it finds the reactions on the user's answers.
      const onTheirAnswers = reactionsOnTheirAnswers.run(teamId, userId).changes;
      const deleted = Object.fromEntries(
        deletes.map(([table, statement, columns]) => [
          table,
          statement.run(teamId, ...Array.from({ length: columns }, () => userId)).changes,
        ]),
      ) as Record<UserTable, number>;
      return {
        ...deleted,
        reaction_events: deleted.reaction_events + onTheirAnswers,
        reminder_messages: reminderRows.run(teamId, userId).changes,
        shared_questions: unshare.run(teamId, userId).changes,
        subscriptions: unsubscriber.run(teamId, userId).changes,
      };
    },
  };
}
