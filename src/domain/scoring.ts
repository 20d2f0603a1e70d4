import { z } from 'zod';
import { eachStarPart, type RubricScores, type StarPart, starParts } from './star.js';

/**
 * Peer scoring rules (product.md §5), pure.
 *
 * Reactions: a reviewer's points on an answer are a function of the reactions they have on it now,
 * not of the order events arrived in: each emoji is worth its weight (1 by default), and one
 * reviewer gives at most 3 points per answer. A reaction's current state is its latest event by
 * Slack's event time, so a retried, duplicated or out-of-order event changes nothing, and removing
 * a reaction takes back its points. Reacting to your own answer gives nothing; bots give nothing.
 *
 *   star (2) + fire (1) + rocket (1) → min(3, 4) = 3;  remove star → min(3, 2) = 2.
 *
 * A reviewer Slack has not told us about (users.info failed) gives nothing *for now*: neither
 * "a person" nor "a bot" is guessed. Their reactions are kept in the ledger with their kind unknown,
 * and count once Slack does answer: a reviewer's kind is the latest one Slack gave about them in the
 * workspace, and when it is learned (or changes) every answer they reacted to is scored again, so
 * points stay a pure function of each reviewer's current reactions and latest known kind.
 */

const maxPointsPerReviewer = 3;

export type ReactionWeights = {
  readonly byName: ReadonlyMap<string, number>;
  readonly defaultWeight: number;
};

export const defaultWeights: ReactionWeights = { byName: new Map(), defaultWeight: 1 };

function weightOf(weights: ReactionWeights, reaction: string): number {
  // Skin-tone variants (thumbsup::skin-tone-3) count as their base emoji.
  const base = reaction.split('::')[0] ?? reaction;
  return weights.byName.get(base) ?? weights.defaultWeight;
}

export const reactionActionSchema = z.enum(['added', 'removed']);

/** One reaction added or removed, as the ledger keeps it. */
export const reactionEventSchema = z
  .object({
    /** The emoji's name ("star", "thumbsup::skin-tone-3"). */
    reaction: z.string(),
    action: reactionActionSchema,
    /** Slack's event_ts in microseconds: orders events whatever order they arrived in. */
    eventTime: z.number(),
  })
  .readonly();
export type ReactionEvent = z.infer<typeof reactionEventSchema>;

/** The reactions a reviewer has on an answer now: the latest event per emoji (a tie counts as removed). */
export function activeReactions(events: readonly ReactionEvent[]): Set<string> {
  const latest = new Map<string, ReactionEvent>();
  for (const event of events) {
    const current = latest.get(event.reaction);
    if (
      !current ||
      event.eventTime > current.eventTime ||
      (event.eventTime === current.eventTime && event.action === 'removed')
    ) {
      latest.set(event.reaction, event);
    }
  }
  return new Set([...latest.values()].filter((e) => e.action === 'added').map((e) => e.reaction));
}

/** Whether a user is a bot, as Slack last said; undefined when Slack has not said (users.info failed). */
export type IsBot = boolean | undefined;

export function reviewerPoints(
  events: readonly ReactionEvent[],
  weights: ReactionWeights,
  who: { reviewerId: string; authorId: string; reviewerIsBot: IsBot },
): number {
  // Unknown kind scores nothing until it is known (see above); a bot never scores.
  if (who.reviewerIsBot !== false || who.reviewerId === who.authorId) return 0;
  let total = 0;
  for (const reaction of activeReactions(events)) total += weightOf(weights, reaction);
  return Math.min(maxPointsPerReviewer, total);
}

/** Parses `star:2,fire:1` (STAR_REACTION_WEIGHTS); undefined when it is not of that form. */
export function parseReactionWeights(text: string): ReactionWeights | undefined {
  const byName = new Map<string, number>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^:?([a-z0-9_+'-]+):?[:=](\d)$/.exec(part);
    if (!match?.[1] || match[2] === undefined) return undefined;
    const weight = Number(match[2]);
    if (weight > maxPointsPerReviewer) return undefined;
    byName.set(match[1], weight);
  }
  return { byName, defaultWeight: 1 };
}

/** Slack's event_ts ("1700000000.123456") as integer microseconds. */
export function eventTimeMicros(eventTs: string): number {
  const [seconds = '0', fraction = ''] = eventTs.split('.');
  return Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

/** Averages per STAR part and the weakest part (lowest average; ties in S, T, A, R order). */
export function rubricAverages(
  reviews: readonly RubricScores[],
): { averages: Record<StarPart, number>; weakest: StarPart; count: number } | undefined {
  if (reviews.length === 0) return undefined;
  const averages = eachStarPart((part) => reviews.reduce((sum, r) => sum + r[part], 0) / reviews.length);
  const weakest = starParts.reduce((low, part) => (averages[part] < averages[low] ? part : low));
  return { averages, weakest, count: reviews.length };
}

/** An answerer's tally in a channel over a period: answers given and points received. */
export const answererTallySchema = z
  .object({ userId: z.string(), answers: z.number().int(), points: z.number() })
  .readonly();
export type AnswererTally = z.infer<typeof answererTallySchema>;

/** A reviewer's tally in a channel over a period: rubric reviews given. */
export const reviewerTallySchema = z.object({ userId: z.string(), reviews: z.number().int() }).readonly();
export type ReviewerTally = z.infer<typeof reviewerTallySchema>;

/** An answer of the week with the points it got, for the recap. */
export const topAnswerSchema = z
  .object({ messageTs: z.string(), userId: z.string(), questionId: z.string(), points: z.number() })
  .readonly();
export type TopAnswer = z.infer<typeof topAnswerSchema>;

/** A leaderboard line: a tally with the name to show. */
export type LeaderRow = AnswererTally & { readonly name: string };
export type ReviewerRow = ReviewerTally & { readonly name: string };

/**
 * Deterministic order: points, then answers, then user id (not the display name, which can change
 * or be unknown). The SQL orders the same way, and so does the weekly recap.
 */
export function rankAnswerers<T extends AnswererTally>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) => b.points - a.points || b.answers - a.answers || compareIds(a.userId, b.userId),
  );
}

export function rankReviewers<T extends ReviewerTally>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.reviews - a.reviews || compareIds(a.userId, b.userId));
}

/** Byte order, as SQLite compares TEXT. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
