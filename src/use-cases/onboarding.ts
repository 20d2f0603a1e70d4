import type { DeliveryOutcome } from '../domain/delivery-policy.js';
import {
  afterSend,
  type ChannelStanding,
  channelStanding,
  introKey,
  mentionKey,
  mentionMemoryMs,
  type OnboardingKey,
  welcomeKey,
} from '../domain/onboarding.js';
import type { OnboardingRepository } from '../storage/onboarding-repository.js';
import type { SubscriptionRepository } from '../storage/subscription-repository.js';

/**
 * First contact, each message once (domain/onboarding.ts): the welcome DM to whoever installed the
 * app, the introduction in a channel the bot is invited to, the help under a message mentioning
 * it. Each is claimed in its own transaction before it is sent, so a second install callback, a
 * restart, or an event Slack retries (or the inbox delivers again) sends nothing more.
 */

export type OnboardingDeps = {
  readonly onboarding: OnboardingRepository;
  /** Read only: what the channel has of the question of the day, for its introduction. */
  readonly subscriptions: Pick<SubscriptionRepository, 'find'>;
  readonly atomically: <T>(fn: () => T) => T;
};

/** How the onboarding messages reach Slack; implemented at the Slack edge (slack/onboarding-poster.ts). */
export type OnboardingPoster = {
  /** The welcome, in the app's DM with `userId`. */
  welcome(userId: string): Promise<DeliveryOutcome>;
  /** The introduction, in a channel the bot was just invited to. */
  introduce(channelId: string, standing: ChannelStanding): Promise<DeliveryOutcome>;
  /** The short help, in the thread `threadTs` of `channelId`. */
  helpAfterMention(channelId: string, threadTs: string): Promise<DeliveryOutcome>;
};

export type OnceResult =
  | { readonly kind: 'sent'; readonly ts: string }
  /** Claimed before: sent already, being sent, or possibly sent (never sent twice). */
  | { readonly kind: 'already' }
  /** Nothing to send here (`why` says what). */
  | { readonly kind: 'skipped'; readonly why: string }
  /** Slack did not take it. `retry`: the claim was given back, and trying later can work. */
  | { readonly kind: 'failed'; readonly error: string; readonly retry: boolean }
  /** Slack may have taken it: the claim stays, so it is not sent again. */
  | { readonly kind: 'in-doubt'; readonly error: string };

/** Claims `key` (in its own transaction), sends, and records what the send came to. */
async function once(
  deps: OnboardingDeps,
  key: OnboardingKey,
  now: number,
  send: () => Promise<DeliveryOutcome>,
  before?: () => void,
): Promise<OnceResult> {
  const claimed = deps.atomically(() => {
    before?.();
    return deps.onboarding.claim(key, now);
  });
  if (!claimed) return { kind: 'already' };
  let outcome: DeliveryOutcome;
  try {
    outcome = await send();
  } catch (error) {
    // Something the poster did not expect: Slack may have taken it; never risk a second message.
    outcome = { ok: false, kind: 'unknown', error: (error as Error).message };
  }
  const next = afterSend(outcome);
  switch (next.claim) {
    case 'sent':
      deps.onboarding.markSent(key, next.ts, now);
      return { kind: 'sent', ts: next.ts };
    case 'release':
      deps.onboarding.release(key);
      return { kind: 'failed', error: next.error, retry: next.retry };
    case 'keep':
      return { kind: 'in-doubt', error: next.error };
  }
}

/**
 * The welcome DM to whoever installed the app (the installing user of an OAuth install, or the user
 * configured for a single workspace), once per workspace: a second install of the same workspace
 * (to grant a new scope, say) and every restart send nothing.
 */
export function welcomeInstaller(
  deps: OnboardingDeps,
  poster: OnboardingPoster,
  input: { teamId: string; userId: string; now: number },
): Promise<OnceResult> {
  return once(deps, welcomeKey(input.teamId), input.now, () => poster.welcome(input.userId));
}

/**
 * The bot joined a channel: one introduction there (what it does in a channel, how to subscribe),
 * once per channel, even when it leaves and is invited again. Only when a person invited it
 * (`inviterId`): the bot joins public channels itself for `/star subscribe` and "Post to channel",
 * whose own replies already say what happens.
 */
export function introduceToChannel(
  deps: OnboardingDeps,
  poster: OnboardingPoster,
  input: { teamId: string; channelId: string; inviterId: string | undefined; now: number },
): Promise<OnceResult> {
  if (input.inviterId === undefined) return Promise.resolve({ kind: 'skipped', why: 'it joined by itself' });
  const standing = channelStanding(deps.subscriptions.find(input.teamId, input.channelId));
  return once(deps, introKey(input.teamId, input.channelId), input.now, () =>
    poster.introduce(input.channelId, standing),
  );
}

/**
 * Someone mentioned the bot: a short help, in the thread of the mention (a mention in a thread is
 * answered in that thread), once per message however often the event comes. Mentions written by
 * bots get nothing. Answered mentions are forgotten after `mentionMemoryMs`.
 */
export function answerMention(
  deps: OnboardingDeps,
  poster: OnboardingPoster,
  input: {
    teamId: string;
    channelId: string;
    ts: string;
    threadTs: string | undefined;
    fromBot: boolean;
    now: number;
  },
): Promise<OnceResult> {
  if (input.fromBot) return Promise.resolve({ kind: 'skipped', why: 'a bot wrote it' });
  return once(
    deps,
    mentionKey(input.teamId, input.channelId, input.ts),
    input.now,
    () => poster.helpAfterMention(input.channelId, input.threadTs ?? input.ts),
    () => deps.onboarding.forgetBefore(input.teamId, 'mention_help', input.now - mentionMemoryMs),
  );
}
