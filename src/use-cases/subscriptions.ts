import { localDate } from '../domain/calendar.js';
import { nextPost, type Weekday } from '../domain/schedule.js';
import type { OutboxRepository, OutboxRow } from '../storage/outbox-repository.js';
import type { Subscription, SubscriptionRepository } from '../storage/subscription-repository.js';

export type SubscriptionDeps = {
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: OutboxRepository;
};

export type Where = { readonly teamId: string; readonly channelId: string };

export type ScheduleView = {
  readonly subscription: Subscription;
  readonly next: { date: string; at: number } | null;
  readonly lastPost: OutboxRow | undefined;
};

function view(deps: SubscriptionDeps, subscription: Subscription, now: number): ScheduleView {
  const { teamId, channelId } = subscription;
  return {
    subscription,
    next: nextPost(subscription, now, (date) => deps.outbox.find(teamId, channelId, date) !== undefined),
    lastPost: deps.outbox.lastSent(teamId, channelId),
  };
}

/**
 * `/star subscribe`: opts the channel in, or changes its settings. The first post is the first
 * scheduled time after now; a channel that already got today's question does not get another today.
 */
export function subscribe(
  deps: SubscriptionDeps,
  input: Where & { userId: string; time: string; timeZone: string; days: readonly Weekday[]; now: number },
): ScheduleView & { changed: boolean } {
  const changed = deps.subscriptions.find(input.teamId, input.channelId) !== undefined;
  deps.subscriptions.save({
    teamId: input.teamId,
    channelId: input.channelId,
    time: input.time,
    timeZone: input.timeZone,
    days: input.days,
    createdBy: input.userId,
    at: input.now,
  });
  const saved = deps.subscriptions.find(input.teamId, input.channelId);
  if (!saved) throw new Error('subscription not saved');
  return { ...view(deps, saved, input.now), changed };
}

export function unsubscribe(deps: SubscriptionDeps, where: Where): boolean {
  return deps.subscriptions.remove(where.teamId, where.channelId);
}

export type Outcome =
  | { ok: true; view: ScheduleView }
  | { ok: false; reason: 'not-subscribed' | 'date-passed' };

function after(deps: SubscriptionDeps, where: Where, now: number): Outcome {
  const subscription = deps.subscriptions.find(where.teamId, where.channelId);
  return subscription
    ? { ok: true, view: view(deps, subscription, now) }
    : { ok: false, reason: 'not-subscribed' };
}

/** `/star pause [until DATE]`: no posts until DATE (posting resumes that day), or until resumed. */
export function pause(
  deps: SubscriptionDeps,
  input: Where & { until?: string | undefined; userId: string; now: number },
): Outcome {
  const sub = deps.subscriptions.find(input.teamId, input.channelId);
  if (!sub) return { ok: false, reason: 'not-subscribed' };
  if (input.until && input.until <= localDate(input.now, sub.timeZone))
    return { ok: false, reason: 'date-passed' };
  deps.subscriptions.pause(
    input.teamId,
    input.channelId,
    input.until ?? null,
    `paused by <@${input.userId}>`,
  );
  return after(deps, input, input.now);
}

/**
 * The bot was removed from the channel (member_left_channel, channel_left, group_left): its thread
 * replies and reactions can no longer reach us, so the question of the day stops there, with the
 * reason, until someone invites the bot back and resumes. True when a subscription was paused.
 */
export function pauseForRemovedBot(deps: SubscriptionDeps, input: Where): boolean {
  return deps.subscriptions.pause(
    input.teamId,
    input.channelId,
    null,
    'STAR Partner was removed from the channel: invite it back, then `/star resume`',
  );
}

export function resume(deps: SubscriptionDeps, input: Where & { now: number }): Outcome {
  if (!deps.subscriptions.resume(input.teamId, input.channelId))
    return { ok: false, reason: 'not-subscribed' };
  return after(deps, input, input.now);
}

/** `/star skip DATE`: no post that day. */
export function skipDate(deps: SubscriptionDeps, input: Where & { date: string; now: number }): Outcome {
  const sub = deps.subscriptions.find(input.teamId, input.channelId);
  if (!sub) return { ok: false, reason: 'not-subscribed' };
  if (input.date < localDate(input.now, sub.timeZone)) return { ok: false, reason: 'date-passed' };
  deps.subscriptions.skip(input.teamId, input.channelId, input.date);
  return after(deps, input, input.now);
}

export function showSchedule(deps: SubscriptionDeps, input: Where & { now: number }): Outcome {
  return after(deps, input, input.now);
}
