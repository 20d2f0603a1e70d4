import type { App, MessageShortcut } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { reviewShortcut } from '../../ids.js';
import { reviewShortcut as onReviewShortcut } from './review-shortcut.js';

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(
    { callback_id: reviewShortcut, type: 'message_action' },
    onReviewShortcut(deps),
  );
}
