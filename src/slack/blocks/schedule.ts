import { addDays, localDate, weekdayName } from '../../domain/calendar.js';
import { subscriberOf } from '../../domain/channel-permission.js';
import { findHolidayCalendar } from '../../domain/holidays.js';
import { describeDays, formatTime } from '../../domain/schedule.js';
import type { ChannelSettingsChange } from '../../use-cases/channel-settings.js';
import type { ScheduleView } from '../../use-cases/subscriptions.js';
import { whoMayChange } from './channel-permission.js';
import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** "Wed 25 Nov, 09:00" in the channel's time zone. */
export function formatWhen(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(at)
    .replace(' at ', ', ');
}

/** "Mon, 7 Dec 2026": a local date as the channel is told it. */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

function settingsLine(view: ScheduleView): string {
  const { subscription: s } = view;
  return `${formatTime(s.time)} ${escapeMrkdwn(s.timeZone)}, ${describeDays(s.days)}`;
}

/** "public holidays in Germany (DE)", "… in Bayern, Germany (DE-BY)". */
function holidaysOf(code: string): string {
  const name = findHolidayCalendar(code)?.name;
  return `public holidays in ${name ? `${escapeMrkdwn(name)} (${code})` : code}`;
}

/** The settings as a subscription's confirmation says them: with the holidays it skips. */
function settingsWithHolidays(view: ScheduleView): string {
  const { holidays } = view.subscription;
  return `${settingsLine(view)}${holidays ? `, not on ${holidaysOf(holidays)}` : ''}`;
}

/** Which holidays are skipped, and the next one that takes a post away (within 14 days). */
function holidaysLine(view: ScheduleView): string | undefined {
  const { subscription: s, nextHoliday } = view;
  if (!s.holidays) return undefined;
  const next = nextHoliday
    ? ` — the next one skipped: ${escapeMrkdwn(nextHoliday.name)} (${formatDate(nextHoliday.date)})`
    : '';
  return `*Holidays:* ${holidaysOf(s.holidays)} are skipped${next}`;
}

function nextLine(view: ScheduleView, now: number): string {
  const { subscription: s, next } = view;
  if (!next) return s.paused ? 'none until someone runs `/star resume`' : 'none (no posting days)';
  return next.at <= now + 60_000
    ? 'now (the next scheduler pass, within a minute)'
    : formatWhen(next.at, s.timeZone);
}

function pauseLine(view: ScheduleView): string | undefined {
  const { subscription: s } = view;
  if (!s.paused) return undefined;
  // Pause reasons are ours (who paused, or the Slack error), written with their mentions.
  const reason = s.pauseReason ? ` — ${s.pauseReason}` : '';
  return s.pausedUntil
    ? `:double_vertical_bar: *Paused* until ${formatDate(s.pausedUntil)}${reason}`
    : `:double_vertical_bar: *Paused*${reason}`;
}

/**
 * The channel's confirmation of `subscribe`; `holidaysOff`: the command said `holidays off`, so it
 * says public holidays are posted on again.
 */
export function subscribedMessage(
  view: ScheduleView & { changed: boolean },
  userId: string,
  now: number,
  options: { holidaysOff?: boolean } = {},
): Message {
  const verb = view.changed
    ? 'changed the question of the day to'
    : 'subscribed this channel to the question of the day:';
  const holidaysOff = options.holidaysOff ? ' Public holidays get a question like any other day.' : '';
  return message(`Question of the day: ${settingsWithHolidays(view)}`, [
    ...sections(
      `:calendar: <@${userId}> ${verb} *${settingsWithHolidays(view)}*.${holidaysOff}\nNext question: *${nextLine(view, now)}*. Answers go in its thread.`,
    ),
    context('Manage it with `/star schedule`, `/star pause`, `/star skip tomorrow`, `/star unsubscribe`.'),
  ]);
}

/** One change from the Settings window, as the channel is told it. */
function changeLine(change: ChannelSettingsChange, view: ScheduleView): string {
  switch (change.kind) {
    case 'schedule':
      return `:calendar: the question of the day is now *${settingsWithHolidays(view)}*`;
    case 'paused':
      return change.until
        ? `:double_vertical_bar: paused until ${formatDate(change.until)}`
        : ':double_vertical_bar: paused until someone resumes it';
    case 'resumed':
      return ':arrow_forward: resumed';
    case 'skipped':
      return `:fast_forward: no question on ${formatDate(change.date)}`;
    case 'coach':
      return change.enabled
        ? ':speech_balloon: the STAR coach is on: each answer in a thread gets private feedback for its author'
        : ':speech_balloon: the STAR coach is off here';
    case 'pairs':
      return change.rounds
        ? `:handshake: mock interviews in pairs ${change.rounds.cadence === 'weekly' ? 'every week' : 'every two weeks'} on ${weekdayName(change.rounds.weekday)}: join with \`/star pairs join\``
        : ':handshake: no more mock interview rounds here';
  }
}

