import type { webApi } from '@slack/bolt';
import type { FileSender } from '../use-cases/personal-data.js';
import type { DeckFileSender } from '../use-cases/stories.js';
import { slackErrorCode } from './slack-errors.js';

/**
 * A file in the app's DM with the user (conversations.open, then files.uploadV2, which needs
 * files:write), with its title and comment: `/star export`'s CSV, the story bank's deck. Any failure
 * comes back as `ok: false`, with Slack's error code when Slack refused.
 */
export function dmFileSender(client: webApi.WebClient): DeckFileSender {
  return {
    async sendFile({ userId, filename, content, title, comment }) {
      try {
        const channel = (await client.conversations.open({ users: userId })).channel?.id;
        if (!channel) throw new Error('no DM channel');
        await client.filesUploadV2({
          channel_id: channel,
          filename,
          title,
          content,
          initial_comment: comment,
        });
        return { ok: true };
      } catch (error) {
        return { ok: false, code: slackErrorCode(error) };
      }
    },
  };
}

/** `/star export`'s CSV as a file in the app's DM with the user. */
export function exportFileSender(client: webApi.WebClient): FileSender {
  const dm = dmFileSender(client);
  return {
    sendFile: (input) =>
      dm.sendFile({
        ...input,
        title: 'STAR Partner export',
        comment: 'Your STAR Partner data: practice, answers and the reviews you received.',
      }),
  };
}
