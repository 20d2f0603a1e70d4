import type { PairsPoster } from '../use-cases/pairs.js';
import type { Message } from './blocks/kit.js';
import { groupMessage, nudgeMessage, packetMessage, roundAnnouncement } from './blocks/pairs.js';
import { classifyDeliveryError, deliverMessage } from './daily-poster.js';
import type { DeliveryClient } from './web-client.js';

/**
 * The Slack side of the mock-interview rounds: the announcement in the channel (with the outbox id
 * in its metadata, as the question of the day has, so a post in doubt is found again), the group DM
 * (conversations.open with the group's members: a group DM with the bot, or the app's DM for one),
 * the packet in the app's DM with the interviewer, the nudge in the group DM.
 */
export function slackPairsPoster(clientFor: (teamId: string) => DeliveryClient): PairsPoster {
  const post = (
    teamId: string,
    channel: string,
    content: Message,
    metadata?: { outboxId: number; localDate: string },
  ) => deliverMessage(clientFor(teamId), channel, content, metadata);
  const open = async (teamId: string, users: readonly string[]) => {
    try {
      const opened = await clientFor(teamId).conversations.open({ users: users.join(',') });
      const id = opened.channel?.id;
      return id
        ? { ok: true as const, id }
        : {
            ok: false as const,
            outcome: { ok: false as const, kind: 'unknown' as const, error: 'no channel in the reply' },
          };
    } catch (error) {
      return { ok: false as const, outcome: classifyDeliveryError(error) };
    }
  };
  return {
    announceRound: ({ teamId, channelId, outboxId, localDate, groups, next, timeZone }) =>
      post(teamId, channelId, roundAnnouncement({ channelId, groups, next, timeZone }), {
        outboxId,
        localDate,
      }),
    async openGroup({ teamId, group }) {
      const opened = await open(teamId, group.members);
      if (!opened.ok) return opened.outcome;
      const sent = await post(teamId, opened.id, groupMessage(group));
      return sent.ok ? { ...sent, conversationId: opened.id } : sent;
    },
    async sendPacket({ teamId, group, interviewer, candidate, question }) {
      const opened = await open(teamId, [interviewer]);
      if (!opened.ok) return opened.outcome;
      return post(teamId, opened.id, packetMessage({ group, candidate, question }));
    },
    nudge: ({ teamId, group, conversationId }) => post(teamId, conversationId, nudgeMessage(group)),
  };
}
