import type { ReactionInput, ReactionResult } from '../../src/use-cases/peer-review.js';
import { recordReaction } from '../../src/use-cases/peer-review.js';
import { recordThreadReply, type ThreadMessage } from '../../src/use-cases/thread-answers.js';
import type { World } from './in-memory.js';

/**
 * Channel threads as the use cases find them in the database: a post the outbox sent (a daily
 * question, or a recap), or a question shared with "Post to channel"; replies and reactions in them
 * go through the real use cases.
 */

/** A post of `kind` the outbox sent in a channel at `ts` (planned, claimed, marked sent, as the dispatcher does). */
export function outboxPostSent(
  world: World,
  input: {
    teamId: string;
    channelId: string;
    ts: string;
    at: number;
    questionId?: string;
    kind?: 'question' | 'recap';
    localDate?: string;
  },
): void {
  const { outbox } = world.threads;
  const kind = input.kind ?? 'question';
  const localDate = input.localDate ?? new Date(input.at).toISOString().slice(0, 10);
  const planned = outbox.add({
    teamId: input.teamId,
    channelId: input.channelId,
    localDate,
    kind,
    questionId: kind === 'question' ? (input.questionId ?? 'rally-team') : null,
    round: 1,
    at: input.at,
  });
  if (!planned) throw new Error(`the outbox already has a ${kind} for ${input.channelId} on ${localDate}`);
  const row = outbox
    .pending(input.teamId)
    .find((r) => r.channelId === input.channelId && r.kind === kind && r.localDate === localDate);
  if (!row || !outbox.claim(input.teamId, row.id, input.at)) throw new Error('the planned post is gone');
  outbox.markSent(input.teamId, row.id, input.ts, input.at);
}

/** `questionId` shared to a channel with "Post to channel", posted at `ts`. */
export function questionShared(
  world: World,
  input: { teamId: string; channelId: string; questionId: string; ts: string; sharedBy: string; at: number },
): void {
  const { shared } = world.threads;
  const claim = shared.claim({ ...input, since: input.at - 1 });
  if (!claim.claimed) throw new Error('already shared');
  shared.markPosted(input.teamId, claim.id, input.ts);
}

/** A message in a thread, as the `message` event listener hands it to the use case. */
export function reply(world: World, message: ThreadMessage, now: number): boolean {
  return recordThreadReply(world.threads, message, now);
}

let eventNumber = 0;

/**
 * A reaction event as Slack sends it: a new event id each time, and an event time that orders it
 * after every earlier one (unless `eventTime` says otherwise).
 */
export function react(
  world: World,
  input: Omit<ReactionInput, 'eventId' | 'eventTime' | 'itemType' | 'action'> & {
    action?: 'added' | 'removed';
    itemType?: string;
    eventId?: string;
    eventTime?: number;
  },
  now: number,
): Promise<ReactionResult> {
  eventNumber += 1;
  return recordReaction(
    world.reviews,
    {
      itemType: 'message',
      action: 'added',
      eventId: `Ev${eventNumber}`,
      eventTime: 1_700_000_000_000_000 + eventNumber,
      ...input,
    },
    now,
  );
}

/** The points rows (reviewer → points) stored for one message. */
export function pointsOn(world: World, teamId: string, channelId: string, messageTs: string) {
  return world.db
    .prepare(
      `SELECT reactor_id, author_id, points FROM reaction_points
       WHERE team_id = ? AND channel_id = ? AND message_ts = ? ORDER BY reactor_id`,
    )
    .all(teamId, channelId, messageTs);
}

/** How many rows of `table` there are (for "nothing was stored"). */
export function rowCount(world: World, table: string): number {
  return (world.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
