import type { App } from '@slack/bolt';
import { unhandled } from '../ids.js';
import { staleCardText } from './actions/card-action.js';

/**
 * Interactions no listener handles (a button or form no version of ours handles any more):
 * acknowledged at once, instead of Bolt answering 404 after Slack's 3 seconds have passed and the
 * user has seen an error; a click is told its card is out of date.
 */
export function registerFallbacks(app: App): void {
  app.action({ action_id: unhandled.action }, async ({ ack, respond, body }) => {
    await ack();
    if ('response_url' in body && body.response_url) {
      await respond({ replace_original: false, response_type: 'ephemeral', text: staleCardText });
    }
  });
  app.view({ callback_id: unhandled.view }, async ({ ack }) => {
    await ack();
  });
  app.shortcut({ callback_id: unhandled.shortcut }, async ({ ack }) => {
    await ack();
  });
}
