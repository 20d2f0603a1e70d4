import { forgetMe } from '../../../use-cases/personal-data.js';
import { forgetCancelledMessage, forgottenMessage } from '../../blocks/personal.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../home-publisher.js';
import { type ButtonArgs, showCard, whoClicked } from './card-action.js';

/**
 * "Delete my data" after /star forget-me: every row of the clicker in this workspace goes, in
 * batches in the background; the card says what went once it is done.
 */
export function forgetConfirm(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const counts = await forgetMe(deps.personal, { who, now: deps.now() });
    if (!counts) return; // the app is stopping: the deletion finishes after the restart
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
