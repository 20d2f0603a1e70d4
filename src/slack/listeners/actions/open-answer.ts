import { yourAnswerRefSchema } from '../../../domain/your-answer-ref.js';
import { timeZoneOfPerson } from '../../../use-cases/peer-review.js';
import { openYourAnswer } from '../../../use-cases/your-answers.js';
import { answerNotFoundModal, yourAnswerModal } from '../../blocks/your-answer.js';
import { decode } from '../../card-state.js';
import type { SlackDeps } from '../../deps.js';
import { type ButtonArgs, whoClicked } from './card-action.js';

/**
 * "Open" beside an answer on the App Home: the answer in full in a modal (a Home click has no
 * response_url: the modal is the only reply). The button's value names the answer; it is looked up
 * with the workspace Bolt authorized and the user who clicked, so a value naming anyone else's
 * answer (or anything else) opens a modal saying it cannot be opened.
 */
export function openAnswerButton(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const ref = decode(yourAnswerRefSchema, args.action.value);
    const answer = ref && openYourAnswer(deps.practice, deps.reviews, { who, ref });
    // The time zone is known from the Home just published (people are remembered for an hour).
    const view = answer
      ? yourAnswerModal(answer, await timeZoneOfPerson(deps.reviews.people, who))
      : answerNotFoundModal();
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  };
}
