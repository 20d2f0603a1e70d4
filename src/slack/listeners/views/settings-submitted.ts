import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { personalSettingsFormSchema } from '../../../domain/settings.js';
import { savePersonalSettings } from '../../../use-cases/settings.js';
import { settingsInputs } from '../../blocks/settings.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { refreshHome } from '../../home-publisher.js';
import { fieldErrors } from './modal-form.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The Settings window's state as Slack submits it: the reminder's text (null when emptied) and the
 * ticked checkboxes (none: an empty list, or no `selected_options` at all). Read into the form the
 * domain validates.
 */
const settingsStateSchema = z
  .object({
    [settingsInputs.reminder]: z.object({
      [settingsInputs.reminder]: z.object({ value: z.string().nullish() }),
    }),
    [settingsInputs.hide]: z.object({
      [settingsInputs.hide]: z.object({
        selected_options: z.array(z.object({ value: z.string() })).nullish(),
      }),
    }),
  })
  .transform((values) => ({
    reminder: values.reminder.reminder.value ?? '',
    hide: (values.hide.hide.selected_options ?? []).some((option) => option.value === 'hide'),
  }));

/**
 * The Settings window was submitted: an unreadable time goes back to its field (through ack); valid
 * settings are saved (the reminder set or removed, the leaderboard privacy) and the Home republished.
 */
export function settingsSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client, logger, context }: Args): Promise<void> => {
    const state = settingsStateSchema.safeParse(view.state.values);
    if (!state.success) {
      await ack({
        response_action: 'errors',
        errors: {
          [settingsInputs.reminder]: 'This window is out of date. Close it and click "Settings" again.',
        },
      });
      return;
    }
    const form = personalSettingsFormSchema.safeParse(state.data);
    if (!form.success) {
      await ack(fieldErrors(form.error));
      return;
    }
    await ack();
    const who = actingUser(context, body.user.id);
    await savePersonalSettings(deps.personal, deps.reviews, { who, form: form.data, now: deps.now() });
    await refreshHome(deps, client, who, logger);
  };
}
