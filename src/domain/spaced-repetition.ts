import { type Card, createEmptyCard, fsrs, type Grade } from 'ts-fsrs';
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

export function cardFromJson(json: string): ReviewCard {
  const raw = JSON.parse(json) as Record<string, unknown>;
  return {
    ...(raw as unknown as ReviewCard),
    due: new Date(String(raw.due)),
    last_review: raw.last_review ? new Date(String(raw.last_review)) : undefined,
  } as ReviewCard;
}
