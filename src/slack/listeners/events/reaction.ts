import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { eventTimeMicros } from '../../../domain/scoring.js';
import { recordReaction } from '../../../use-cases/peer-review.js';
import type { SlackDeps } from '../../deps.js';
import { eventEnvelopeSchema, parsed, reactionEventSchema } from '../../envelopes.js';

type Args = SlackEventMiddlewareArgs<'reaction_added' | 'reaction_removed'> & AllMiddlewareArgs;

/**
 * reaction_added / reaction_removed on answers score their authors. Reactions on files, on messages
 * that are not answers, or malformed events are ignored; retries are recorded once.
 */
export function reactionChanged(deps: SlackDeps) {
  return async ({ event, body, context }: Args): Promise<void> => {
    const teamId = context.teamId;
    const envelope = parsed(eventEnvelopeSchema, body);
    const reaction = parsed(reactionEventSchema, event);
    if (!teamId || !envelope || !reaction) return;
    const { item } = reaction;
    if (item.type !== 'message' || !item.channel || !item.ts) return;
    await recordReaction(
      deps.reviews,
      {
        teamId,
        channelId: item.channel,
        messageTs: item.ts,
        itemType: item.type,
        reactorId: reaction.user,
        reaction: reaction.reaction,
        action: reaction.type === 'reaction_added' ? 'added' : 'removed',
        eventId: envelope.event_id,
        eventTime: eventTimeMicros(reaction.event_ts),
      },
      deps.now(),
    );
  };
}
