import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { canShareIn, conversationKind } from '../../../domain/conversation.js';
import type { Who } from '../../../use-cases/deps.js';
import type { Message } from '../../blocks/kit.js';
import type { CardPlace } from '../../blocks/question-card.js';
import { type CardState, cardStateSchema, decode } from '../../card-state.js';
import { actingUser } from '../../envelopes.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Who clicked, in the workspace Bolt authorized the click for. */
export function whoClicked({ context, body }: ButtonArgs): Who {
  return actingUser(context, body.user.id);
}

/** The conversation a click came from, if Slack said. */
export function clickedIn(body: ButtonArgs['body']): string | undefined {
  return body.container?.channel_id ?? body.channel?.id;
}

/** The message whose button was clicked, if Slack said. */
export function clickedMessageTs(body: ButtonArgs['body']): string | undefined {
  return body.container?.message_ts ?? body.message?.ts;
}

/** What a card may offer where it was clicked: sharing only in a channel, never in a DM or group DM. */
export function placeOf(body: ButtonArgs['body']): CardPlace {
  const channelId = clickedIn(body);
  return { share: channelId !== undefined && canShareIn(conversationKind(channelId, body.channel?.name)) };
}

export function clickedCard(action: ButtonAction): CardState | undefined {
  return decode(cardStateSchema, action.value);
}

/**
 * Shows a card to whoever clicked: in place of the ephemeral card they clicked, or as a new
 * ephemeral message when the button sits on a message the whole channel sees.
 */
export async function showCard({ body, respond }: ButtonArgs, message: Message): Promise<void> {
  if (body.container?.is_ephemeral) {
    await respond({ replace_original: true, response_type: 'ephemeral', ...message });
  } else {
    await respond({ replace_original: false, response_type: 'ephemeral', ...message });
  }
}

export async function tellPrivately({ respond }: ButtonArgs, text: string): Promise<void> {
  await respond({ replace_original: false, response_type: 'ephemeral', text });
}

export const staleCardText =
  ':hourglass: This card is out of date (the decks may have changed). Get a fresh one with `/star question`.';
