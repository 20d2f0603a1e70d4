import { z } from 'zod';
import { reactionActionSchema } from './scoring.js';
import { rubricScoresSchema } from './star.js';

/**
 * Peer review as it is recorded: reactions to messages in channels (each one added or removed, as
 * Slack reported it) and teammates' rubric reviews of answers. The rules that score them are in
 * scoring.ts.
 */

/** A reaction added to or removed from a message, as Slack reported it. */
const reactionSchema = z
  .object({
    teamId: z.string(),
    channelId: z.string(),
    messageTs: z.string(),
    reactorId: z.string(),
    reaction: z.string(),
    action: reactionActionSchema,
    /** Slack's event id: the same event delivered twice is recorded once. */
    eventId: z.string(),
    /** Slack's event_ts in microseconds (see `eventTimeMicros`). */
    eventTime: z.number(),
  })
  .readonly();
export type Reaction = z.infer<typeof reactionSchema>;

/** A teammate's rubric review of an answer in a channel: a score per STAR part and a comment. */
export const reviewSchema = rubricScoresSchema
  .extend({
    teamId: z.string(),
    channelId: z.string(),
    /** The answer reviewed. */
    messageTs: z.string(),
    reviewerId: z.string(),
    /** The answer's author. */
    authorId: z.string(),
    comment: z.string(),
    /** When it was given, or last changed (a second review by the same reviewer replaces the first). */
    at: z.number(),
  })
  .readonly();
export type Review = z.infer<typeof reviewSchema>;

/** A review as its author sees it among those they received. */
export const receivedReviewSchema = reviewSchema
  .unwrap()
  .pick({
    situation: true,
    task: true,
    action: true,
    result: true,
    comment: true,
    reviewerId: true,
    at: true,
  })
  .readonly();
export type ReceivedReview = z.infer<typeof receivedReviewSchema>;
