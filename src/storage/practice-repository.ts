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

/** What picking a user's next question weighs (`studyState`). */
export type StudyState = {
  /** When the user last saw each question they have seen. */
  readonly lastSeen: Map<string, number>;
  /** Their self-ratings summed per question (`count` ratings adding up to `total`). */
  readonly ratings: Array<{ questionId: string; count: number; total: number }>;
  /** When each of their review cards is due. */
  readonly dueAt: Map<string, number>;
  /** Whether they have any story in their bank. */
  readonly hasStories: boolean;
};

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

  // Everything `/star question` weighs, in one statement instead of three (each statement a request
  // runs costs it more than the rows it reads): one pass over the user's rows for when each question
  // was last seen and its self-ratings (part 0: only ratings carry one, the table's CHECK; read from
  // the covering index of migration 0020, in question order), when each of the user's review cards is
  // due (part 1, review_cards' key), and whether the user has a story in their bank (part 2, one row
  // or none: stories_by_user). Read raw (arrays, not objects).
  const study = db
    .prepare<
      [string, string, string, string, string, string],
      [
        part: 0 | 1 | 2,
        questionId: string | null,
        at: number | null,
        ratings: number | null,
        total: number | null,
      ]
    >(
      `SELECT 0, question_id, max(at), count(rating), total(rating) FROM practice_events
       WHERE team_id = ? AND user_id = ? GROUP BY question_id
       UNION ALL
       SELECT 1, question_id, due_at, NULL, NULL FROM review_cards WHERE team_id = ? AND user_id = ?
       UNION ALL
       SELECT 2, NULL, NULL, NULL, NULL WHERE EXISTS (SELECT 1 FROM stories WHERE team_id = ? AND user_id = ?)`,
    )
    .raw();
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
     * In one statement, what picking the user's next question weighs: when they last saw each
     * question (as `lastSeen`), their self-ratings summed per question (`count` ratings adding up to
     * `total`; questions never rated have none), when each of their review cards is due (as
     * `CardRepository.dueTimes`), and whether they have any story.
     */
    studyState(teamId: string, userId: string): StudyState {
      const lastSeen = new Map<string, number>();
      const rated: Array<{ questionId: string; count: number; total: number }> = [];
      const dueAt = new Map<string, number>();
      let hasStories = false;
      for (const [part, questionId, at, count, total] of study.all(
        teamId,
        userId,
        teamId,
        userId,
        teamId,
        userId,
      )) {
        if (part === 2) hasStories = true;
        else if (questionId === null || at === null) continue;
        else if (part === 1) dueAt.set(questionId, at);
        else {
          lastSeen.set(questionId, at);
          if (count !== null && count > 0) rated.push({ questionId, count, total: total ?? 0 });
        }
      }
      return { lastSeen, ratings: rated, dueAt, hasStories };
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
