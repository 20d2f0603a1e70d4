import { z } from 'zod';
import type { DeliveryOutcome } from './delivery-policy.js';
import type { PracticeEvent } from './practice.js';
import type { Subscription } from './subscription.js';

/**
 * First contact (issue 15, point 1): what the app says once, and to whom. Each message has a key;
 * whatever happens (a second install callback, a restart, Slack retrying an event, the inbox
 * delivering it again), a key is sent at most once:
 * - `welcome`: a DM to whoever installed the app, once per workspace;
 * - `channel_intro`: one message in a channel the bot is invited to, once per channel (leaving and
 *   being invited again does not repeat it);
 * - `mention_help`: a short help under a message that mentions the bot, once per message.
 */

const onboardingKindSchema = z.enum(['welcome', 'channel_intro', 'mention_help']);
export type OnboardingKind = z.infer<typeof onboardingKindSchema>;

/** What is sent once: a kind, in a workspace, about a subject ('' for the workspace's welcome). */
export type OnboardingKey = {
  readonly teamId: string;
  readonly kind: OnboardingKind;
  readonly subject: string;
};

export const welcomeKey = (teamId: string): OnboardingKey => ({ teamId, kind: 'welcome', subject: '' });

export const introKey = (teamId: string, channelId: string): OnboardingKey => ({
  teamId,
  kind: 'channel_intro',
  subject: channelId,
});

/** A mention is answered once per message: its channel and ts name it, whatever event brought it. */
export const mentionKey = (teamId: string, channelId: string, ts: string): OnboardingKey => ({
  teamId,
  kind: 'mention_help',
  subject: `${channelId}/${ts}`,
});

/**
 * How long a mention is remembered as answered. Slack retries an event for minutes and the inbox
 * redelivers one for hours; after this the key is forgotten, so the table does not grow forever.
 */
export const mentionMemoryMs = 30 * 24 * 60 * 60_000;

/**
 * What a send means for its claim:
 * - `sent`: Slack took it;
 * - `release`: Slack did not take it (it refused it, or asked to slow down, or was unavailable),
 *   so the claim is given back; `retry` when trying again later can work;
 * - `keep`: Slack may have taken it (a timeout, a lost reply): the claim stays, so it is never sent
 *   a second time, at worst not at all.
 *
 * Worked example: a reply lost after Slack posted the help (HTTP 500) → keep: the retried event
 * finds the claim and posts nothing; a 503 → release and retry: the redelivered event posts it.
 */
export type AfterSend =
  | { readonly claim: 'sent'; readonly ts: string }
  | { readonly claim: 'release'; readonly retry: boolean; readonly error: string }
  | { readonly claim: 'keep'; readonly error: string };

export function afterSend(outcome: DeliveryOutcome): AfterSend {
  if (outcome.ok) return { claim: 'sent', ts: outcome.ts };
  switch (outcome.kind) {
    case 'rate-limited':
    case 'transient':
      return { claim: 'release', retry: true, error: outcome.error };
    case 'permanent':
      return { claim: 'release', retry: false, error: outcome.error };
    case 'unknown':
      return { claim: 'keep', error: outcome.error };
  }
}

/**
 * A newcomer has not practised at all: nothing but questions seen (no answer revealed, rated or
 * written, in Slack or in a terminal), no answer in a channel, no review given. Their App Home
 * teaches what to try first instead of showing zeros.
 */
export function isNewcomer(input: {
  readonly events: readonly PracticeEvent[];
  readonly answers: number;
  readonly reviewsGiven: number;
}): boolean {
  return input.events.every((e) => e.kind === 'view') && input.answers === 0 && input.reviewsGiven === 0;
}

/** What a channel has of the question of the day, as its introduction says it. */
export type ChannelStanding = 'unsubscribed' | 'subscribed' | 'paused';

export function channelStanding(subscription: Pick<Subscription, 'paused'> | undefined): ChannelStanding {
  if (!subscription) return 'unsubscribed';
  return subscription.paused ? 'paused' : 'subscribed';
}
