import { type PracticeEvent, type PracticeKind, practiceEventSchema } from '../domain/practice.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

type EventRow = {
  team_id: string;
  user_id: string;
  question_id: string;
  kind: string;
  rating: number | null;
  source: string;
  at: number;
};

const readEvent = rowReader('practice_events', practiceEventSchema);

export type PracticeRepository = ReturnType<typeof createPracticeRepository>;

/** Practice history: every view, reveal, follow-up, rating and answer, per workspace and user. */
export function createPracticeRepository(db: Db) {
  const insert = db.prepare<[string, string, string, PracticeKind, number | null, string, number]>(
    `INSERT INTO practice_events (team_id, user_id, question_id, kind, rating, source, at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const lastSeen = db.prepare<[string, string], { question_id: string; at: number }>(
    `SELECT question_id, max(at) AS at FROM practice_events
     WHERE team_id = ? AND user_id = ? GROUP BY question_id`,
  );
  const practiced = db.prepare<[string, string], { question_id: string }>(
    `SELECT DISTINCT question_id FROM practice_events
     WHERE team_id = ? AND user_id = ? AND kind <> 'view'`,
  );
  const events = db.prepare<[string, string], EventRow>(
    `SELECT team_id, user_id, question_id, kind, rating, source, at FROM practice_events
     WHERE team_id = ? AND user_id = ? ORDER BY at, id`,
  );

  // One pass over the user's rows for what `/star question` weighs: when each question was last seen,
  // and its self-ratings (only ratings carry one: the table's CHECK).
  const seenAndRated = db.prepare<
    [string, string],
    { question_id: string; at: number; ratings: number; total: number }
  >(
    `SELECT question_id, max(at) AS at, count(rating) AS ratings, total(rating) AS total FROM practice_events
     WHERE team_id = ? AND user_id = ? GROUP BY question_id`,
  );
  const ratings = db.prepare<[string, string], { question_id: string; rating: number }>(
    `SELECT question_id, rating FROM practice_events WHERE team_id = ? AND user_id = ? AND kind = 'rating'`,
  );
  return {
    /** The user's self-ratings (question and 1–4), for the weakest category. */
    ratingsOf(teamId: string, userId: string): Array<{ questionId: string; rating: number }> {
      return ratings.all(teamId, userId).map((row) => ({ questionId: row.question_id, rating: row.rating }));
    },
    record(event: PracticeEvent): void {
      insert.run(
        event.teamId,
        event.userId,
        event.questionId,
        event.kind,
        event.rating,
        event.source,
        event.at,
      );
    },
    /**
     * In one read, `lastSeen` and the user's self-ratings summed per question (`count` ratings adding
     * up to `total`; questions never rated have none).
     */
    seenAndRated(
      teamId: string,
      userId: string,
    ): {
      lastSeen: Map<string, number>;
      ratings: Array<{ questionId: string; count: number; total: number }>;
    } {
      const lastSeen = new Map<string, number>();
      const rated: Array<{ questionId: string; count: number; total: number }> = [];
      for (const row of seenAndRated.all(teamId, userId)) {
        lastSeen.set(row.question_id, row.at);
        if (row.ratings > 0)
          rated.push({ questionId: row.question_id, count: row.ratings, total: row.total });
      }
      return { lastSeen, ratings: rated };
    },
    /** When the user last saw each question they have seen. */
    lastSeen(teamId: string, userId: string): Map<string, number> {
      return new Map(lastSeen.all(teamId, userId).map((row) => [row.question_id, row.at]));
    },
    practicedIds(teamId: string, userId: string): Set<string> {
      return new Set(practiced.all(teamId, userId).map((row) => row.question_id));
    },
    eventsOf(teamId: string, userId: string): PracticeEvent[] {
      return events.all(teamId, userId).map((row) =>
        readEvent({
          teamId: row.team_id,
          userId: row.user_id,
          questionId: row.question_id,
          kind: row.kind,
          rating: row.rating,
          source: row.source,
          at: row.at,
        }),
      );
    },
  };
}
