import { listCategories } from '../../../use-cases/practice-question.js';
import { categoriesModal, dailyGuideModal } from '../../blocks/onboarding.js';
import type { SlackDeps } from '../../deps.js';
import { type ButtonArgs, whoClicked } from './card-action.js';

/**
 * The first steps' buttons (a newcomer's App Home, the welcome DM). A Home click has no
 * response_url, so each answers with a window (views.open with the click's trigger_id), the same
 * wherever it was clicked.
 */

/** "How the question of the day works". */
export function howDailyWorks() {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: dailyGuideModal() });
  };
}

/** "See categories": each category with how many of its questions the user practised. */
export function seeCategories(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const view = categoriesModal(listCategories(deps.practice, whoClicked(args)));
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  };
}
