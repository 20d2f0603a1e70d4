import { type Card, createEmptyCard, fsrs, type Grade, State } from 'ts-fsrs';
import { z } from 'zod';
import { builtOnce } from './built-once.js';
import type { Rating } from './practice.js';

/**
 * Spaced repetition with FSRS (the ts-fsrs package): each Again / Hard / Good / Easy rating moves a
 * user's card for that question, and its `due` says when the question should come back. Fuzz is
 * off so the schedule is the same every time for the same ratings (Easy on a new card: 8 days).
 */
const scheduler = fsrs({ enable_fuzz: false });

export type ReviewCard = Card;

export function nextCard(card: ReviewCard | undefined, rating: Rating, now: number): ReviewCard {
  return scheduler.next(card ?? createEmptyCard(new Date(now)), new Date(now), rating as Grade).card;
}

/** Cards are stored as JSON; dates come back as strings. */
export function cardToJson(card: ReviewCard): string {
  return JSON.stringify(card);
}

/**
 * A card as stored: ts-fsrs's fields, its dates as ISO strings (fields a later ts-fsrs adds are kept
 * as they are). `satisfies` keeps it in step with ts-fsrs's `Card`. Built on first use (built-once.ts).
 */
const storedCardSchema = builtOnce(() => {
  const count = z.number().int().nonnegative();
  return z.looseObject({
    due: z.iso.datetime().transform((text) => new Date(text)),
    stability: z.number(),
    difficulty: z.number(),
    elapsed_days: z.number(),
    scheduled_days: z.number(),
    learning_steps: count,
    reps: count,
    lapses: count,
    state: z.enum(State),
    last_review: z.iso
      .datetime()
      .transform((text) => new Date(text))
      .nullish()
      .transform((date) => date ?? undefined),
  }) satisfies z.ZodType<ReviewCard, unknown>;
});

/** A card read back from its JSON; an error when the JSON is not a card. */
export function cardFromJson(json: string): ReviewCard {
  return storedCardSchema().parse(JSON.parse(json));
}
