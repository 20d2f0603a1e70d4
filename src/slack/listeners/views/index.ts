import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { views } from '../../ids.js';
import { answerSubmitted } from './answer-submitted.js';
import { channelSettingsSubmitted } from './channel-settings-submitted.js';
import { mockFeedbackSubmitted } from './mock-feedback-submitted.js';
import { reviewSubmitted } from './review-submitted.js';
import { settingsSubmitted } from './settings-submitted.js';
import { storySubmitted } from './story-submitted.js';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(views.answer, answerSubmitted(deps));
  app.view(views.review, reviewSubmitted(deps));
  app.view(views.settings, settingsSubmitted(deps));
  app.view(views.channelSettings, channelSettingsSubmitted(deps));
  app.view(views.mockFeedback, mockFeedbackSubmitted(deps));
  app.view(views.story, storySubmitted(deps));
}
