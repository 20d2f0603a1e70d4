import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { StarCommand } from '../../../domain/command-text.js';
import { canShareIn, conversationKind } from '../../../domain/conversation.js';
import {
  type Outcome,
  pause,
  resume,
  showSchedule,
  skipDate,
  subscribe,
  unsubscribe,
} from '../../../use-cases/subscriptions.js';
import { notAllowedMessage } from '../../blocks/channel-permission.js';
import type { Message } from '../../blocks/kit.js';
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
import type { CommandCaller } from '../../command-caller.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { postFailureText } from '../../slack-errors.js';
import type { CommandReply } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type SubscriptionCommand = Extract<
  StarCommand,
  { name: 'subscribe' | 'unsubscribe' | 'pause' | 'resume' | 'skip' | 'schedule' }
>;

/**
 * The channel's question of the day. Changes are confirmed in the channel, for everyone to see;
 * `schedule` (anyone's to read) and problems are answered privately. A change is for whoever may
 * change the channel's settings (channel-permission.ts): the caller's role comes from Slack, so
 * every change acks first and answers through response_url; a refusal names who can.
 */
export async function subscriptionCommand(
  deps: SlackDeps,
  args: Args,
  star: SubscriptionCommand,
  reply: CommandReply,
  caller: CommandCaller,
): Promise<void> {
  const { command, client, context } = args;
  const { teamId, userId } = actingUser(context, command.user_id);
  const where = { teamId, channelId: command.channel_id };
  const { privately, publicly } = reply;
  if (!canShareIn(conversationKind(command.channel_id, command.channel_name)))
    return privately(directMessageOnlyMessage());
  const now = deps.now();
  if (star.name === 'schedule') {
    const outcome = showSchedule(deps.subscriptions, { ...where, now });
    return privately(outcome.ok ? scheduleMessage(outcome.view, now) : notSubscribedMessage());
  }

  // The caller's role (and, for a new subscription, zone) take Slack calls, as joining the channel
  // does: ack now, answer when Slack replied.
  await reply.later();
  const changer = { ...where, userId, role: await caller.role() };
  switch (star.name) {
    case 'subscribe': {
      const subscribed = await subscribe(
        deps.subscriptions,
        {
          ensureMember: (channelId) => ensureBotInChannel(client, channelId),
          timeZoneOf: () => caller.timeZone(),
        },
        {
          ...changer,
          time: star.time,
          timeZone: star.timeZone,
          days: star.days,
          holidays: star.holidays,
          now: deps.now(),
        },
      );
      if (!subscribed.ok) {
        if (subscribed.reason !== 'no-access') return privately(notAllowedMessage('subscribe', subscribed));
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
    case 'unsubscribe': {
      const outcome = unsubscribe(deps.subscriptions, changer);
      return outcome.ok
        ? publicly(unsubscribedMessage(userId))
        : privately(notChanged('unsubscribe', outcome));
    }
    case 'pause': {
      const outcome = pause(deps.subscriptions, { ...changer, until: star.until, now });
      return outcome.ok
        ? publicly(pausedMessage(outcome.view, userId, now))
        : privately(notChanged('pause', outcome));
    }
    case 'resume': {
      const outcome = resume(deps.subscriptions, { ...changer, now });
      return outcome.ok
        ? publicly(resumedMessage(outcome.view, userId, now))
        : privately(notChanged('resume', outcome));
    }
    case 'skip': {
      const outcome = skipDate(deps.subscriptions, { ...changer, date: star.date, now });
      return outcome.ok
        ? publicly(skippedMessage(outcome.view, star.date, userId, now))
        : privately(notChanged('skip', outcome));
    }
  }
}

/** Why a change of the channel's subscription did not happen, for the caller. */
function notChanged(
  command: 'unsubscribe' | 'pause' | 'resume' | 'skip',
  outcome: Exclude<Outcome, { ok: true }>,
): Message {
  switch (outcome.reason) {
    case 'not-subscribed':
      return notSubscribedMessage();
    case 'date-passed':
      // Only pause and skip take a date.
      return datePassedMessage({ ...outcome, command: command === 'skip' ? 'skip' : 'pause' });
    default:
      return notAllowedMessage(command, outcome);
  }
}
