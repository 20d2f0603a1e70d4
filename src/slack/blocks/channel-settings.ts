import type { types } from '@slack/bolt';
import { type Weekday, weekdayName } from '../../domain/calendar.js';
import { formatTime } from '../../domain/schedule.js';
import type { ChannelSettings } from '../../use-cases/channel-settings.js';
import { encode } from '../card-state.js';
import { actions, views } from '../ids.js';
import { actionsBlock, button, context, plain, sections } from './kit.js';
import { formatDate, formatWhen } from './schedule.js';

/** The ids of a channel settings window's inputs: each input's block_id and action_id. */
export const channelSettingsInputs = {
  time: 'time',
  zone: 'zone',
  days: 'days',
  holidays: 'holidays',
  status: 'status',
  pausedUntil: 'pausedUntil',
  skip: 'skip',
  coach: 'coach',
  pairs: 'pairs',
  pairsDay: 'pairsDay',
} as const;

const allDays: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const dayOption = (day: Weekday) => ({ text: plain(weekdayName(day)), value: String(day) });
const statusOptions = {
  posting: { text: plain('Posting on its days'), value: 'posting' },
  paused: { text: plain('Paused'), value: 'paused' },
} as const;
const pairsOptions = {
  off: { text: plain('Off'), value: 'off' },
  weekly: { text: plain('Every week'), value: 'weekly' },
  biweekly: { text: plain('Every two weeks'), value: 'biweekly' },
} as const;
const coachOption = {
  text: plain('STAR coach: private feedback on each answer in a thread, for its author'),
  value: 'on',
};

/** The window's private_metadata: the channel it changes. */
const channelOf = (channelId: string) => encode({ c: channelId });

/**
 * A channel's question of the day in a window (pushed over the Settings window), filled in as it
 * stands: time, zone, days, public holidays, posting or paused (until a day), a day to skip, the
 * coach; and "Post today's question now". `note` is said at the top (what "Post now" did).
 */
export function channelSettingsModal(settings: ChannelSettings, note?: string): types.ModalView {
  const s = settings.subscription;
  const ids = channelSettingsInputs;
  const upcomingSkips = [...s.skips].sort().filter((d) => settings.next === null || d >= settings.next.date);
  const pauseReason = s.paused && s.pauseReason ? context(`Paused now — ${s.pauseReason}.`) : undefined;
  return {
    type: 'modal',
    callback_id: views.channelSettings,
    private_metadata: channelOf(s.channelId),
    title: plain('Question of the day'),
    submit: plain('Save'),
    close: plain('Back'),
    blocks: [
      ...(note ? sections(note) : []),
      ...sections(
        `*<#${s.channelId}>* — changes are announced in the channel. The slash commands (\`/star subscribe\`, \`/star pause\`, …) change the same settings.`,
      ),
      {
        type: 'input',
        block_id: ids.time,
        label: plain('Time'),
        element: { type: 'timepicker', action_id: ids.time, initial_time: formatTime(s.time) },
      },
      {
        type: 'input',
        block_id: ids.zone,
        label: plain('Time zone'),
        hint: plain('A zone like Europe/Berlin or America/New_York; CET, EST or a city like Tokyo work too.'),
        element: {
          type: 'plain_text_input',
          action_id: ids.zone,
          max_length: 100,
          initial_value: s.timeZone,
        },
      },
      {
        type: 'input',
        block_id: ids.days,
        label: plain('Days'),
        element: {
          type: 'checkboxes',
          action_id: ids.days,
          options: allDays.map(dayOption),
          ...(s.days.length > 0 ? { initial_options: [...s.days].sort((a, b) => a - b).map(dayOption) } : {}),
        },
      },
      {
        type: 'input',
        block_id: ids.holidays,
        optional: true,
        label: plain('Skip public holidays of'),
        hint: plain(
          'A country (DE) or a region (DE-BY): no question on its public holidays. Empty: none skipped.',
        ),
        element: {
          type: 'plain_text_input',
          action_id: ids.holidays,
          max_length: 100,
          ...(s.holidays ? { initial_value: s.holidays } : {}),
          placeholder: plain('DE, US, GB, DE-BY …'),
        },
      },
      {
        type: 'input',
        block_id: ids.status,
        label: plain('Posting'),
        element: {
          type: 'radio_buttons',
          action_id: ids.status,
          options: [statusOptions.posting, statusOptions.paused],
          initial_option: s.paused ? statusOptions.paused : statusOptions.posting,
        },
      },
      ...(pauseReason ? [pauseReason] : []),
      {
        type: 'input',
        block_id: ids.pausedUntil,
        optional: true,
        label: plain('Paused until'),
        hint: plain('When paused: posting starts again on this day. Empty: until someone resumes it.'),
        element: {
          type: 'datepicker',
          action_id: ids.pausedUntil,
          ...(s.pausedUntil ? { initial_date: s.pausedUntil } : {}),
        },
      },
      {
        type: 'input',
        block_id: ids.skip,
        optional: true,
        label: plain('Skip a day'),
        hint: plain(
          upcomingSkips.length > 0
            ? `Already skipped: ${upcomingSkips.slice(0, 5).map(formatDate).join(', ')}.`
            : 'No question on this day.',
        ),
        element: { type: 'datepicker', action_id: ids.skip },
      },
      {
        type: 'input',
        block_id: ids.coach,
        optional: true,
        label: plain('Coach'),
        element: {
          type: 'checkboxes',
          action_id: ids.coach,
          options: [coachOption],
          ...(settings.coach ? { initial_options: [coachOption] } : {}),
        },
      },
      {
        type: 'input',
        block_id: ids.pairs,
        label: plain('Mock interviews in pairs'),
        hint: plain('Rounds pair whoever joined (/star pairs join), at the question of the day’s time.'),
        element: {
          type: 'radio_buttons',
          action_id: ids.pairs,
          options: Object.values(pairsOptions),
          initial_option: pairsOptions[settings.pairs?.cadence ?? 'off'],
        },
      },
      {
        type: 'input',
        block_id: ids.pairsDay,
        label: plain('Rounds on'),
        element: {
          type: 'static_select',
          action_id: ids.pairsDay,
          options: allDays.map(dayOption),
          initial_option: dayOption(settings.pairs?.weekday ?? 1),
        },
      },
      actionsBlock('post_now', [button("Post today's question now", actions.postTodayNow, s.channelId)]),
      context(
        `${settings.next ? `Next question: ${formatWhen(settings.next.at, s.timeZone)}.` : 'No question is coming (paused, or no days).'} “Post today's question now” sends today's at once; the channel still gets one a day.`,
      ),
    ],
  };
}

/** A channel's settings window once they can no longer be shown (unsubscribed, or no longer the user's to change). */
export function channelSettingsGoneModal(note: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: views.channelSettings,
    title: plain('Question of the day'),
    close: plain('Back'),
    blocks: sections(note),
  };
}
