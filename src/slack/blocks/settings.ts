import type { types } from '@slack/bolt';
import { describeDays, formatTime } from '../../domain/schedule.js';
import type { Subscription } from '../../domain/subscription.js';
import type { PersonalSettings } from '../../use-cases/settings.js';
import { actions, views } from '../ids.js';
import { type Block, type Button, button, context, divider, plain, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { formatDate } from './schedule.js';

/** The ids of the Settings window's inputs: each input's block_id and action_id. */
export const settingsInputs = { reminder: 'reminder', hide: 'hide' } as const;

const hideOption = { text: plain('Hide me from leaderboards and weekly recaps'), value: 'hide' };

/** "Settings" on the App Home. */
export const settingsButton = (): Button => button('Settings', actions.settings, 'home');

/** At most this many channels are listed in the window, each with its "Change" (the rest are counted). */
const channelsListed = 20;

/** "<#C1>: 09:00 Europe/Berlin, weekdays — paused until Mon, 7 Dec 2026". */
function channelLine(s: Subscription): string {
  const paused = s.paused ? ` — paused${s.pausedUntil ? ` until ${formatDate(s.pausedUntil)}` : ''}` : '';
  return `<#${s.channelId}>: ${formatTime(s.time)} ${escapeMrkdwn(s.timeZone)}, ${describeDays(s.days)}${paused}`;
}

/**
 * The channels whose question of the day the user may change (they subscribed it, or they are a
 * workspace admin), each summarised with a "Change" button that opens its settings.
 */
function channelsBlocks(channels: readonly Subscription[]): Block[] {
  if (channels.length === 0)
    return [
      context(
        '*Channels you manage:* none yet. A channel you subscribe with `/star subscribe 9am` is listed here, to change from here.',
      ),
    ];
  const more =
    channels.length > channelsListed
      ? `… and ${channels.length - channelsListed} more: change those with the slash commands in the channel.`
      : undefined;
  return [
    ...sections('*Channels you manage* — their question of the day'),
    ...channels.slice(0, channelsListed).map(
      (s): Block => ({
        type: 'section',
        block_id: `channel-${s.channelId}`,
        text: { type: 'mrkdwn', text: channelLine(s) },
        accessory: button('Change', actions.channelSettings, s.channelId),
      }),
    ),
    ...(more ? [context(more)] : []),
  ];
}

/**
 * The Settings window (App Home → Settings): the daily reminder (a time, or "off") and whether the
 * user is on leaderboards, filled in as they stand (the same settings as `/star remind` and
 * `/star leaderboard hide|show`); then the channels whose question of the day they manage, each
 * with a "Change" button. `note` is said at the top (what a channel's settings window saved).
 */
export function settingsModal(settings: PersonalSettings, note?: string): types.ModalView {
  const zone = settings.reminder?.timeZone ?? settings.timeZone;
  return {
    type: 'modal',
    callback_id: views.settings,
    title: plain('Settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      ...(note ? sections(note) : []),
      {
        type: 'input',
        block_id: settingsInputs.reminder,
        optional: true,
        label: plain('Your daily reminder'),
        hint: plain(
          `A DM at this time each day when questions are due for review, in your Slack time zone (${zone}). A time like 8:30am or 20:30, or off.`,
        ),
        element: {
          type: 'plain_text_input',
          action_id: settingsInputs.reminder,
          max_length: 100,
          initial_value: settings.reminder?.time ?? 'off',
          placeholder: plain('8:30am, or off'),
        },
      },
      {
        type: 'input',
        block_id: settingsInputs.hide,
        optional: true,
        label: plain('Leaderboards'),
        element: {
          type: 'checkboxes',
          action_id: settingsInputs.hide,
          options: [hideOption],
          ...(settings.hidden ? { initial_options: [hideOption] } : {}),
        },
      },
      context(
        'Hidden, your answers still get reactions and reviews; nobody sees you on a leaderboard. `/star remind` and `/star leaderboard hide|show` change these too.',
      ),
      divider(),
      ...channelsBlocks(settings.channels),
    ],
  };
}
