import type { webApi } from '@slack/bolt';
import type { FileSender } from '../use-cases/personal-data.js';
import { slackErrorCode } from './slack-errors.js';

/**
 * `/star export`'s CSV as a file in the app's DM with the user (conversations.open, then
 * files.uploadV2, which needs files:write). Any failure comes back as `ok: false`, with Slack's error
 * code when Slack refused.
 */
export function exportFileSender(client: webApi.WebClient): FileSender {
  return {
    async sendFile({ userId, filename, content }) {
      try {
        const channel = (await client.conversations.open({ users: userId })).channel?.id;
        if (!channel) throw new Error('no DM channel');
        await client.filesUploadV2({
          channel_id: channel,
          filename,
          title: 'STAR Partner export',
          content,
          initial_comment: 'Your STAR Partner data: practice, answers and the reviews you received.',
        });
        return { ok: true };
      } catch (error) {
        return { ok: false, code: slackErrorCode(error) };
      }
    },
  };
}
