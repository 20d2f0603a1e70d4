import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { StarCommand } from '../../../domain/command-text.js';
import { canShareIn, conversationKind } from '../../../domain/conversation.js';
import { joinPairs, leavePairs, pairsStatus, turnPairsOff, turnPairsOn } from '../../../use-cases/pairs.js';
import { notAllowedMessage } from '../../blocks/channel-permission.js';
import { note } from '../../blocks/kit.js';
import {
  pairsMembershipText,
  pairsOffMessage,
  pairsOnMessage,
  pairsStatusMessage,
} from '../../blocks/pairs.js';
import { inviteFirstMessage } from '../../blocks/schedule.js';
import { ensureBotInChannel } from '../../channel-membership.js';
import type { CommandCaller } from '../../command-caller.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { postFailureText } from '../../slack-errors.js';
import type { CommandReply } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type PairsCommand = Extract<StarCommand, { name: 'pairs' }>;

/**
 * `/star pairs …` in a channel: turning rounds on or off is confirmed in the channel (for whoever
 * may change its settings: the caller's role is Slack's to say, so those ack first); joining,
 * leaving and the status are answered privately.
 */
export async function pairsCommand(
  deps: SlackDeps,
  args: Args,
  star: PairsCommand,
  reply: CommandReply,
  caller: CommandCaller,
): Promise<void> {
  const { command, client, context } = args;
  const who = actingUser(context, command.user_id);
  const channelId = command.channel_id;
  const say = (text: string) => reply.privately(note(text));
  if (!canShareIn(conversationKind(channelId, command.channel_name)))
    return say(
      'Mock interview rounds are for channels: run `/star pairs on` in the channel whose members practise together.',
    );
  const now = deps.now();
  switch (star.action) {
    case 'status':
      return reply.privately(pairsStatusMessage(pairsStatus(deps.pairs, { ...who, channelId, now })));
    case 'leave': {
      const left = leavePairs(deps.pairs, { ...who, channelId });
      const on = deps.pairs.pairs.settings(who.teamId, channelId) !== undefined;
      return say(pairsMembershipText('leave', left, on));
    }
    case 'join': {
      await reply.later(); // their time zone is Slack's to say (pairs near zones)
      const joined = joinPairs(deps.pairs, { ...who, channelId, timeZone: await caller.timeZone(), now });
      return say(pairsMembershipText('join', joined.joined, joined.status.settings !== undefined));
    }
    case 'off': {
      await reply.later();
      const off = turnPairsOff(deps.pairs, { ...who, channelId, role: await caller.role() });
      if (off.ok) return reply.publicly(pairsOffMessage(who.userId));
      if (off.reason === 'not-on') return say('Mock interview rounds are not on here.');
      return reply.privately(notAllowedMessage('pairs', off));
    }
    case 'on': {
      await reply.later();
      const on = await turnPairsOn(
        deps.pairs,
        { ensureMember: (id) => ensureBotInChannel(client, id), timeZoneOf: () => caller.timeZone() },
        { ...who, channelId, role: await caller.role(), cadence: star.cadence, weekday: star.weekday, now },
      );
      if (on.ok) return reply.publicly(pairsOnMessage(on.settings, on.next, who.userId, on.changed));
      if (on.reason === 'no-access')
        return reply.privately(
          on.code === 'channel_not_found' ? inviteFirstMessage() : { text: postFailureText(on.code) },
        );
      return reply.privately(notAllowedMessage('pairs', on));
    }
  }
}
