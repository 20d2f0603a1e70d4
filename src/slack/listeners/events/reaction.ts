import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { eventTimeMicros } from '../../../domain/scoring.js';
import { recordReaction } from '../../../use-cases/peer-review.js';
import type { SlackDeps } from '../../deps.js';

type Args = SlackEventMiddlewareArgs<'reaction_added' | 'reaction_removed'> & AllMiddlewareArgs;

const reactionSchema = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string(),
  reaction: z.string().min(1).max(100),
  item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
  event_ts: z.string().regex(/^\d+(\.\d+)?$/),
});

/**
 * reaction_added / reaction_removed on answers score their authors. Reactions on files, on messages
 * that are not answers, or malformed events are ignored; retries are recorded once.
 */
export function reactionChanged(deps: SlackDeps) {
  return async ({ event, body, context }: Args): Promise<void> => {
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id;
    const eventId = (body as { event_id?: string }).event_id;
    const parsed = reactionSchema.safeParse(event);
    if (!teamId || !eventId || !parsed.success) return;
    const { item, user, reaction, type, event_ts } = parsed.data;
    if (item.type !== 'message' || !item.channel || !item.ts) return;
    await recordReaction(
      deps.reviews,
      {
        teamId,
        channelId: item.channel,
        messageTs: item.ts,
        itemType: item.type,
        reactorId: user,
        reaction,
        action: type === 'reaction_added' ? 'added' : 'removed',
        eventId,
        eventTime: eventTimeMicros(event_ts),
      },
      deps.now(),
    );
  };
}
