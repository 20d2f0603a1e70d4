import { localDate } from '../domain/calendar.js';
import { type Caller, type ChannelRefusal, mayChangeChannel } from '../domain/channel-permission.js';
import type { HolidayLookup } from '../domain/holidays.js';
import type { OutboxRow } from '../domain/outbox.js';
import { formatTime, nextHolidaySkipped, nextPost, type Weekday, weekdays } from '../domain/schedule.js';
import type { Subscription } from '../domain/subscription.js';
import type { OutboxRepository } from '../storage/outbox-repository.js';
import type { SubscriptionRepository } from '../storage/subscription-repository.js';
import type { ChannelAccess, TimeZoneOf } from './deps.js';

export type SubscriptionDeps = {
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: OutboxRepository;
  /** Which days are public holidays in a calendar (`publicHolidayOn`). */
  readonly holidays: HolidayLookup;
};

export type Where = { readonly teamId: string; readonly channelId: string };

export type ScheduleView = {
  readonly subscription: Subscription;
  readonly next: { date: string; at: number } | null;
  readonly lastPost: OutboxRow | undefined;
  /** The next public holiday that takes a post away, within 14 days (the channel skips holidays). */
  readonly nextHoliday: { date: string; name: string } | null;
};

function view(deps: SubscriptionDeps, subscription: Subscription, now: number): ScheduleView {
  const { teamId, channelId } = subscription;
  const posted = (date: string) => deps.outbox.find(teamId, channelId, date) !== undefined;
  return {
    subscription,
    next: nextPost(subscription, now, posted, deps.holidays),
    lastPost: deps.outbox.lastSent(teamId, channelId),
    nextHoliday: nextHolidaySkipped(subscription, now, deps.holidays),
  };
}

/** What `/star subscribe` means without arguments: 09:00 on weekdays, in the subscriber's time zone. */
const subscriptionDefaults = { time: '09:00', days: weekdays } as const;

export type SubscribeResult =
  | ({ ok: true } & ScheduleView & { changed: boolean })
  /** The bot cannot be in the channel (Slack's code: `channel_not_found` for a private one it is not in). */
  | { ok: false; reason: 'no-access'; code: string }
  /** The caller may not change this channel's settings (channel-permission.ts). */
  | ChannelRefusal;

/**
 * `/star subscribe [time] [zone] [days] [holidays CC|off]`: opts the channel in, or changes its
 * settings. What is not given stays as it was on a subscribed channel (`subscribe holidays DE`
 * changes only the holidays); on a new one it is `subscriptionDefaults`, the zone being the
 * subscriber's own (Slack's, asked only then), and no holidays skipped. `holidays: null` stops
 * skipping them. The bot must be in the channel (it joins a public one), or the thread replies would
 * never reach it. The first post is the first scheduled time after now; a channel that already got
 * today's question does not get another today. Anyone may subscribe a channel; changing a subscribed
 * one's settings is for its subscriber or an admin (`mayChangeChannel`), who does not become its
 * subscriber: the first one stays.
 */
export async function subscribe(
  deps: SubscriptionDeps,
  slack: ChannelAccess & { timeZoneOf: TimeZoneOf },
  input: Where &
    Caller & {
      time?: string | undefined;
      timeZone?: string | undefined;
      days?: readonly Weekday[] | undefined;
      /** A holiday calendar (`DE`, `DE-BY`), null to skip no holidays, undefined to leave it as it is. */
      holidays?: string | null | undefined;
      now: number;
    },
): Promise<SubscribeResult> {
  const find = () => deps.subscriptions.find(input.teamId, input.channelId);
  const before = mayChangeChannel(input, find());
  if (!before.ok) return before; // refused before the bot joins anything
  const membership = await slack.ensureMember(input.channelId);
  if (!membership.ok) return { ok: false, reason: 'no-access', code: membership.code };
  // Asked again: someone else may have subscribed the channel while Slack answered.
  const current = find();
  const permission = mayChangeChannel(input, current);
  if (!permission.ok) return permission;
  const timeZone = input.timeZone ?? current?.timeZone ?? (await slack.timeZoneOf(input.userId));
  deps.subscriptions.save({
    teamId: input.teamId,
    channelId: input.channelId,
    time: input.time ?? (current ? formatTime(current.time) : subscriptionDefaults.time),
    timeZone,
    days: input.days ?? current?.days ?? subscriptionDefaults.days,
    holidays: input.holidays === undefined ? (current?.holidays ?? null) : input.holidays,
    createdBy: input.userId, // kept on a subscribed channel: the repository never overwrites it
    at: input.now,
  });
  const saved = deps.subscriptions.find(input.teamId, input.channelId);
  if (!saved) throw new Error('subscription not saved');
  return { ok: true, ...view(deps, saved, input.now), changed: current !== undefined };
}

