import { endOfLocalDay } from '../../../domain/calendar.js';
import { timeZoneOfPerson } from '../../../use-cases/peer-review.js';
import {
  findFollowUp,
  openFollowUp,
  rateRecall,
  revealAnswer,
  serveQuestion,
} from '../../../use-cases/practice-question.js';
import { storiesFor } from '../../../use-cases/stories.js';
import { noMatchMessage } from '../../blocks/categories.js';
import { type CardPlace, questionCard } from '../../blocks/question-card.js';
import type { SlackDeps } from '../../deps.js';
import { refreshHome } from '../../home-publisher.js';
import {
  type ButtonArgs,
  clickedCard,
  clickedMessageTs,
  placeOf,
  showCard,
  staleCardText,
  tellPrivately,
  whoClicked,
} from './card-action.js';

/** Where the card is, with the clicker's stories for "Answer with one of my stories". */
const placeWithStories = (deps: SlackDeps, args: ButtonArgs, questionId: string): CardPlace => ({
  ...placeOf(args.body),
  stories: storiesFor(deps.stories, { who: whoClicked(args), questionId }),
});

/** "Show model answer": S/T/A/R and insights, then the self-rating buttons. */
export function showAnswer(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    const who = whoClicked(args);
    const question = state && revealAnswer(deps.practice, { who, questionId: state.q, now: deps.now() });
    if (!state || !question) return tellPrivately(args, staleCardText);
    // Clicked on a question the channel sees (a daily or shared post): the card keeps its thread.
    const threadTs = args.body.container?.is_ephemeral ? undefined : clickedMessageTs(args.body);
    const shown = {
      ...state,
      a: 1 as const,
      ...(threadTs && placeOf(args.body).share ? { t: threadTs } : {}),
    };
    await showCard(args, questionCard(question, shown, placeWithStories(deps, args, question.id)));
    await refreshHome(deps, args.client, who, args.logger);
  };
}

/** "Follow-up" / "Next follow-up": the follow-up question, its answer behind a second click. */
export function followUp(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    const question =
      state?.i !== undefined &&
      openFollowUp(deps.practice, {
        who: whoClicked(args),
        questionId: state.q,
        index: state.i,
        now: deps.now(),
      });
    if (!state || !question) return tellPrivately(args, staleCardText);
    await showCard(args, questionCard(question, state, placeWithStories(deps, args, question.id)));
  };
}

/** "Show follow-up answer". */
export function followUpAnswer(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    const question =
      state?.i !== undefined && findFollowUp(deps.practice, { questionId: state.q, index: state.i });
    if (!state || !question) return tellPrivately(args, staleCardText);
    await showCard(
      args,
      questionCard(question, { ...state, s: 1 }, placeWithStories(deps, args, question.id)),
    );
  };
}

/** Again / Hard / Good / Easy. */
export function rate(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    const who = whoClicked(args);
    const question =
      state?.r && rateRecall(deps.practice, { who, questionId: state.q, rating: state.r, now: deps.now() });
    if (!state || !question) return tellPrivately(args, staleCardText);
    await showCard(args, questionCard(question, state, placeWithStories(deps, args, question.id)));
    await refreshHome(deps, args.client, who, args.logger);
  };
}

/** "Next question": the next one under the same filter, never the one on screen. */
export function nextQuestion(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    if (!state) return tellPrivately(args, staleCardText);
    const served = serveQuestion(deps.practice, {
      who: whoClicked(args),
      filter: state.f,
      excludeId: state.q,
      now: deps.now(),
    });
    await showCard(
      args,
      served.kind === 'question'
        ? questionCard(
            served.question,
            { q: served.question.id, ...(state.f ? { f: state.f } : {}) },
            placeWithStories(deps, args, served.question.id),
          )
        : noMatchMessage(served.filter, served.categories),
    );
  };
}

/**
 * "Practice now" on the App Home: the next question as a card in the app's DM, where nothing can be
 * shared with a team — first the ones the Home lists as due today (in the user's time zone).
 */
export function practiceNow(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const now = deps.now();
    // The zone is known from the Home just published (people are remembered for an hour).
    const dueBefore = endOfLocalDay(now, await timeZoneOfPerson(deps.reviews.people, who));
    const served = serveQuestion(deps.practice, { who, now, dueBefore });
    const card =
      served.kind === 'question'
        ? questionCard(
            served.question,
            { q: served.question.id },
            { share: false, stories: storiesFor(deps.stories, { who, questionId: served.question.id }) },
          )
        : noMatchMessage(served.filter, served.categories);
    await args.client.chat.postMessage({ channel: who.userId, ...card });
  };
}
