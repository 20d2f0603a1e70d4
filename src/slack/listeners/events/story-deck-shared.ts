import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { importStories } from '../../../use-cases/stories.js';
import { importResultMessage } from '../../blocks/stories.js';
import type { SlackDeps } from '../../deps.js';
import { parsed } from '../../envelopes.js';
import { refreshHome } from '../../home-publisher.js';
import { deckFileMaxBytes, downloadSharedFile } from '../../story-files.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * `message` (message.im) with subtype `file_share`: a person sent files in their DM with the app
 * (the Messages tab). A Markdown file is read as a deck of their own stories (story-deck.ts).
 */
const dmFileShareSchema = z.object({
  subtype: z.literal('file_share'),
  channel_type: z.literal('im'),
  channel: z.string().min(1),
  user: z.string().min(1),
  bot_id: z.undefined().optional(),
  files: z
    .array(
      z.object({
        id: z.string(),
        name: z.string().default('deck.md'),
        size: z.number().optional(),
        url_private_download: z.string().optional(),
      }),
    )
    .min(1),
});

const isDeckFile = (name: string) => /\.(md|markdown|txt)$/i.test(name);

/**
 * A deck sent to the app in a DM: each Markdown file is downloaded (files:read), checked with the
 * same file:line errors as `star stories check`, and imported into the sender's story bank when it
 * has no error; the outcome is told in the DM. Any other file is answered with what to send.
 */
export function storyDeckShared(deps: SlackDeps) {
  return async ({ event, context, client, logger }: Args): Promise<void> => {
    const shared = parsed(dmFileShareSchema, event);
    const { teamId, botToken } = context;
    if (!shared || !teamId || !botToken) return;
    // The app's own uploads in the DM (an exported deck) are never read back as the user's.
    if (shared.user === context.botUserId) return;
    const who = { teamId, userId: shared.user };
    let imported = false;
    for (const file of shared.files) {
      const reply = async (outcome: Parameters<typeof importResultMessage>[1]) => {
        const message = importResultMessage(file.name, outcome);
        await client.chat.postMessage({
          channel: shared.channel,
          text: message.text,
          blocks: message.blocks,
        });
      };
      if (!isDeckFile(file.name)) {
        await reply({
          kind: 'unreadable',
          reason: 'send a Markdown deck (.md), like the one *Export my stories* gives you.',
        });
        continue;
      }
      if ((file.size ?? 0) > deckFileMaxBytes || !file.url_private_download) {
        await reply({
          kind: 'unreadable',
          reason: file.url_private_download
            ? 'the file is over 500 KB: a deck of stories is far smaller.'
            : 'Slack gave me no way to download it.',
        });
        continue;
      }
      const download = await downloadSharedFile(client, botToken, file.url_private_download);
      if (!download.ok) {
        await reply({ kind: 'unreadable', reason: `${download.reason}.` });
        continue;
      }
      const result = importStories(deps.stories, {
        who,
        text: download.text,
        file: file.name,
        now: deps.now(),
      });
      imported ||= result.kind === 'imported';
      await reply(result);
    }
    if (imported) await refreshHome(deps, client, who, logger);
  };
}