/** What a change of a subscribed channel came to when it did not happen. */
type NotChanged = { ok: false; reason: 'not-subscribed' } | ChannelRefusal;

/**
 * The subscription of the channel, when there is one and the caller may change it; else why not.
 * A channel without one is "not subscribed" whoever asks: there is nothing to change.
 */
function changeable(
  deps: SubscriptionDeps,
  input: Where & Caller,
): { ok: true; sub: Subscription } | NotChanged {
  const sub = deps.subscriptions.find(input.teamId, input.channelId);
  if (!sub) return { ok: false, reason: 'not-subscribed' };
  const permission = mayChangeChannel(input, sub);
  return permission.ok ? { ok: true, sub } : permission;
}

/** `/star unsubscribe`: the question of the day stops in the channel. */
export function unsubscribe(deps: SubscriptionDeps, input: Where & Caller): { ok: true } | NotChanged {
  const found = changeable(deps, input);
  if (!found.ok) return found;
  deps.subscriptions.remove(input.teamId, input.channelId);
  return { ok: true };
}

export type Outcome =
  | { ok: true; view: ScheduleView }
  | NotChanged
  /** The date is past (or, to pause until, today) in the channel's time zone, whose today this is. */
  | { ok: false; reason: 'date-passed'; date: string; today: string; timeZone: string };

/** The channel's schedule, or that it has none. */
type Shown = { ok: true; view: ScheduleView } | { ok: false; reason: 'not-subscribed' };

function after(deps: SubscriptionDeps, where: Where, now: number): Shown {
  const subscription = deps.subscriptions.find(where.teamId, where.channelId);
  return subscription
    ? { ok: true, view: view(deps, subscription, now) }
    : { ok: false, reason: 'not-subscribed' };
}

/** `/star pause [until DATE]`: no posts until DATE (posting resumes that day), or until resumed. */
export function pause(
  deps: SubscriptionDeps,
  input: Where & Caller & { until?: string | undefined; now: number },
): Outcome {
  const found = changeable(deps, input);
  if (!found.ok) return found;
  const { sub } = found;
  const today = localDate(input.now, sub.timeZone);
  if (input.until && input.until <= today)
    return { ok: false, reason: 'date-passed', date: input.until, today, timeZone: sub.timeZone };
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

/** `/star resume`: posting starts again (a pause for any reason, ours or Slack's, is lifted). */
export function resume(deps: SubscriptionDeps, input: Where & Caller & { now: number }): Outcome {
  const found = changeable(deps, input);
  if (!found.ok) return found;
  deps.subscriptions.resume(input.teamId, input.channelId);
  return after(deps, input, input.now);
}

/** `/star skip DATE`: no post that day. */
export function skipDate(
  deps: SubscriptionDeps,
  input: Where & Caller & { date: string; now: number },
): Outcome {
  const found = changeable(deps, input);
  if (!found.ok) return found;
  const { sub } = found;
  const today = localDate(input.now, sub.timeZone);
  if (input.date < today)
    return { ok: false, reason: 'date-passed', date: input.date, today, timeZone: sub.timeZone };
  deps.subscriptions.skip(input.teamId, input.channelId, input.date);
  return after(deps, input, input.now);
}

/** `/star schedule`: open to everyone (the view says who may change the settings: `subscriberOf`). */
export function showSchedule(deps: SubscriptionDeps, input: Where & { now: number }): Shown {
  return after(deps, input, input.now);
}
