import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { actions, openAnswerActionPattern, rateActionPattern } from '../../ids.js';
import { followUp, followUpAnswer, nextQuestion, practiceNow, rate, showAnswer } from './card-buttons.js';
import { channelSettingsClick, postTodayNowClick } from './channel-settings-buttons.js';
import { howDailyWorks, seeCategories } from './first-steps.js';
import { forgetCancel, forgetConfirm } from './forget-buttons.js';
import { openAnswerButton } from './open-answer.js';
import { pairsDecisionClick, pairsFeedbackClick, pairsMembershipClick } from './pairs-buttons.js';
import { reviewButton } from './review-button.js';
import { settingsButtonClick } from './settings-button.js';
import { answerInThreadButton, answerIt, postMyAnswer, postQuestion } from './sharing-buttons.js';
import { registerStoryActions } from './story-buttons.js';

export function registerActions(app: App, deps: SlackDeps): void {
  const on = (actionId: string | RegExp, handler: ReturnType<typeof showAnswer>) =>
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, handler);
  on(actions.showAnswer, showAnswer(deps));
  on(actions.followUp, followUp(deps));
  on(actions.followUpAnswer, followUpAnswer(deps));
  on(rateActionPattern, rate(deps));
  on(actions.nextQuestion, nextQuestion(deps));
  on(actions.answerIt, answerIt(deps));
  on(actions.postQuestion, postQuestion(deps));
  on(actions.postAnswer, postMyAnswer(deps));
  on(actions.answerInThread, answerInThreadButton(deps));
  on(actions.review, reviewButton(deps));
  on(actions.practiceNow, practiceNow(deps));
  on(actions.howDailyWorks, howDailyWorks());
  on(actions.seeCategories, seeCategories(deps));
  on(actions.settings, settingsButtonClick(deps));
  on(actions.channelSettings, channelSettingsClick(deps));
  on(actions.postTodayNow, postTodayNowClick(deps));
  on(actions.forgetConfirm, forgetConfirm(deps));
  on(actions.forgetCancel, forgetCancel());
  on(openAnswerActionPattern, openAnswerButton(deps));
  on(actions.pairsJoin, pairsMembershipClick(deps, 'join'));
  on(actions.pairsLeave, pairsMembershipClick(deps, 'leave'));
  on(actions.pairsFeedback, pairsFeedbackClick(deps));
  on(actions.pairsMet, pairsDecisionClick(deps, 'met'));
  on(actions.pairsSkip, pairsDecisionClick(deps, 'skipped'));
  registerStoryActions(app, deps);
}
