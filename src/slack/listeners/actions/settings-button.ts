import { personalSettings } from '../../../use-cases/settings.js';
import { settingsModal } from '../../blocks/settings.js';
import { commandCaller, roleWithin } from '../../command-caller.js';
import type { SlackDeps } from '../../deps.js';
import { type ButtonArgs, whoClicked } from './card-action.js';

/**
 * "Settings" on the App Home: the Settings window, filled in as the user's settings stand, with the
 * channels they manage (an admin: every subscribed channel; when Slack is slow to say, only theirs).
 */
export function settingsButtonClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const role = await roleWithin(commandCaller(args.client, who.userId));
    const settings = await personalSettings(deps.personal, deps.reviews, { ...who, role });
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: settingsModal(settings) });
  };
}
