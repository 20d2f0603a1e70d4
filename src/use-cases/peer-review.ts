import { countsAsAnswer } from '../domain/answer-kind.js';
import { addDays, localDate, weekdayOf, zonedInstant } from '../domain/calendar.js';
import type { Reaction } from '../domain/review.js';
import {
  type IsBot,
  type LeaderRow,
  type ReactionWeights,
  type ReviewerRow,
  rankAnswerers,
  rankReviewers,
  reviewerPoints,
  rubricAverages,
} from '../domain/scoring.js';
import type { RubricScores } from '../domain/star.js';
import type { ThreadAnswer } from '../domain/thread-answer.js';
import type { GroupCommit } from '../storage/group-commit.js';
import type { LeaderboardRepository } from '../storage/leaderboard-repository.js';
import type { ReviewRepository } from '../storage/review-repository.js';
import type { SubscriptionRepository } from '../storage/subscription-repository.js';
import type { ThreadAnswerRepository } from '../storage/thread-answer-repository.js';
import type { Who } from './deps.js';

export type Person = {
  readonly userId: string;
  /**
   * What to call them where anyone can read it: their Slack display name; when Slack cannot be
   * asked, the last one it gave, else `unnamedPerson`. Never their raw id, never a `<@…>` mention.
   */
  readonly name: string;
  /** undefined when Slack did not say (users.info failed): such a Person is not cached. */
  readonly isBot: IsBot;
  /** Their Slack time zone, when Slack gave a valid one. */
  readonly timeZone?: string;
};

/** What a user is called when Slack cannot say, and never said, who they are. */
export const unnamedPerson = 'a teammate';

/** Names and bot-ness of users; implemented at the Slack edge. */
export type People = { lookup(teamId: string, userId: string): Promise<Person> };

/** A user's Slack time zone, or UTC when Slack has not said. */
export async function timeZoneOfPerson(people: People, who: Who): Promise<string> {
  return (await people.lookup(who.teamId, who.userId)).timeZone ?? 'UTC';
}

/** The last display names Slack gave, per workspace and user (kept by the leaderboard repository). */
export type NameBook = Pick<LeaderboardRepository, 'rememberName' | 'lastKnownName'>;

export type ReviewDeps = {
  readonly reviews: ReviewRepository;
  readonly threadAnswers: ThreadAnswerRepository;
  readonly leaderboard: LeaderboardRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly weights: ReactionWeights;
  readonly people: People;
  readonly atomically: <T>(fn: () => T) => T;
  /** Runs a write with the others of this turn of the event loop, one commit for all (storage/group-commit.ts). */
  readonly later: GroupCommit;
};

/** A reaction event from Slack: on a message (`itemType` 'message') or on something else (a file). */
export type ReactionInput = Reaction & { readonly itemType: string };

export type ReactionResult = 'not-an-answer' | 'duplicate' | { points: number };

/**
 * reaction_added / reaction_removed: appended to the ledger once (event id and natural key), then the
 * reviewer's points on that answer are recomputed from their reactions on it.
 *
 * The reactor's kind (bot or not) is stored with the event as Slack said it, or as unknown when
 * users.info failed. Scoring uses the latest kind Slack gave about the reactor (scoring.ts): an
 * unknown reactor's reactions are kept but score nothing until a later event of theirs comes with a
 * successful lookup; that event stores their kind, and if it is new or changed, every answer they
 * reacted to is scored again.
 *
 * The ledger entry and the points are written together with the other writes of this turn of the
 * event loop, one commit for all (`later`: reactions arrive in bursts); it resolves once they are
 * committed, so the event is closed in the inbox only after its reaction is stored.
 */