/**
 * What someone changed in the channel's settings from the App Home, said in the channel in one
 * message (as the slash commands say theirs), with the next question.
 */
export function channelSettingsChangedMessage(
  view: ScheduleView,
  changes: readonly ChannelSettingsChange[],
  userId: string,
  now: number,
): Message {
  const lines = changes.map((change) => `• ${changeLine(change, view)}`).join('\n');
  return message('Question of the day settings changed', [
    ...sections(
      `<@${userId}> changed this channel’s settings:\n${lines}\nNext question: *${nextLine(view, now)}*.`,
    ),
  ]);
}

/** What the Settings window says once a channel's settings were saved: one line. */
export function channelSettingsSavedNote(channelId: string, changed: boolean): string {
  return changed
    ? `:white_check_mark: Saved <#${channelId}>: the channel was told what changed.`
    : `Nothing changed in <#${channelId}>.`;
}

export function scheduleMessage(view: ScheduleView, now: number): Message {
  const { subscription: s, lastPost } = view;
  const today = localDate(now, s.timeZone); // the channel's today, not UTC's
  const upcomingSkips = [...s.skips].filter((d) => d >= today).sort();
  const lines = [
    `*Question of the day:* ${settingsLine(view)}`,
    `*Next post:* ${nextLine(view, now)}`,
    pauseLine(view),
    holidaysLine(view),
    upcomingSkips.length > 0 ? `*Skipping:* ${upcomingSkips.map(formatDate).join(', ')}` : undefined,
    lastPost ? `*Last post:* ${formatDate(lastPost.localDate)}` : '*Last post:* none yet',
  ].filter((line): line is string => line !== undefined);
  return message('Question of the day schedule', [
    ...sections(lines.join('\n')),
    context(
      `Only ${whoMayChange(subscriberOf(s))} can change these settings, pause, skip, unsubscribe or turn the coach off here: \`/star subscribe HH:MM Area/City days\`; skip a country’s public holidays with \`/star subscribe holidays DE\`.`,
    ),
  ]);
}

export function pausedMessage(view: ScheduleView, userId: string, now: number): Message {
  const until = view.subscription.pausedUntil;
  return message('Question of the day paused', [
    ...sections(
      until
        ? `:double_vertical_bar: <@${userId}> paused the question of the day until ${formatDate(until)}. Next question: *${nextLine(view, now)}*.`
        : `:double_vertical_bar: <@${userId}> paused the question of the day. \`/star resume\` starts it again.`,
    ),
  ]);
}

export function resumedMessage(view: ScheduleView, userId: string, now: number): Message {
  return message('Question of the day resumed', [
    ...sections(
      `:arrow_forward: <@${userId}> resumed the question of the day. Next question: *${nextLine(view, now)}*.`,
    ),
  ]);
}

export function skippedMessage(view: ScheduleView, date: string, userId: string, now: number): Message {
  return message('Question of the day skipped', [
    ...sections(
      `:fast_forward: <@${userId}> skipped the question of the day on ${formatDate(date)}. Next question: *${nextLine(view, now)}*.`,
    ),
  ]);
}

export function unsubscribedMessage(userId: string): Message {
  return message('Unsubscribed', [
    ...sections(
      `:wave: <@${userId}> unsubscribed this channel from the question of the day. Practice goes on with \`/star question\`.`,
    ),
  ]);
}

export function notSubscribedMessage(): Message {
  return message('Not subscribed', [
    ...sections(
      'This channel has no question of the day. Start one with `/star subscribe` (09:00 on weekdays in your time zone), or `/star subscribe 08:30 Europe/Berlin mon,wed,fri`.',
    ),
  ]);
}

/**
 * A pause until a day that is not after today, or a skip of a past day, in the channel's time zone:
 * which day, where it has passed, and the first day that would work.
 */
export function datePassedMessage(input: {
  command: 'pause' | 'skip';
  date: string;
  today: string;
  timeZone: string;
}): Message {
  const { command, date, today, timeZone } = input;
  const where = `this channel’s time zone (${escapeMrkdwn(timeZone)})`;
  const problem =
    command === 'pause' && date === today
      ? `${formatDate(date)} is already today in ${where}: a pause until today pauses nothing`
      : `${formatDate(date)} has passed in ${where}`;
  const example = `/star ${command} ${addDays(today, 1)}`;
  return message('That date has passed', [...sections(`:warning: ${problem}. Try \`${example}\`.`)]);
}

export function directMessageOnlyMessage(): Message {
  return message('Subscriptions are for channels', [
    ...sections(
      'The question of the day is for channels, where the team answers in threads. Run `/star subscribe` in the channel you want it in (invite me first if it is private). Here, `/star question` gives you a private question any time.',
    ),
  ]);
}

export function inviteFirstMessage(): Message {
  return message('Invite me first', [
    ...sections(
      ':wave: I need to be in this channel to post the question and see the answers in its thread. Invite me with `/invite @STAR Partner`, then run `/star subscribe` again.',
    ),
  ]);
}
