import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { introduceToChannel } from '../../../use-cases/onboarding.js';
import type { SlackDeps } from '../../deps.js';
import { memberJoinedSchema, parsed } from '../../envelopes.js';
import { reportOnce } from '../../onboarding-poster.js';

type Args = SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs;

/**
 * `member_joined_channel` about the bot itself (public and private channels): one introduction in
 * that channel, once per channel, when a person invited it. Others joining are not our business.
 * When Slack did not take the message and may later, the listener fails: the inbox delivers the
 * event again, and the claim makes sure it is posted once.
 */
export function botJoined(deps: SlackDeps) {
  return async ({ event, context, logger }: Args): Promise<void> => {
    const joined = parsed(memberJoinedSchema, event);
    const { teamId, botToken } = context;
    if (!joined || !teamId || !botToken || joined.user !== context.botUserId) return;
    const result = await introduceToChannel(deps.onboarding, deps.onboardingPoster(botToken), {
      teamId,
      channelId: joined.channel,
      inviterId: joined.inviter,
      now: deps.now(),
    });
    if (reportOnce(result, logger, `the introduction in ${joined.channel}`)) {
      throw new Error(`the introduction in ${joined.channel} was not posted: it is tried again`);
    }
  };
}
