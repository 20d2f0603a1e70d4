import { localDate, type Weekday } from '../domain/calendar.js';
import type { Caller, ChannelRefusal } from '../domain/channel-permission.js';
import { mayChangeChannel } from '../domain/channel-permission.js';
import type { PairsCadence } from '../domain/pairing.js';
import { formatTime, postsOn } from '../domain/schedule.js';
import type { ChannelSettingsForm } from '../domain/settings.js';
import type { Subscription } from '../domain/subscription.js';
import type { PairsSettings } from '../storage/pairs-repository.js';
import type { CoachDeps } from './coaching.js';
import type { ChannelAccess, TimeZoneOf, Who } from './deps.js';
import { type PairsDeps, turnPairsOff, turnPairsOn } from './pairs.js';
import { type PlanDeps, planQuestion } from './plan-daily-posts.js';
import {
  type Outcome,
  pause,
  resume,
  type ScheduleView,
  type SubscriptionDeps,
  showSchedule,
  skipDate,
  subscribe,
  type Where,
} from './subscriptions.js';

/**
 * A channel's question of the day changed from the App Home's Settings window (time, zone, days,
 * holidays, pause, skip, the coach, "Post today's question now"): the same rules as the slash
 * commands, through the same use cases, for the same people (`mayChangeChannel`).
 */
export type ChannelSettingsDeps = {
  readonly subscriptions: SubscriptionDeps;
  readonly coach: Pick<CoachDeps, 'channelSettings'>;
  /** For "Post today's question now": the question chosen and written to the outbox as the daily plan does. */
  readonly plan: Pick<PlanDeps, 'library' | 'outbox' | 'atomically' | 'random' | 'now'>;
  /** The channel's mock-interview rounds (pairs.ts), turned on, changed or off from the same window. */
  readonly pairs: PairsDeps;
};

/**
 * The channels whose question of the day `who` may change: the ones they subscribed, or, for a
 * workspace admin or owner, every subscribed channel of the workspace.
 */
export function channelsManagedBy(
  deps: Pick<SubscriptionDeps, 'subscriptions'>,
  who: Who & { role: Caller['role'] },
): Subscription[] {
  return deps.subscriptions
    .ofTeam(who.teamId)
    .filter((s) => who.role === 'admin' || s.createdBy === who.userId);
}

export type ChannelSettings = ScheduleView & {
  readonly coach: boolean;
  /** The channel's mock-interview rounds; undefined when they are off. */
  readonly pairs: PairsSettings | undefined;
};

type NotChangeable = { ok: false; reason: 'not-subscribed' } | ChannelRefusal;

/** A subscribed channel's settings as they stand, for whoever may change them; else why not. */
export function channelSettingsFor(
  deps: ChannelSettingsDeps,
  input: Where & Caller & { now: number },
): ({ ok: true } & ChannelSettings) | NotChangeable {
  const shown = showSchedule(deps.subscriptions, input);
  if (!shown.ok) return shown;
  const permission = mayChangeChannel(input, shown.view.subscription);
  if (!permission.ok) return permission;
  return {
    ok: true,
    ...shown.view,
    coach: deps.coach.channelSettings.coachEnabled(input.teamId, input.channelId),
    pairs: deps.pairs.pairs.settings(input.teamId, input.channelId),
  };
}

/** What a save changed, in the order the channel is told. */
export type ChannelSettingsChange =
  | { kind: 'schedule' }
  | { kind: 'paused'; until: string | null }
  | { kind: 'resumed' }
  | { kind: 'skipped'; date: string }
  | { kind: 'coach'; enabled: boolean }
  | { kind: 'pairs'; rounds: { cadence: PairsCadence; weekday: Weekday } | null };

export type SaveChannelSettingsResult =
  | ({ ok: true; changes: ChannelSettingsChange[] } & ChannelSettings)
  | NotChangeable
  /** A date of the form that has passed in the channel's (new) time zone: the field it is in. */
  | {
      ok: false;
      reason: 'date-passed';
      field: 'pausedUntil' | 'skip';
      date: string;
      today: string;
      timeZone: string;
    }
  /** The bot cannot be in the channel (Slack's code). */
  | { ok: false; reason: 'no-access'; code: string };

type Checked = { ok: true; before: ChannelSettings; newSkip: string | null } | SaveNotDone;
type SaveNotDone = Exclude<SaveChannelSettingsResult, { ok: true }>;

/**
 * Whether the form can be saved, without changing anything or asking Slack: who may change the
 * channel, and the dates (a pause must end after today, a skipped day must not have passed, in the
 * channel's time zone as the form sets it). What a window checks before it closes.
 */
export function checkChannelSettings(
  deps: ChannelSettingsDeps,
  input: Where & Caller & { form: ChannelSettingsForm; now: number },
): Checked {
  const { form, now } = input;
  const before = channelSettingsFor(deps, input);
  if (!before.ok) return before;
  const today = localDate(now, form.timeZone);
  const passed = (field: 'pausedUntil' | 'skip', date: string): SaveNotDone => ({
    ok: false,
    reason: 'date-passed',
    field,
    date,
    today,
    timeZone: form.timeZone,
  });
  if (form.pausedUntil !== null && form.pausedUntil <= today) return passed('pausedUntil', form.pausedUntil);
  const newSkip = form.skip !== null && !before.subscription.skips.has(form.skip) ? form.skip : null;
  if (newSkip !== null && newSkip < today) return passed('skip', newSkip);
  return { ok: true, before, newSkip };
}

