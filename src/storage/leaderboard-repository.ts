import { type ReceivedReview, receivedReviewSchema } from '../domain/review.js';
import {
  type AnswererTally,
  answererTallySchema,
  type ReviewerTally,
  reviewerTallySchema,
  type TopAnswer,
  topAnswerSchema,
} from '../domain/scoring.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

const readAnswerer = rowReader('thread_answers', answererTallySchema);
const readReviewer = rowReader('rubric_reviews', reviewerTallySchema);
const readTopAnswer = rowReader('thread_answers', topAnswerSchema);
const readReceived = rowReader('rubric_reviews', receivedReviewSchema);

export type LeaderboardRepository = ReturnType<typeof createLeaderboardRepository>;

/** People who hid themselves from leaderboards and the recap are on none of them. */
const shown = (team: string, user: string) =>
  `NOT EXISTS (SELECT 1 FROM leaderboard_privacy h WHERE h.team_id = ${team} AND h.user_id = ${user} AND h.hidden = 1)`;

/**
 * Read side of peer review: leaderboards, top answers, per-user totals, and the last display name
 * Slack gave for each user (shown when Slack cannot be asked); who chose to be on no leaderboard.
 */
export function createLeaderboardRepository(db: Db) {
  // One channel's board (`AND channel_id = ?`), or the workspace's across every channel.
  const answerersSql = (inChannel: string) =>
    `SELECT a.user_id AS user_id, count(*) AS answers,
            coalesce(sum((SELECT sum(p.points) FROM reaction_points p
                          WHERE p.team_id = a.team_id AND p.channel_id = a.channel_id AND p.message_ts = a.message_ts)), 0) AS points
     FROM thread_answers a
     WHERE a.team_id = ? ${inChannel} AND a.created_at >= ? AND a.created_at < ? AND a.kind = 'answer'
       AND ${shown('a.team_id', 'a.user_id')}
     GROUP BY a.user_id
     ORDER BY points DESC, answers DESC, a.user_id
     LIMIT ?`;
  type AnswererRow = { user_id: string; answers: number; points: number };
  const answerers = db.prepare<[string, string, number, number, number], AnswererRow>(
    answerersSql('AND a.channel_id = ?'),
  );
  const workspaceAnswerers = db.prepare<[string, number, number, number], AnswererRow>(answerersSql(''));
  const reviewersSql = (inChannel: string) =>
    `SELECT reviewer_id, count(*) AS reviews FROM rubric_reviews
     WHERE team_id = ? ${inChannel} AND created_at >= ? AND created_at < ?
       AND ${shown('rubric_reviews.team_id', 'rubric_reviews.reviewer_id')}
     GROUP BY reviewer_id
     ORDER BY reviews DESC, reviewer_id
     LIMIT ?`;
  type ReviewerRow = { reviewer_id: string; reviews: number };
  const reviewers = db.prepare<[string, string, number, number, number], ReviewerRow>(
    reviewersSql('AND channel_id = ?'),
  );
  const workspaceReviewers = db.prepare<[string, number, number, number], ReviewerRow>(reviewersSql(''));
  const topAnswers = db.prepare<
    [string, string, number, number, number],
    { message_ts: string; user_id: string; question_id: string; points: number }
  >(
    `SELECT a.message_ts, a.user_id, a.question_id,
            coalesce((SELECT sum(p.points) FROM reaction_points p
                      WHERE p.team_id = a.team_id AND p.channel_id = a.channel_id AND p.message_ts = a.message_ts), 0) AS points
     FROM thread_answers a
     WHERE a.team_id = ? AND a.channel_id = ? AND a.created_at >= ? AND a.created_at < ? AND a.kind = 'answer'
       AND ${shown('a.team_id', 'a.user_id')}
       AND points > 0
     ORDER BY points DESC, a.created_at, a.message_ts
     LIMIT ?`,
  );
  const pointsReceived = db.prepare<[string, string], { points: number | null }>(
    `SELECT sum(points) AS points FROM reaction_points WHERE team_id = ? AND author_id = ?`,
  );
  const reviewsGiven = db.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM rubric_reviews WHERE team_id = ? AND reviewer_id = ?`,
  );
  const answersInChannels = db.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM thread_answers WHERE team_id = ? AND user_id = ? AND kind = 'answer'`,
  );
  const setHidden = db.prepare<[string, string, number, number]>(
    `INSERT INTO leaderboard_privacy (team_id, user_id, hidden, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (team_id, user_id) DO UPDATE SET hidden = excluded.hidden, updated_at = excluded.updated_at`,
  );
  const hidden = db.prepare<[string, string], { hidden: number }>(
    `SELECT hidden FROM leaderboard_privacy WHERE team_id = ? AND user_id = ?`,
  );
  const reviewsReceived = db.prepare<
    [string, string, string, string],
    {
      situation: number;
      task: number;
      action: number;
      result: number;
      comment: string;
      reviewer_id: string;
      updated_at: number;
    }
  >(
    // Rubric reviews of the user's answers, and the scores of their mock interviews (the interviewer
    // reviews the candidate with the same rubric): both count in their peer rubric.
    `SELECT situation, task, action, result, comment, reviewer_id, updated_at FROM rubric_reviews
     WHERE team_id = ? AND author_id = ?
     UNION ALL
     SELECT situation, task, action, result, comment, interviewer AS reviewer_id, at AS updated_at FROM mock_feedback
     WHERE team_id = ? AND candidate = ?
     ORDER BY updated_at DESC`,
  );
  // Written only when the name changed: a lookup that hits Slack again an hour later writes nothing.
  const rememberName = db.prepare<[string, string, string, number]>(
    `INSERT INTO display_names (team_id, user_id, name, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (team_id, user_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
     WHERE display_names.name <> excluded.name`,
  );
  const lastKnownName = db.prepare<[string, string], { name: string }>(
    `SELECT name FROM display_names WHERE team_id = ? AND user_id = ?`,
  );

  return {
    /** Keeps the display name Slack just gave for a user of a workspace. */
    rememberName(teamId: string, userId: string, name: string, at: number): void {
      rememberName.run(teamId, userId, name, at);
    },
    /** The last display name Slack gave for that user in that workspace, if any. */
    lastKnownName(teamId: string, userId: string): string | undefined {
      return lastKnownName.get(teamId, userId)?.name;
    },
    /** Hides a person from leaderboards and the recap, or shows them again. */
    setHidden(teamId: string, userId: string, hide: boolean, at: number): void {
      setHidden.run(teamId, userId, hide ? 1 : 0, at);
    },
    /** Whether a person hid themselves from leaderboards and the recap. */
    isHidden(teamId: string, userId: string): boolean {
      return hidden.get(teamId, userId)?.hidden === 1;
    },
    /** What anyone in the channel can see of a person: points, answers posted, reviews given. */
    publicTotals(
      teamId: string,
      userId: string,
    ): { pointsReceived: number; answersInChannels: number; reviewsGiven: number } {
      return {
        pointsReceived: pointsReceived.get(teamId, userId)?.points ?? 0,
        answersInChannels: answersInChannels.get(teamId, userId)?.n ?? 0,
        reviewsGiven: reviewsGiven.get(teamId, userId)?.n ?? 0,
      };
    },
    /**
     * The top answerers of a channel, or of the whole workspace (`channelId` null): points, then
     * answers, then user id (a deterministic order).
     */
    answerers(
      teamId: string,
      channelId: string | null,
      since: number,
      until: number,
      limit = 10,
    ): AnswererTally[] {
      const rows =
        channelId === null
          ? workspaceAnswerers.all(teamId, since, until, limit)
          : answerers.all(teamId, channelId, since, until, limit);
      return rows.map((r) => readAnswerer({ userId: r.user_id, answers: r.answers, points: r.points }));
    },
    /** The top reviewers of a channel, or of the workspace (`channelId` null): reviews given, then user id. */
    reviewers(
      teamId: string,
      channelId: string | null,
      since: number,
      until: number,
      limit = 5,
    ): ReviewerTally[] {
      const rows =
        channelId === null
          ? workspaceReviewers.all(teamId, since, until, limit)
          : reviewers.all(teamId, channelId, since, until, limit);
      return rows.map((r) => readReviewer({ userId: r.reviewer_id, reviews: r.reviews }));
    },
    /** The answers with the most points (only those with any), most first. */
    topAnswers(teamId: string, channelId: string, since: number, until: number, limit: number): TopAnswer[] {
      return topAnswers.all(teamId, channelId, since, until, limit).map((r) =>
        readTopAnswer({
          messageTs: r.message_ts,
          userId: r.user_id,
          questionId: r.question_id,
          points: r.points,
        }),
      );
    },
    /** A user's points received and reviews given, and the reviews they received, latest first. */
    userTotals(
      teamId: string,
      userId: string,
    ): { pointsReceived: number; reviewsGiven: number; reviewsReceived: ReceivedReview[] } {
      return {
        pointsReceived: pointsReceived.get(teamId, userId)?.points ?? 0,
        reviewsGiven: reviewsGiven.get(teamId, userId)?.n ?? 0,
        reviewsReceived: reviewsReceived.all(teamId, userId, teamId, userId).map((r) =>
          readReceived({
            situation: r.situation,
            task: r.task,
            action: r.action,
            result: r.result,
            comment: r.comment,
            reviewerId: r.reviewer_id,
            at: r.updated_at,
          }),
        ),
      };
    },
  };
}
