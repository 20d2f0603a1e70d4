import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerMention } from '../../../use-cases/onboarding.js';
import type { SlackDeps } from '../../deps.js';
import { appMentionSchema, parsed } from '../../envelopes.js';
import { reportOnce } from '../../onboarding-poster.js';

type Args = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

/**
 * `app_mention`: a short help in the mention's thread (the thread it was written in, or a new one
 * under it), once per message: Slack's retries and the inbox's redeliveries post nothing more.
 * When Slack did not take the reply and may later, the listener fails so the inbox tries again.
 */
export function appMentioned(deps: SlackDeps) {
  return async ({ event, context, logger }: Args): Promise<void> => {
    const mention = parsed(appMentionSchema, event);
    const { teamId, botToken } = context;
    if (!mention || !teamId || !botToken) return;
    const result = await answerMention(deps.onboarding, deps.onboardingPoster(botToken), {
      teamId,
      channelId: mention.channel,
      ts: mention.ts,
      threadTs: mention.thread_ts,
      fromBot: mention.bot_id !== undefined || mention.user === undefined,
      now: deps.now(),
    });
    if (reportOnce(result, logger, `the help after a mention in ${mention.channel}`)) {
      throw new Error(`the help after a mention in ${mention.channel} was not posted: it is tried again`);
    }
  };
}
