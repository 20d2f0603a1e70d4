import { z } from 'zod';
import { builtOnce } from '../domain/built-once.js';
import { questionIdSchema } from '../domain/deck.js';
import { ratings } from '../domain/practice.js';
import { ts } from './envelopes.js';

/**
 * What a question card shows, carried in its buttons' values (ephemeral messages have no other
 * place to keep state). Parsed with zod whenever a button comes back: a tampered or stale value is
 * refused, never trusted. This schema and those below (but `channelIdSchema`, which other schemas
 * are built from at load) are built on first use (built-once.ts).
 */
export const cardStateSchema = builtOnce(() =>
  z.object({
    /** question id */
    q: questionIdSchema,
    /** the /star question filter, kept for "Next question" */
    f: z.string().max(200).optional(),
    /** model answer shown */
    a: z.literal(1).optional(),
    /** follow-up shown (index) */
    i: z.number().int().min(0).max(99).optional(),
    /** follow-up's answer shown */
    s: z.literal(1).optional(),
    /** self-rating given */
    r: z.enum(ratings).optional(),
    /**
     * The thread of the daily or shared question the card was opened from ("Show model answer" on the
     * channel's post): "Answer it" posts the answer there, as the post's own "Answer it" does.
     */
    t: ts().max(40).optional(),
  }),
);

export type CardState = z.infer<ReturnType<typeof cardStateSchema>>;

export const answerRefSchema = builtOnce(() => z.object({ answer: z.number().int().positive() }));

export const answerModalMetadataSchema = builtOnce(() =>
  z.object({
    q: questionIdSchema,
    f: z.string().max(200).optional(),
    /** channel the card was in: where "Post my answer" posts */
    c: z.string().max(40).optional(),
    /** response_url of the card, to show the saved answer in its place */
    u: z.url().max(1000).optional(),
    /** thread to post the answer into (daily or shared question), instead of saving it privately */
    t: ts().max(40).optional(),
  }),
);

export type AnswerModalMetadata = z.infer<ReturnType<typeof answerModalMetadataSchema>>;

/** A channel id as our buttons and windows carry it (a public or private channel, or a group DM). */
export const channelIdSchema = z.string().regex(/^[CG][A-Z0-9]{1,39}$/);

/** The rubric modal's private_metadata: the answer under review (its channel and message). */
export const reviewModalMetadataSchema = builtOnce(() =>
  z.object({
    c: z.string().min(1).max(40),
    ts: ts(),
  }),
);

export type ReviewModalMetadata = z.infer<ReturnType<typeof reviewModalMetadataSchema>>;

export function encode(value: object): string {
  return JSON.stringify(value);
}

/**
 * Parses a JSON button value or private_metadata; undefined when it is not what we wrote. The schema
 * may be given as its builder (`cardStateSchema`: built on first use, see built-once.ts).
 */
export function decode<T>(
  schema: z.ZodType<T> | (() => z.ZodType<T>),
  raw: string | undefined,
): T | undefined {
  if (!raw) return undefined;
  try {
    const parsed = (typeof schema === 'function' ? schema() : schema).safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
