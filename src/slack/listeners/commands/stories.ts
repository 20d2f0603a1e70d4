import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { StarCommand } from '../../../domain/command-text.js';
import { sendStoriesDeck, storyBank, storyCategories } from '../../../use-cases/stories.js';
import { storiesDeckMessage, storiesMessage, storyModal } from '../../blocks/stories.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { dmFileSender } from '../../export-file.js';
import type { CommandReply } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/star story add` (the story form, in a window), `/star stories` (the caller's bank and its
 * matrix, privately; in a channel each story can be shared there for review) and
 * `/star stories export` (the bank as a deck file in the app's DM).
 */
export async function storiesCommand(
  deps: SlackDeps,
  args: Args,
  star: Extract<StarCommand, { name: 'story-add' | 'stories' }>,
  reply: CommandReply,
  place: { inChannel: boolean },
): Promise<void> {
  const { command, client, context } = args;
  const who = actingUser(context, command.user_id);
  if (star.name === 'story-add') {
    await reply.later();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: storyModal({ categories: storyCategories(deps.stories) }),
    });
    return;
  }
  if (star.action === 'list') {
    return reply.privately(
      storiesMessage(storyBank(deps.stories, who), place.inChannel ? { channelId: command.channel_id } : {}),
    );
  }
  await reply.later(); // the file goes through Slack
  const result = await sendStoriesDeck(deps.stories, dmFileSender(client), { who, now: deps.now() });
  return reply.privately(storiesDeckMessage(result));
}