export async function recordReaction(
  deps: ReviewDeps,
  input: ReactionInput,
  now: number,
): Promise<ReactionResult> {
  if (input.itemType !== 'message') return 'not-an-answer';
  const reactor = await deps.people.lookup(input.teamId, input.reactorId);
  return deps.later((): ReactionResult => {
    const knownBefore = deps.reviews.reactorIsBot(input.teamId, input.reactorId);
    // Into the ledger first, answer or not: a thread reply may be recorded after its reactions.
    if (!deps.reviews.addReactionEvent({ ...input, reactorIsBot: reactor.isBot, at: now }))
      return 'duplicate';
    // What the ledger now says of the reactor (its latest known kind), without reading it again:
    // this event's kind when Slack said it (the newest entry), else what was known before.
    const known = { isBot: reactor.isBot ?? knownBefore };
    if (reactor.isBot !== undefined && reactor.isBot !== knownBefore) {
      // Learned (or changed) who they are: their other answers were scored without it.
      for (const message of deps.reviews.messagesReactedToBy(input.teamId, input.reactorId)) {
        if (message.channelId === input.channelId && message.messageTs === input.messageTs) continue;
        const other = deps.threadAnswers.find(input.teamId, message.channelId, message.messageTs);
        if (other && isAnswer(other))
          scoreReactor(deps.reviews, deps.weights, other, input.reactorId, now, known);
      }
    }
    const answer = deps.threadAnswers.find(input.teamId, input.channelId, input.messageTs);
    // A comment ("Great answer, thanks!") scores nothing; the ledger keeps the reaction.
    if (!answer || !isAnswer(answer)) return 'not-an-answer';
    const points = scoreReactor(deps.reviews, deps.weights, answer, input.reactorId, now, known);
    return { points };
  });
}

const isAnswer = (reply: ThreadAnswer) => reply.kind !== null && countsAsAnswer(reply.kind);

/**
 * One reviewer's points on an answer, recomputed from the ledger (reactions and kind) and stored.
 * `reviewer`: the reviewer's latest kind in the ledger, when the caller knows it already (else it is
 * read).
 */
function scoreReactor(
  reviews: ReviewRepository,
  weights: ReactionWeights,
  answer: ThreadAnswer,
  reactorId: string,
  now: number,
  reviewer?: { readonly isBot: IsBot },
): number {
  const events = reviews.reactionEvents(answer.teamId, answer.channelId, answer.messageTs, reactorId);
  const points = reviewerPoints(events, weights, {
    reviewerId: reactorId,
    authorId: answer.userId,
    reviewerIsBot: reviewer ? reviewer.isBot : reviews.reactorIsBot(answer.teamId, reactorId),
  });
  reviews.setPoints({
    teamId: answer.teamId,
    channelId: answer.channelId,
    messageTs: answer.messageTs,
    reactorId,
    authorId: answer.userId,
    points,
    at: now,
  });
  return points;
}

/** A message just became an answer: score the reactions it already had (run in its transaction). */
export function scoreEarlyReactions(
  reviews: ReviewRepository,
  weights: ReactionWeights,
  answer: ThreadAnswer,
  now: number,
): void {
  for (const reactorId of reviews.reactorsOn(answer.teamId, answer.channelId, answer.messageTs)) {
    scoreReactor(reviews, weights, answer, reactorId, now);
  }
}

export type ReviewTarget =
  | { ok: true; answer: ThreadAnswer }
  | { ok: false; reason: 'not-an-answer' | 'own-answer' };

/** Whether a message can be reviewed by this user: it must be an answer, and not theirs. */
export function reviewTarget(
  deps: ReviewDeps,
  input: { who: Who; channelId: string; messageTs: string },
): ReviewTarget {
  const answer = deps.threadAnswers.find(input.who.teamId, input.channelId, input.messageTs);
  if (!answer || !isAnswer(answer)) return { ok: false, reason: 'not-an-answer' };
  if (answer.userId === input.who.userId) return { ok: false, reason: 'own-answer' };
  return { ok: true, answer };
}

