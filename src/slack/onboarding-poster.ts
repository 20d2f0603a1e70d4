import type { Logger, webApi } from '@slack/bolt';
import type { DeliveryOutcome } from '../domain/delivery-policy.js';
import type { OnboardingPoster, OnceResult } from '../use-cases/onboarding.js';
import type { Message } from './blocks/kit.js';
import { channelIntroMessage, mentionHelpMessage, welcomeMessage } from './blocks/onboarding.js';
import { classifyDeliveryError } from './daily-poster.js';
import { createDeliveryClient } from './web-client.js';

/**
 * The Slack side of the onboarding messages: chat.postMessage, each outcome sorted as the outbox
 * sorts its posts (taken, not taken, or maybe taken), so the use case knows whether its claim stays.
 */
function slackOnboardingPoster(client: webApi.WebClient): OnboardingPoster {
  const post = async (channel: string, content: Message, threadTs?: string): Promise<DeliveryOutcome> => {
    try {
      const result = await client.chat.postMessage({
        channel,
        text: content.text,
        blocks: content.blocks,
        unfurl_links: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return result.ts
        ? { ok: true, ts: result.ts }
        : { ok: false, kind: 'unknown', error: 'no ts in the reply' };
    } catch (error) {
      return classifyDeliveryError(error);
    }
  };
  return {
    // A user id as the channel: the app's DM with them (chat:write, no conversations.open needed).
    welcome: (userId) => post(userId, welcomeMessage()),
    introduce: (channelId, standing) => post(channelId, channelIntroMessage(standing)),
    helpAfterMention: (channelId, threadTs) => post(channelId, mentionHelpMessage(), threadTs),
  };
}

/**
 * A poster per bot token, on a delivery client: no automatic retries (a post retried after a lost
 * reply could land twice) and 429s handed back. Kept while the token is the same.
 */
export function onboardingPosters(options: {
  apiUrl: string | undefined;
  logger: Logger;
  fetch?: webApi.FetchFunction | undefined;
}): (token: string) => OnboardingPoster {
  const posters = new Map<string, OnboardingPoster>();
  return (token) => {
    let poster = posters.get(token);
    if (!poster) {
      poster = slackOnboardingPoster(createDeliveryClient({ token, ...options }));
      posters.set(token, poster);
    }
    return poster;
  };
}

/**
 * Logs what a once-only message came to (`what` names it: "the welcome to U1"). True when Slack did
 * not take it and trying again later can work: an event's listener then fails, so the inbox
 * delivers the event again.
 */
export function reportOnce(result: OnceResult, logger: Logger, what: string): boolean {
  switch (result.kind) {
    case 'sent':
      logger.info(`${what}: sent`);
      return false;
    case 'already':
      logger.debug(`${what}: sent before, not again`);
      return false;
    case 'skipped':
      logger.debug(`${what}: not sent (${result.why})`);
      return false;
    case 'failed':
      logger.warn(`${what}: Slack did not take it (${result.error})`);
      return result.retry;
    case 'in-doubt':
      logger.warn(`${what}: Slack may have taken it or not (${result.error}); not sent again`);
      return false;
  }
}
