import type { webApi } from '@slack/bolt';
import type { StoryPoster } from '../use-cases/stories.js';
import { sharedStoryMessage } from './blocks/stories.js';
import { ensureBotInChannel } from './channel-membership.js';

/** The story bank's ports at the Slack edge: a story posted in a channel for review (its deck file goes through `dmFileSender`, export-file.ts). */
export function storyPoster(client: webApi.WebClient): StoryPoster {
  return {
    ensureMember: (channelId) => ensureBotInChannel(client, channelId),
    async postStory({ channelId, story }) {
      const posted = sharedStoryMessage(story);
      const result = await client.chat.postMessage({
        channel: channelId,
        text: posted.text,
        blocks: posted.blocks,
        unfurl_links: false,
      });
      if (!result.ts) throw new Error('chat.postMessage returned no ts');
      return { ts: result.ts };
    },
  };
}

/**
 * A deck is a small text file. Reading one runs on the event loop (Markdown parsing: about 1.5 s
 * for 1 MB on a busy 2-core machine, and the import parses it twice, to check the bank exports
 * cleanly), so a file is taken up to this size: room for a hundred stories of ~5,000 characters
 * (a bank of twelve full stories is ~60 KB).
 */
export const deckFileMaxBytes = 512_000;

export type DownloadedFile = { ok: true; text: string } | { ok: false; reason: string };

/**
 * The text of a file shared with the app: Slack serves a file's `url_private_download` to a token
 * with files:read, in an Authorization header (Slack's "Working with files" guide). The token goes
 * only to Slack's own file host (or the API's host, as a stand-in of Slack serves both), never to
 * another address a payload could name.
 */
export async function downloadSharedFile(
  client: webApi.WebClient,
  token: string,
  url: string,
): Promise<DownloadedFile> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, reason: 'Slack gave no address for the file' };
  }
  const apiOrigin = new URL(client.slackApiUrl).origin;
  if (target.origin !== 'https://files.slack.com' && target.origin !== apiOrigin)
    return { ok: false, reason: 'the file is not on Slack' };
  try {
    const response = await fetch(target, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
      return { ok: false, reason: `Slack did not give me the file (HTTP ${response.status})` };
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > deckFileMaxBytes)
      return { ok: false, reason: 'the file is over 500 KB: a deck of stories is far smaller' };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, reason: 'the file is not UTF-8 text' };
    }
    // Slack answers a request without access with its sign-in page, not the file.
    if (/^\s*<!DOCTYPE html/i.test(text)) return { ok: false, reason: 'Slack did not give me the file' };
    return { ok: true, text };
  } catch {
    return { ok: false, reason: 'the download failed' };
  }
}
