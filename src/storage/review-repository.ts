import { type Reaction, type ReceivedReview, type Review, receivedReviewSchema } from '../domain/review.js';
import { type IsBot, type ReactionEvent, reactionEventSchema } from '../domain/scoring.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

/** A reaction into the ledger, with what Slack said about its reactor and when it came. */
type LedgerEntry = Reaction & {
  /** As Slack said when the event came; omitted or undefined (stored NULL): unknown, lookup failed. */
  readonly reactorIsBot?: IsBot;
  readonly at: number;
};

const readEvent = rowReader('reaction_events', reactionEventSchema);
const readReceived = rowReader('rubric_reviews', receivedReviewSchema);

export type ReviewRepository = ReturnType<typeof createReviewRepository>;

/** Reactions (an append-only ledger and the points derived from it) and rubric reviews. */
export function createReviewRepository(db: Db) {
  const addEvent = db.prepare<
    [string, string, string, string, string, string, number | null, string, number, number]
  >(
    `INSERT OR IGNORE INTO reaction_events
       (team_id, channel_id, message_ts, reactor_id, reaction, action, reactor_is_bot, event_id, event_time, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const eventsOf = db.prepare<
    [string, string, string, string],
    { reaction: string; action: string; event_time: number }
  >(
    `SELECT reaction, action, event_time FROM reaction_events
     WHERE team_id = ? AND channel_id = ? AND message_ts = ? AND reactor_id = ?`,
  );
  const setPoints = db.prepare<[string, string, string, string, string, number, number]>(
    `INSERT INTO reaction_points (team_id, channel_id, message_ts, reactor_id, author_id, points, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id, channel_id, message_ts, reactor_id) DO UPDATE SET
       points = excluded.points, updated_at = excluded.updated_at`,
  );
  const pointsOf = db.prepare<[string, string, string], { points: number | null }>(
    `SELECT sum(points) AS points FROM reaction_points WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  const upsertReview = db.prepare<
    [string, string, string, string, string, number, number, number, number, string, number, number]
  >(
    `INSERT INTO rubric_reviews (team_id, channel_id, message_ts, reviewer_id, author_id,
       situation, task, action, result, comment, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id, channel_id, message_ts, reviewer_id) DO UPDATE SET
       situation = excluded.situation, task = excluded.task, action = excluded.action,
       result = excluded.result, comment = excluded.comment, updated_at = excluded.updated_at`,
  );
  const dropPoints = db.prepare<[string, string, string]>(
    `DELETE FROM reaction_points WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  const dropReviews = db.prepare<[string, string, string]>(
    `DELETE FROM rubric_reviews WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  const reactorsOf = db.prepare<[string, string, string], { reactor_id: string }>(
    `SELECT DISTINCT reactor_id FROM reaction_events WHERE team_id = ? AND channel_id = ? AND message_ts = ?`,
  );
  // The latest kind Slack gave about a reactor, by arrival (NULL rows are lookups that failed).
  const kindOf = db.prepare<[string, string], { is_bot: number }>(
    `SELECT reactor_is_bot AS is_bot FROM reaction_events
     WHERE team_id = ? AND reactor_id = ? AND reactor_is_bot IS NOT NULL
     ORDER BY id DESC LIMIT 1`,
  );
  const reactedTo = db.prepare<[string, string], { channel_id: string; message_ts: string }>(
    `SELECT DISTINCT channel_id, message_ts FROM reaction_events WHERE team_id = ? AND reactor_id = ?`,
  );
  const reviewOf = db.prepare<[string, string, string, string], { created_at: number }>(
    `SELECT created_at FROM rubric_reviews WHERE team_id = ? AND channel_id = ? AND message_ts = ? AND reviewer_id = ?`,
  );

  const reviewsOn = db.prepare<
    [string, string, string, string],
    {
      reviewer_id: string;
      situation: number;
      task: number;
      action: number;
      result: number;
      comment: string;
      updated_at: number;
    }
  >(
    `SELECT reviewer_id, situation, task, action, result, comment, updated_at FROM rubric_reviews
     WHERE team_id = ? AND channel_id = ? AND message_ts = ? AND author_id = ?
     ORDER BY updated_at DESC, reviewer_id`,
  );

  return {
    /** Appends a reaction event; false when it was already recorded (a retry or a duplicate). */
    addReactionEvent(input: LedgerEntry): boolean {
      return (
        addEvent.run(
          input.teamId,
          input.channelId,
          input.messageTs,
          input.reactorId,
          input.reaction,
          input.action,
          input.reactorIsBot === undefined ? null : input.reactorIsBot ? 1 : 0,
          input.eventId,
          input.eventTime,
          input.at,
        ).changes === 1
      );
    },
    reactionEvents(teamId: string, channelId: string, messageTs: string, reactorId: string): ReactionEvent[] {
      return eventsOf
        .all(teamId, channelId, messageTs, reactorId)
        .map((row) => readEvent({ reaction: row.reaction, action: row.action, eventTime: row.event_time }));
    },
    setPoints(input: {
      teamId: string;
      channelId: string;
      messageTs: string;
      reactorId: string;
      authorId: string;
      points: number;
      at: number;
    }): void {
      setPoints.run(
        input.teamId,
        input.channelId,
        input.messageTs,
        input.reactorId,
        input.authorId,
        input.points,
        input.at,
      );
    },
    /** An answer was deleted: its points and reviews no longer count (the ledger keeps its events). */
    forgetAnswer(teamId: string, channelId: string, messageTs: string): void {
      dropPoints.run(teamId, channelId, messageTs);
      dropReviews.run(teamId, channelId, messageTs);
    },
    /**
     * A reply stopped being an answer (edited into a comment): its points no longer count. The ledger
     * keeps its reactions, so they count again if it becomes an answer again.
     */
    forgetPoints(teamId: string, channelId: string, messageTs: string): void {
      dropPoints.run(teamId, channelId, messageTs);
    },
    /** Who has reacted to a message (per the ledger). */
    reactorsOn(teamId: string, channelId: string, messageTs: string): string[] {
      return reactorsOf.all(teamId, channelId, messageTs).map((row) => row.reactor_id);
    },
    /** Whether a reactor is a bot, as Slack last said (per the ledger); undefined if it never said. */
    reactorIsBot(teamId: string, reactorId: string): IsBot {
      const row = kindOf.get(teamId, reactorId);
      return row === undefined ? undefined : row.is_bot === 1;
    },
    /** The messages a reactor has reacted to in a workspace (answers or not). */
    messagesReactedToBy(teamId: string, reactorId: string): Array<{ channelId: string; messageTs: string }> {
      return reactedTo
        .all(teamId, reactorId)
        .map((row) => ({ channelId: row.channel_id, messageTs: row.message_ts }));
    },
    answerPoints(teamId: string, channelId: string, messageTs: string): number {
      return pointsOf.get(teamId, channelId, messageTs)?.points ?? 0;
    },
    /** The rubric reviews of an answer, as its author received them: the latest first. */
    reviewsOf(teamId: string, channelId: string, messageTs: string, authorId: string): ReceivedReview[] {
      return reviewsOn.all(teamId, channelId, messageTs, authorId).map((row) =>
        readReceived({
          situation: row.situation,
          task: row.task,
          action: row.action,
          result: row.result,
          comment: row.comment,
          reviewerId: row.reviewer_id,
          at: row.updated_at,
        }),
      );
    },
    /** Saves a rubric review; true when it replaced the reviewer's earlier one. */
    saveReview(review: Review): boolean {
      const replaced =
        reviewOf.get(review.teamId, review.channelId, review.messageTs, review.reviewerId) !== undefined;
      upsertReview.run(
        review.teamId,
        review.channelId,
        review.messageTs,
        review.reviewerId,
        review.authorId,
        review.situation,
        review.task,
        review.action,
        review.result,
        review.comment,
        review.at,
        review.at,
      );
      return replaced;
    },
  };
}
