import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { StarCommand } from '../../../domain/command-text.js';
import { canShareIn, conversationKind } from '../../../domain/conversation.js';
import {
  pause,
  resume,
  showSchedule,
  skipDate,
  subscribe,
  unsubscribe,
} from '../../../use-cases/subscriptions.js';
import {
  datePassedMessage,
  directMessageOnlyMessage,
  inviteFirstMessage,
  notSubscribedMessage,
  pausedMessage,
  resumedMessage,
  scheduleMessage,
  skippedMessage,
  subscribedMessage,
  unsubscribedMessage,
} from '../../blocks/schedule.js';
import { ensureBotInChannel } from '../../channel-membership.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { postFailureText } from '../../slack-errors.js';
import { userTimeZone } from '../../user-time-zone.js';
import type { CommandReply } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type SubscriptionCommand = Extract<
  StarCommand,
  { name: 'subscribe' | 'unsubscribe' | 'pause' | 'resume' | 'skip' | 'schedule' }
>;

/**
 * The channel's question of the day. Changes are confirmed in the channel, for everyone to see;
 * `schedule` and problems are answered privately.
 */
export async function subscriptionCommand(
  deps: SlackDeps,
  args: Args,
  star: SubscriptionCommand,
  reply: CommandReply,
): Promise<void> {
  const { command, client, context } = args;
  const { teamId, userId } = actingUser(context, command.user_id);
  const where = { teamId, channelId: command.channel_id };
  const { privately, publicly } = reply;
  if (!canShareIn(conversationKind(command.channel_id, command.channel_name)))
    return privately(directMessageOnlyMessage());
  const now = deps.now();

  switch (star.name) {
    case 'subscribe': {
      // Joining the channel and the caller's zone take Slack calls: ack now, answer when they replied.
      await reply.later();
      const subscribed = await subscribe(
        deps.subscriptions,
        {
          ensureMember: (channelId) => ensureBotInChannel(client, channelId),
          timeZoneOf: (user) => userTimeZone(client, user),
        },
        {
          ...where,
          userId,
          time: star.time,
          timeZone: star.timeZone,
          days: star.days,
          holidays: star.holidays,
          now: deps.now(),
        },
      );
      if (!subscribed.ok) {
        return privately(
          subscribed.code === 'channel_not_found'
            ? inviteFirstMessage()
            : { text: postFailureText(subscribed.code) },
        );
      }
      return publicly(
        subscribedMessage(subscribed, userId, deps.now(), { holidaysOff: star.holidays === null }),
      );
    }
    case 'unsubscribe':
      return unsubscribe(deps.subscriptions, where)
        ? publicly(unsubscribedMessage(userId))
        : privately(notSubscribedMessage());
    case 'schedule': {
      const outcome = showSchedule(deps.subscriptions, { ...where, now });
      return privately(outcome.ok ? scheduleMessage(outcome.view, now) : notSubscribedMessage());
    }
    case 'pause': {
      const outcome = pause(deps.subscriptions, { ...where, until: star.until, userId, now });
      if (outcome.ok) return publicly(pausedMessage(outcome.view, userId, now));
      return privately(
        outcome.reason === 'date-passed'
          ? datePassedMessage({ command: 'pause', ...outcome })
          : notSubscribedMessage(),
      );
    }
    case 'resume': {
      const outcome = resume(deps.subscriptions, { ...where, now });
      return outcome.ok
        ? publicly(resumedMessage(outcome.view, userId, now))
        : privately(notSubscribedMessage());
    }
    case 'skip': {
      const outcome = skipDate(deps.subscriptions, { ...where, date: star.date, now });
      if (outcome.ok) return publicly(skippedMessage(outcome.view, star.date, userId, now));
      return privately(
        outcome.reason === 'date-passed'
          ? datePassedMessage({ command: 'skip', ...outcome })
          : notSubscribedMessage(),
      );
    }
  }
}