/**
 * Saves the Settings window's form for a channel: checked as a whole before anything changes (who
 * may change it, dates that have passed in the channel's time zone as saved), then only what
 * differs is changed — time, zone, days and holidays through `subscribe` (which moves the start of
 * the schedule, so an unchanged schedule is left alone), the pause, a skipped day, the coach.
 */
export async function saveChannelSettings(
  deps: ChannelSettingsDeps,
  slack: ChannelAccess & { timeZoneOf: TimeZoneOf },
  input: Where & Caller & { form: ChannelSettingsForm; now: number },
): Promise<SaveChannelSettingsResult> {
  const { form } = input;
  const checked = checkChannelSettings(deps, input);
  if (!checked.ok) return checked;
  const { before, newSkip } = checked;
  const sub = before.subscription;
  const changes: ChannelSettingsChange[] = [];
  const time = formatTime(sub.time);
  const scheduleChanged =
    form.time !== time ||
    form.timeZone !== sub.timeZone ||
    form.days.join() !== [...sub.days].sort((a, b) => a - b).join() ||
    form.holidays !== sub.holidays;
  if (scheduleChanged) {
    const saved = await subscribe(deps.subscriptions, slack, {
      ...input,
      time: form.time,
      timeZone: form.timeZone,
      days: form.days,
      holidays: form.holidays,
    });
    if (!saved.ok) return saved;
    changes.push({ kind: 'schedule' });
  }
  // The commands' own use cases, which check again (the dates were checked above, in the new zone).
  if (form.paused && (!sub.paused || sub.pausedUntil !== form.pausedUntil)) {
    const paused = pause(deps.subscriptions, { ...input, until: form.pausedUntil ?? undefined });
    if (!paused.ok) return notDone(paused, 'pausedUntil');
    changes.push({ kind: 'paused', until: form.pausedUntil });
  } else if (!form.paused && sub.paused) {
    const resumed = resume(deps.subscriptions, input);
    if (!resumed.ok) return notDone(resumed, 'pausedUntil');
    changes.push({ kind: 'resumed' });
  }
  if (newSkip !== null) {
    const skipped = skipDate(deps.subscriptions, { ...input, date: newSkip });
    if (!skipped.ok) return notDone(skipped, 'skip');
    changes.push({ kind: 'skipped', date: newSkip });
  }
  if (form.coach !== before.coach) {
    deps.coach.channelSettings.setCoach(input.teamId, input.channelId, form.coach);
    changes.push({ kind: 'coach', enabled: form.coach });
  }
  const rounds = before.pairs ? { cadence: before.pairs.cadence, weekday: before.pairs.weekday } : null;
  if (JSON.stringify(form.pairs) !== JSON.stringify(rounds)) {
    // Through `/star pairs on|off`'s use cases (the same rule for who may change the channel).
    if (form.pairs === null) turnPairsOff(deps.pairs, input);
    else {
      const on = await turnPairsOn(deps.pairs, slack, { ...input, ...form.pairs });
      if (!on.ok) return on;
    }
    changes.push({ kind: 'pairs', rounds: form.pairs });
  }
  const after = channelSettingsFor(deps, input);
  if (!after.ok) return after; // unsubscribed meanwhile
  return { ...after, changes };
}

/** A command's refusal as the form's: a date that has passed is put on the field it came from. */
function notDone(
  outcome: Exclude<Outcome, { ok: true }>,
  field: 'pausedUntil' | 'skip',
): SaveChannelSettingsResult {
  return outcome.reason === 'date-passed' ? { ...outcome, field } : outcome;
}

export type PostNowResult =
  | { ok: true; date: string }
  /** Today already has its question (planned, sent, or being sent): nothing more is posted. */
  | { ok: false; reason: 'already'; date: string }
  | { ok: false; reason: 'no-question' }
  /** Today is not a posting day (paused, skipped, a public holiday it skips, not one of its days). */
  | { ok: false; reason: 'not-a-posting-day'; date: string }
  | NotChangeable;

/**
 * "Post today's question now": today's question of the day (in the channel's time zone), written to
 * the outbox at once so the dispatcher sends it now instead of at the posting time, for whoever may
 * change the channel. Only on a posting day (a paused or skipped day's post would be dropped by the
 * dispatcher: the settings say no post today); never a second question on one day.
 */
export function postTodaysQuestionNow(
  deps: ChannelSettingsDeps,
  input: Where & Caller & { now: number },
): PostNowResult {
  const found = channelSettingsFor(deps, input);
  if (!found.ok) return found;
  const date = localDate(input.now, found.subscription.timeZone);
  if (deps.plan.outbox.find(input.teamId, input.channelId, date))
    return { ok: false, reason: 'already', date };
  if (!postsOn(found.subscription, date, deps.subscriptions.holidays))
    return { ok: false, reason: 'not-a-posting-day', date };
  const planned = planQuestion(deps.plan, found.subscription, date);
  if (planned) return { ok: true, date };
  // Someone else's plan won the race, or the deck is empty.
  return deps.plan.outbox.find(input.teamId, input.channelId, date)
    ? { ok: false, reason: 'already', date }
    : { ok: false, reason: 'no-question' };
}
