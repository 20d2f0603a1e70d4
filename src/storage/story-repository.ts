import { z } from 'zod';
import { cardFromJson, cardToJson, type ReviewCard } from '../domain/spaced-repetition.js';
import type { Story, StoryForm } from '../domain/story.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

type StoryRow = {
  id: number;
  team_id: string;
  user_id: string;
  title: string;
  situation: string;
  task: string;
  action: string;
  result: string;
  lesson: string;
  due_at: number | null;
  created_at: number;
  updated_at: number;
  categories: string | null;
};

/** A story as stored: its categories come as a JSON array (in the order the user gave them). */
const readStory = rowReader(
  'stories',
  z
    .object({
      id: z.number().int().positive(),
      team_id: z.string(),
      user_id: z.string(),
      title: z.string(),
      situation: z.string(),
      task: z.string(),
      action: z.string(),
      result: z.string(),
      lesson: z.string(),
      due_at: z.number().nullable(),
      created_at: z.number(),
      updated_at: z.number(),
      categories: z.string().nullable(),
    })
    .transform(
      (row): Story => ({
        id: row.id,
        teamId: row.team_id,
        userId: row.user_id,
        title: row.title,
        situation: row.situation,
        task: row.task,
        action: row.action,
        result: row.result,
        lesson: row.lesson,
        categories: z.array(z.string()).parse(JSON.parse(row.categories ?? '[]')),
        dueAt: row.due_at,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }),
    ),
);

const storyColumns = `s.id, s.team_id, s.user_id, s.title, s.situation, s.task, s.action, s.result, s.lesson,
  s.due_at, s.created_at, s.updated_at,
  (SELECT json_group_array(c.category) FROM (
     SELECT category FROM story_categories WHERE story_id = s.id ORDER BY position) c) AS categories`;

export type StoryRepository = ReturnType<typeof createStoryRepository>;

/** Each user's stories (the story bank), their categories and their spaced-repetition cards. */
export function createStoryRepository(db: Db) {
  const insert = db.prepare<[string, string, string, string, string, string, string, string, number, number]>(
    `INSERT INTO stories (team_id, user_id, title, situation, task, action, result, lesson, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare<[string, string, string, string, string, string, number, string, string, number]>(
    `UPDATE stories SET title = ?, situation = ?, task = ?, action = ?, result = ?, lesson = ?, updated_at = ?
     WHERE team_id = ? AND user_id = ? AND id = ?`,
  );
  const clearCategories = db.prepare<[string, string, number]>(
    `DELETE FROM story_categories WHERE team_id = ? AND user_id = ? AND story_id = ?`,
  );
  const addCategory = db.prepare<[number, string, string, string, number]>(
    `INSERT INTO story_categories (story_id, team_id, user_id, category, position) VALUES (?, ?, ?, ?, ?)`,
  );
  const remove = db.prepare<[string, string, number]>(
    `DELETE FROM stories WHERE team_id = ? AND user_id = ? AND id = ?`,
  );
  const one = db.prepare<[string, string, number], StoryRow>(
    `SELECT ${storyColumns} FROM stories s WHERE s.team_id = ? AND s.user_id = ? AND s.id = ?`,
  );
  const all = db.prepare<[string, string], StoryRow>(
    `SELECT ${storyColumns} FROM stories s WHERE s.team_id = ? AND s.user_id = ? ORDER BY s.id`,
  );
  const count = db.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM stories WHERE team_id = ? AND user_id = ?`,
  );
  const card = db.prepare<[string, string, number], { card: string | null }>(
    `SELECT card FROM stories WHERE team_id = ? AND user_id = ? AND id = ?`,
  );
  const saveCard = db.prepare<[string, number, string, string, number]>(
    `UPDATE stories SET card = ?, due_at = ? WHERE team_id = ? AND user_id = ? AND id = ?`,
  );
  /** The story most overdue (never rehearsed ones first: they have no date yet), at or before `before`. */
  const due = db.prepare<[string, string, number], StoryRow>(
    `SELECT ${storyColumns} FROM stories s WHERE s.team_id = ? AND s.user_id = ? AND (s.due_at IS NULL OR s.due_at < ?)
     ORDER BY s.due_at IS NOT NULL, s.due_at, s.id LIMIT 1`,
  );
  const setCategories = (teamId: string, userId: string, id: number, categories: readonly string[]) => {
    clearCategories.run(teamId, userId, id);
    categories.forEach((category, position) => {
      addCategory.run(id, teamId, userId, category, position);
    });
  };
  return {
    /** Adds a story; returns its id. Run it in a transaction (the story and its categories). */
    add(teamId: string, userId: string, story: StoryForm, now: number): number {
      const { lastInsertRowid } = insert.run(
        teamId,
        userId,
        story.title,
        story.situation,
        story.task,
        story.action,
        story.result,
        story.lesson,
        now,
        now,
      );
      const id = Number(lastInsertRowid);
      setCategories(teamId, userId, id, story.categories);
      return id;
    },
    /** Changes one of the user's stories (its schedule stays); false when they have no such story. */
    update(teamId: string, userId: string, id: number, story: StoryForm, now: number): boolean {
      const changed = update.run(
        story.title,
        story.situation,
        story.task,
        story.action,
        story.result,
        story.lesson,
        now,
        teamId,
        userId,
        id,
      ).changes;
      if (changed > 0) setCategories(teamId, userId, id, story.categories);
      return changed > 0;
    },
    remove(teamId: string, userId: string, id: number): boolean {
      return remove.run(teamId, userId, id).changes > 0;
    },
    find(teamId: string, userId: string, id: number): Story | undefined {
      const row = one.get(teamId, userId, id);
      return row ? readStory(row) : undefined;
    },
    /** The user's stories, oldest first. */
    ofUser(teamId: string, userId: string): Story[] {
      return all.all(teamId, userId).map(readStory);
    },
    count(teamId: string, userId: string): number {
      return count.get(teamId, userId)?.n ?? 0;
    },
    card(teamId: string, userId: string, id: number): ReviewCard | undefined {
      const row = card.get(teamId, userId, id);
      return row?.card ? cardFromJson(row.card) : undefined;
    },
    saveCard(teamId: string, userId: string, id: number, next: ReviewCard): void {
      saveCard.run(cardToJson(next), next.due.getTime(), teamId, userId, id);
    },
    /** The story to rehearse: due before `before` (never rehearsed counts as due), most overdue first. */
    due(teamId: string, userId: string, before: number): Story | undefined {
      const row = due.get(teamId, userId, before);
      return row ? readStory(row) : undefined;
    },
  };
}
