import { z } from 'zod';
import { practiceEventSchema } from '../domain/practice.js';
import { reviewSchema } from '../domain/review.js';
import { savedAnswerSchema } from '../domain/saved-answer.js';
import { threadAnswerSchema } from '../domain/thread-answer.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

const star = { situation: true, task: true, action: true, result: true } as const;
const starText = { situation: z.string(), task: z.string(), action: z.string(), result: z.string() };

/** What an export holds of each record: the domain's fields, those a user's own data needs. */
const readPractice = rowReader(
  'practice_events',
  practiceEventSchema.unwrap().pick({ questionId: true, kind: true, rating: true, source: true, at: true }),
);
const readPrivateAnswer = rowReader(
  'answers',
  savedAnswerSchema
    .unwrap()
    .pick({ ...star, questionId: true, createdAt: true, postedChannelId: true, postedTs: true }),
);
const readChannelAnswer = rowReader(
  'thread_answers',
  threadAnswerSchema.unwrap().pick({
    channelId: true,
    messageTs: true,
    threadTs: true,
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

const readStory = rowReader(
  'stories',
  z.object({
    ...starText,
    title: z.string(),
    lesson: z.string(),
    categories: z.string(),
    createdAt: z.number(),
  }),
);

/** Tables holding a user's rows, and which columns name the user (each searched through an index). */
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
  ['leaderboard_privacy', ['user_id']],
  // Mock interviews: their opt-ins, their places in groups (the group stays for the others), the
  // interviews they led or sat, the feedback they gave or got.
  ['pairs_members', ['user_id']],
  ['pairs_group_members', ['user_id']],
  ['pairs_interviews', ['interviewer', 'candidate']],
  ['mock_feedback', ['interviewer', 'candidate']],
  // The story bank: each story's categories first (they would go with their story anyway), then the stories.
  ['story_categories', ['user_id']],
  ['stories', ['user_id']],
] as const satisfies ReadonlyArray<readonly [table: string, columns: readonly string[]]>;
type UserTable = (typeof userColumns)[number][0];
type DeletedKind = UserTable | 'reminder_messages' | 'shared_questions' | 'subscriptions';

/**
 * What forget-me counts: rows deleted per table (reminder_messages: the user's reminder DMs in the
 * outbox), and rows that stay for the channel with the user's name taken off (shared_questions,
 * subscriptions).
 */
export type DeletedCounts = Record<DeletedKind, number>;

/** Counts of every kind, zero where nothing went (`counts` may hold only some). */
export function deletedCounts(counts: Readonly<Record<string, number>>): DeletedCounts {
  const kinds: DeletedKind[] = [
    ...userColumns.map(([table]) => table),
    'reminder_messages',
    'shared_questions',
    'subscriptions',
  ];
  return Object.fromEntries(kinds.map((kind) => [kind, counts[kind] ?? 0])) as DeletedCounts;
}

export type PersonalDataRepository = ReturnType<typeof createPersonalDataRepository>;

/** A user's own data in one workspace: to take out (export) and to delete (forget-me). */
export function createPersonalDataRepository(db: Db) {
  /** Deletes the rows of `table` that `rowids` picks (its parameters: team, user, at most how many). */
  const deleting = (table: string, rowids: string) =>
    db.prepare<[string, string, number]>(`DELETE FROM ${table} WHERE rowid IN (${rowids})`);
  // In order: the reactions on the user's answers are found through their answers, so they go first
  // (CROSS JOIN: from the user's answers, never from all of the workspace's reactions).
  const steps: ReadonlyArray<readonly [DeletedKind, ReturnType<typeof deleting>]> = [
    [
      'reaction_events',
      deleting(
        'reaction_events',
        `SELECT r.rowid FROM thread_answers a CROSS JOIN reaction_events r ON r.team_id = a.team_id
           AND r.channel_id = a.channel_id AND r.message_ts = a.message_ts
         WHERE a.team_id = ? AND a.user_id = ? LIMIT ?`,
      ),
    ],
    ...userColumns.flatMap(([table, columns]) =>
      columns.map(
        (column) =>
          [
            table,
            deleting(table, `SELECT rowid FROM ${table} WHERE team_id = ? AND ${column} = ? LIMIT ?`),
          ] as const,
      ),
    ),
    [
      'reminder_messages',
      deleting(
        'daily_outbox',
        `SELECT rowid FROM daily_outbox WHERE team_id = ? AND channel_id = ? AND kind = 'reminder' LIMIT ?`,
      ),
    ],
    [
      // Interviewer packets addressed to them ('packet:<group>:<user>').
      'reminder_messages',
      deleting(
        'daily_outbox',
        `SELECT rowid FROM daily_outbox WHERE team_id = ? AND kind = 'pairs_packet'
           AND channel_id LIKE 'packet:%:' || ? LIMIT ?`,
      ),
    ],
    [
      // Mock-interview rounds they turned on stay for the channel, without their id.
      'subscriptions',
      db.prepare<[string, string, number]>(
        `UPDATE pairs_settings SET created_by = '' WHERE rowid IN (
           SELECT rowid FROM pairs_settings WHERE team_id = ? AND created_by = ? LIMIT ?)`,
      ),
    ],
    // Shared questions and subscriptions belong to the channel: they stay, without the user's id.
    [
      'shared_questions',
      db.prepare<[string, string, number]>(
        `UPDATE shared_questions SET shared_by = '' WHERE rowid IN (
           SELECT rowid FROM shared_questions WHERE team_id = ? AND shared_by = ? LIMIT ?)`,
      ),
    ],
    [
      'subscriptions',
      db.prepare<[string, string, number]>(
        `UPDATE subscriptions SET created_by = '' WHERE rowid IN (
           SELECT rowid FROM subscriptions WHERE team_id = ? AND created_by = ? LIMIT ?)`,
      ),
    ],
    [
      // "paused by <@U…>" in a channel's pause: the pause stays, the name goes.
      'subscriptions',
      db.prepare<[string, string, number]>(
        `UPDATE subscriptions SET pause_reason = 'paused by someone who has since left' WHERE rowid IN (
           SELECT rowid FROM subscriptions WHERE team_id = ? AND pause_reason = 'paused by <@' || ? || '>' LIMIT ?)`,
      ),
    ],
  ];
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
      posted_ts: string | null;
    }
  >(
    `SELECT question_id, situation, task, action, result, created_at, posted_channel_id, posted_ts FROM answers
     WHERE team_id = ? AND user_id = ? ORDER BY created_at, id`,
  );
  const channelAnswers = db.prepare<
    [string, string],
    {
      channel_id: string;
      message_ts: string;
      thread_ts: string;
      question_id: string;
      source: string;
      text: string;
      created_at: number;
    }
  >(
    `SELECT channel_id, message_ts, thread_ts, question_id, source, text, created_at FROM thread_answers
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
  const stories = db.prepare<
    [string, string],
    {
      title: string;
      situation: string;
      task: string;
      action: string;
      result: string;
      lesson: string;
      categories: string;
      created_at: number;
    }
  >(
    `SELECT s.title, s.situation, s.task, s.action, s.result, s.lesson, s.created_at,
       (SELECT group_concat(c.category, '; ') FROM (
          SELECT category FROM story_categories WHERE story_id = s.id ORDER BY position) c) AS categories
     FROM stories s WHERE s.team_id = ? AND s.user_id = ? ORDER BY s.id`,
  );
  return {
    /** Everything the user wrote or did in the workspace, and the reviews they received, oldest first. */
    exportRows(teamId: string, userId: string) {
      return {
        /** The user's own stories (the story bank), oldest first; categories joined with "; ". */
        stories: stories.all(teamId, userId).map((row) =>
          readStory({
            title: row.title,
            situation: row.situation,
            task: row.task,
            action: row.action,
            result: row.result,
            lesson: row.lesson,
            categories: row.categories ?? '',
            createdAt: row.created_at,
          }),
        ),
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
            postedTs: row.posted_ts,
          }),
        ),
        channelAnswers: channelAnswers.all(teamId, userId).map((row) =>
          readChannelAnswer({
            channelId: row.channel_id,
            messageTs: row.message_ts,
            threadTs: row.thread_ts,
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
    /**
     * Deletes the user's rows in the workspace (and takes their name off the channel's), at most
     * `limit` rows in all (default: every row); returns the count per kind. Run it in a
     * transaction; a call that changes nothing means the user is gone.
     */
    deleteUser(teamId: string, userId: string, limit = Number.POSITIVE_INFINITY): DeletedCounts {
      const counts: Record<string, number> = {};
      let left = limit;
      for (const [kind, statement] of steps) {
        if (left <= 0) break;
        const n = statement.run(teamId, userId, Number.isFinite(left) ? left : -1).changes;
        counts[kind] = (counts[kind] ?? 0) + n;
        left -= n;
      }
      return deletedCounts(counts);
    },
  };
}
