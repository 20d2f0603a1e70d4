import { cardFromJson, cardToJson, type ReviewCard } from '../domain/spaced-repetition.js';
import type { Db } from './database.js';

export type CardRepository = ReturnType<typeof createCardRepository>;

/** FSRS cards per user and question. */
export function createCardRepository(db: Db) {
  const one = db.prepare<[string, string, string], { card: string }>(
    `SELECT card FROM review_cards WHERE team_id = ? AND user_id = ? AND question_id = ?`,
  );
  const save = db.prepare<[string, string, string, string, number, number]>(
    `INSERT INTO review_cards (team_id, user_id, question_id, card, due_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id, user_id, question_id) DO UPDATE SET
       card = excluded.card, due_at = excluded.due_at, updated_at = excluded.updated_at`,
  );
  const dueTimes = db.prepare<[string, string], { question_id: string; due_at: number }>(
    `SELECT question_id, due_at FROM review_cards WHERE team_id = ? AND user_id = ?`,
  );
  return {
    find(teamId: string, userId: string, questionId: string): ReviewCard | undefined {
      const row = one.get(teamId, userId, questionId);
      return row ? cardFromJson(row.card) : undefined;
    },
    save(teamId: string, userId: string, questionId: string, card: ReviewCard, now: number): void {
      save.run(teamId, userId, questionId, cardToJson(card), card.due.getTime(), now);
    },
    /** When each of the user's cards is due. */
    dueTimes(teamId: string, userId: string): Map<string, number> {
      return new Map(dueTimes.all(teamId, userId).map((row) => [row.question_id, row.due_at]));
    },
  };
}
