import { forgetMe } from '../../../use-cases/personal-data.js';
import { forgetCancelledMessage, forgottenMessage } from '../../blocks/personal.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../home-publisher.js';
import { type ButtonArgs, showCard, whoClicked } from './card-action.js';

/** "Delete my data" after /star forget-me: every row of the clicker in this workspace goes. */
export function forgetConfirm(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const counts = forgetMe(deps.personal, who);
    args.logger.info(`forget-me: deleted ${Object.values(counts).reduce((a, b) => a + b, 0)} rows of a user`);
    await showCard(args, forgottenMessage(counts));
    await publishHome(deps, args.client, who).catch(() => undefined);
  };
}

export function forgetCancel() {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    await showCard(args, forgetCancelledMessage());
  };
}
