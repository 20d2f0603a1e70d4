import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { channelSettingsFormSchema, channelStatuses } from '../../../domain/settings.js';
import {
  checkChannelSettings,
  type SaveChannelSettingsResult,
  saveChannelSettings,
} from '../../../use-cases/channel-settings.js';
import { notAllowedMessage } from '../../blocks/channel-permission.js';
import { channelSettingsInputs as ids } from '../../blocks/channel-settings.js';
import {
  channelSettingsChangedMessage,
  channelSettingsSavedNote,
  formatDate,
} from '../../blocks/schedule.js';
import { channelIdSchema, decode } from '../../card-state.js';
import { ensureBotInChannel } from '../../channel-membership.js';
import { commandCaller, roleWithin } from '../../command-caller.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { refreshSettingsWindow } from '../../settings-window.js';
import { postFailureText } from '../../slack-errors.js';
import { fieldErrors } from './modal-form.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadataSchema = z.object({ c: channelIdSchema });

/** One input of the window, as Slack submits its state: `{ <block_id>: { <action_id>: … } }`. */
const input = <T extends z.ZodType>(id: string, value: T) => z.object({ [id]: value });
const options = z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() });

/** The channel settings window's state, read into the form the domain validates. */
const channelSettingsStateSchema = z
  .object({
    [ids.time]: input(ids.time, z.object({ selected_time: z.string().nullish() })),
    [ids.zone]: input(ids.zone, z.object({ value: z.string().nullish() })),
    [ids.days]: input(ids.days, options),
    [ids.holidays]: input(ids.holidays, z.object({ value: z.string().nullish() })),
    [ids.status]: input(
      ids.status,
      z.object({ selected_option: z.object({ value: z.enum(channelStatuses) }).nullish() }),
    ),
    [ids.pausedUntil]: input(ids.pausedUntil, z.object({ selected_date: z.string().nullish() })),
    [ids.skip]: input(ids.skip, z.object({ selected_date: z.string().nullish() })),
    [ids.coach]: input(ids.coach, options),
    [ids.pairs]: input(
      ids.pairs,
      z.object({ selected_option: z.object({ value: z.enum(['off', 'weekly', 'biweekly']) }).nullish() }),
    ),
    [ids.pairsDay]: input(
      ids.pairsDay,
      z.object({ selected_option: z.object({ value: z.string() }).nullish() }),
    ),
  })
  .transform((v) => ({
    time: v.time.time?.selected_time ?? '',
    zone: v.zone.zone?.value ?? '',
    days: (v.days.days?.selected_options ?? []).map((o) => o.value),
    holidays: v.holidays.holidays?.value ?? '',
    status: v.status.status?.selected_option?.value ?? 'posting',
    pausedUntil: v.pausedUntil.pausedUntil?.selected_date ?? '',
    skip: v.skip.skip?.selected_date ?? '',
    coach: (v.coach.coach?.selected_options ?? []).some((o) => o.value === 'on'),
    pairs: v.pairs.pairs?.selected_option?.value ?? 'off',
    pairsDay: v.pairsDay.pairsDay?.selected_option?.value ?? '1',
  }));

/** A refusal that is not about one field: said on the first field, where the user is looking. */
function notSavedText(result: Exclude<SaveChannelSettingsResult, { ok: true }>): {
  field: string;
  text: string;
} {
  switch (result.reason) {
    case 'date-passed': {
      const where = `in the channel’s time zone (${result.timeZone})`;
      return {
        field: result.field,
        text:
          result.field === 'pausedUntil' && result.date === result.today
            ? `${formatDate(result.date)} is already today ${where}: pick a later day.`
            : `${formatDate(result.date)} has passed ${where}: pick a later day.`,
      };
    }
    case 'not-subscribed':
      return { field: ids.time, text: 'This channel has no question of the day any more.' };
    case 'no-access':
      return { field: ids.time, text: postFailureText(result.code) };
    default:
      return { field: ids.time, text: notAllowedMessage('subscribe', result).text };
  }
}

/**
 * A channel's settings window was submitted. Before it closes: the form read (each problem on its
 * field), who may change the channel (Slack says whether they are an admin) and the dates. Then
 * the window closes, the changes are saved through the commands' use cases, the channel is told
 * what changed (as the commands tell it), and the Settings window underneath says it was saved.
 */
export function channelSettingsSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client, logger, context }: Args): Promise<void> => {
    const metadata = decode(metadataSchema, view.private_metadata);
    const state = channelSettingsStateSchema.safeParse(view.state.values);
    if (!metadata || !state.success) {
      await ack({
        response_action: 'errors',
        errors: { [ids.time]: 'This window is out of date. Close it and open the channel again.' },
      });
      return;
    }
    const form = channelSettingsFormSchema.safeParse(state.data);
    if (!form.success) {
      await ack(fieldErrors(form.error));
      return;
    }
    const who = actingUser(context, body.user.id);
    const caller = commandCaller(client, who.userId);
    const change = {
      ...who,
      channelId: metadata.c,
      role: await roleWithin(caller), // before the ack: within its 3 s
      form: form.data,
      now: deps.now(),
    };
    const checked = checkChannelSettings(deps.channelSettings, change);
    if (!checked.ok) {
      const { field, text } = notSavedText(checked);
      await ack({ response_action: 'errors', errors: { [field]: text } });
      return;
    }
    await ack();
    const saved = await saveChannelSettings(
      deps.channelSettings,
      {
        ensureMember: (channelId) => ensureBotInChannel(client, channelId),
        timeZoneOf: () => caller.timeZone(),
      },
      change,
    );
    let note: string;
    if (!saved.ok) note = `:warning: <#${metadata.c}> was not saved: ${notSavedText(saved).text}`;
    else {
      note = channelSettingsSavedNote(metadata.c, saved.changes.length > 0);
      if (saved.changes.length > 0) {
        const announcement = channelSettingsChangedMessage(saved, saved.changes, who.userId, deps.now());
        try {
          await client.chat.postMessage({ channel: metadata.c, ...announcement });
        } catch (error) {
          logger.warn('could not announce the new settings in the channel:', (error as Error).message);
          note = `:white_check_mark: Saved <#${metadata.c}> (I could not tell the channel).`;
        }
      }
    }
    const rootViewId = view.root_view_id ?? view.previous_view_id;
    if (rootViewId)
      await refreshSettingsWindow(deps, client, {
        who: { ...who, role: change.role },
        viewId: rootViewId,
        note,
      });
  };
}
