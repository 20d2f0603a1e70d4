import type { Library } from '../domain/deck.js';
import type { AnswerRepository } from '../storage/answer-repository.js';
import type { CardRepository } from '../storage/card-repository.js';
import type { GroupCommit } from '../storage/group-commit.js';
import type { PracticeRepository } from '../storage/practice-repository.js';
import type { SharedQuestionRepository } from '../storage/shared-question-repository.js';
import type { ThreadAnswerRepository } from '../storage/thread-answer-repository.js';

/** What the practice use cases need, built once in main.ts. */
export type PracticeDeps = {
  readonly library: Library;
  readonly practice: PracticeRepository;
  readonly cards: CardRepository;
  readonly answers: AnswerRepository;
  readonly shared: SharedQuestionRepository;
  /** Answers visible in channels: a private answer joins them once its author posts it. */
  readonly threadAnswers: ThreadAnswerRepository;
  /** Runs `fn` in one database transaction. */
  readonly atomically: <T>(fn: () => T) => T;
  /** Runs a write with the others of this turn of the event loop, one commit for all (storage/group-commit.ts). */
  readonly later: GroupCommit;
  readonly random: () => number;
};

/** Who is acting: every record is scoped to a workspace. */
export type Who = { readonly teamId: string; readonly userId: string };

/** Whether the bot is in a channel, or Slack's reason (its error code) why it is not and cannot be. */
export type Membership = { readonly ok: true } | { readonly ok: false; readonly code: string };

/**
 * Channels as the use cases need them; implemented at the Slack edge. The bot must be in a channel
 * to receive its thread replies and reactions: a public channel is joined, a private one needs an
 * invitation (`channel_not_found`).
 */
export type ChannelAccess = { ensureMember(channelId: string): Promise<Membership> };

/** A user's time zone as Slack says it now, or UTC when Slack does not say; implemented at the Slack edge. */
export type TimeZoneOf = (userId: string) => Promise<string>;
