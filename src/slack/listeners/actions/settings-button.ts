import { personalSettings } from '../../../use-cases/settings.js';
import { settingsModal } from '../../blocks/settings.js';
import type { SlackDeps } from '../../deps.js';
import { type ButtonArgs, whoClicked } from './card-action.js';

/** "Settings" on the App Home: the Settings window, filled in as the user's settings stand. */
export function settingsButtonClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const settings = await personalSettings(deps.personal, deps.reviews, whoClicked(args));
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: settingsModal(settings) });
  };
}