/** A rubric review: one per reviewer per answer, a second replaces the first. */
export function submitReview(
  deps: ReviewDeps,
  input: {
    who: Who;
    channelId: string;
    messageTs: string;
    scores: RubricScores;
    comment: string;
    now: number;
  },
): (ReviewTarget & { ok: false }) | { ok: true; answer: ThreadAnswer; replaced: boolean } {
  const target = reviewTarget(deps, input);
  if (!target.ok) return target;
  const replaced = deps.reviews.saveReview({
    teamId: input.who.teamId,
    channelId: input.channelId,
    messageTs: input.messageTs,
    reviewerId: input.who.userId,
    authorId: target.answer.userId,
    ...input.scores,
    comment: input.comment,
    at: input.now,
  });
  return { ok: true, answer: target.answer, replaced };
}

export type Period = 'week' | 'month' | 'all';

/** The start of this week (Monday), this month, or of time, in a time zone. */
export function periodStart(period: Period, now: number, timeZone: string): number {
  if (period === 'all') return 0;
  const today = localDate(now, timeZone);
  const first = period === 'week' ? addDays(today, 1 - weekdayOf(today)) : `${today.slice(0, 8)}01`;
  return zonedInstant(first, { hour: 0, minute: 0 }, timeZone);
}

export type Leaderboard = {
  readonly period: Period;
  readonly since: number;
  readonly timeZone: string;
  readonly answerers: LeaderRow[];
  readonly reviewers: ReviewerRow[];
  /** The board of one channel, or of the whole workspace. */
  readonly scope: 'channel' | 'workspace';
};

/** `/star leaderboard`: the channel's answerers by points and reviewers by reviews, in its time zone. */
export function channelLeaderboard(
  deps: ReviewDeps,
  input: { teamId: string; channelId: string; period: Period; now: number },
): Promise<Leaderboard> {
  const timeZone = deps.subscriptions.find(input.teamId, input.channelId)?.timeZone ?? 'UTC';
  return leaderboard(deps, { ...input, timeZone });
}

/**
 * `/star leaderboard workspace`: answerers by points and reviewers by reviews across every channel
 * of the workspace, the week and month in the caller's time zone. Who hid themselves is left out.
 */
export function workspaceLeaderboard(
  deps: ReviewDeps,
  input: { teamId: string; period: Period; now: number; timeZone: string },
): Promise<Leaderboard> {
  return leaderboard(deps, { ...input, channelId: null });
}

async function leaderboard(
  deps: ReviewDeps,
  input: { teamId: string; channelId: string | null; period: Period; now: number; timeZone: string },
): Promise<Leaderboard> {
  const { timeZone } = input;
  const since = periodStart(input.period, input.now, timeZone);
  const until = input.now + 1;
  const named = async <T extends { userId: string }>(rows: T[]) =>
    Promise.all(
      rows.map(async (row) => ({ ...row, name: (await deps.people.lookup(input.teamId, row.userId)).name })),
    );
  // Ranked in SQL (top 10 and top 5); names are looked up only for the rows shown.
  const answerers = await named(
    rankAnswerers(deps.leaderboard.answerers(input.teamId, input.channelId, since, until)),
  );
  const reviewers = await named(
    rankReviewers(deps.leaderboard.reviewers(input.teamId, input.channelId, since, until)),
  );
  return {
    period: input.period,
    since,
    timeZone,
    answerers,
    reviewers,
    scope: input.channelId === null ? 'workspace' : 'channel',
  };
}

export type PeerStats = ReturnType<typeof peerStats>;

/** What `/star stats` adds from peer review: points received, reviews given, rubric per STAR part. */
/**
 * `/star leaderboard hide|show`: the caller on no leaderboard of this workspace and in no weekly
 * recap (their answers and reviews still count for themselves), or back on them.
 */
export function setLeaderboardPrivacy(
  deps: ReviewDeps,
  input: { who: Who; hidden: boolean; now: number },
): void {
  deps.leaderboard.setHidden(input.who.teamId, input.who.userId, input.hidden, input.now);
}

export function peerStats(deps: ReviewDeps, who: Who) {
  const totals = deps.leaderboard.userTotals(who.teamId, who.userId);
  return {
    pointsReceived: totals.pointsReceived,
    reviewsGiven: totals.reviewsGiven,
    rubric: rubricAverages(totals.reviewsReceived),
    latestFeedback: totals.reviewsReceived[0],
  };
}
