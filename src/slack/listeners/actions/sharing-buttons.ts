import { postAnswer, shareQuestion } from '../../../use-cases/answer-question.js';
import { answerModal } from '../../blocks/answer-modal.js';
import { answerRefSchema, decode } from '../../card-state.js';
import { ensureBotInChannel } from '../../channel-membership.js';
import { channelPoster } from '../../channel-poster.js';
import type { SlackDeps } from '../../deps.js';
import { postFailureText, slackErrorCode } from '../../slack-errors.js';
import {
  type ButtonArgs,
  clickedCard,
  clickedIn,
  placeOf,
  staleCardText,
  tellPrivately,
  whoClicked,
} from './card-action.js';

const inviteFirstText =
  ':wave: I need to be in this channel to see the answers and reactions. If it is private, invite me with `/invite @STAR Partner`, then try again.';

const channelsOnlyText =
  ':speech_balloon: Sharing with the team works in a channel, where teammates answer in the thread. Here, the card stays private to you.';

/**
 * The channel a share may go to: a channel the bot is in (or has just joined). Otherwise the user
 * is told the one thing that is wrong, and undefined comes back.
 */
async function shareableChannel(args: ButtonArgs): Promise<string | undefined> {
  const channelId = clickedIn(args.body);
  if (!channelId) {
    await tellPrivately(args, staleCardText);
    return undefined;
  }
  if (!placeOf(args.body).share) {
    await tellPrivately(args, channelsOnlyText);
    return undefined;
  }
  // Its thread replies and reactions only reach the app when the bot is in the channel.
  const membership = await ensureBotInChannel(args.client, channelId);
  if (!membership.ok) {
    await tellPrivately(
      args,
      membership.code === 'channel_not_found' ? inviteFirstText : postFailureText(membership.code),
    );
    return undefined;
  }
  return channelId;
}

/** "Answer it": opens the STAR modal at once (a trigger_id lives 3 seconds). */
export function answerIt(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    const question = state && deps.practice.library.byId.get(state.q);
    if (!state || !question) return tellPrivately(args, staleCardText);
    const channel = clickedIn(args.body);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: answerModal(question, {
        q: question.id,
        ...(state.f ? { f: state.f } : {}),
        // Only a channel takes "Post my answer to channel" later.
        ...(channel && placeOf(args.body).share ? { c: channel } : {}),
        ...(args.body.response_url ? { u: args.body.response_url } : {}),
      }),
    });
  };
}

/** "Post to channel": shares the question with the channel the card is in (once a day per channel). */
export function postQuestion(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    if (!state) return tellPrivately(args, staleCardText);
    const channelId = await shareableChannel(args);
    if (!channelId) return;
    try {
      const shared = await shareQuestion(deps.practice, channelPoster(args.client), {
        who: whoClicked(args.body),
        questionId: state.q,
        channelId,
        now: deps.now(),
      });
      if (shared.kind === 'not-found') return tellPrivately(args, staleCardText);
      await tellPrivately(
        args,
        shared.kind === 'shared'
          ? ':white_check_mark: Posted to the channel. Answers go in its thread.'
          : 'This question was already shared here today: answer it in its thread.',
      );
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === undefined) throw error;
      await tellPrivately(args, postFailureText(code));
    }
  };
}

/** "Post my answer to channel": the author's saved answer, posted once. */
export function postMyAnswer(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decode(answerRefSchema, args.action.value);
    if (!ref) return tellPrivately(args, staleCardText);
    const channelId = await shareableChannel(args);
    if (!channelId) return;
    try {
      const posted = await postAnswer(deps.practice, channelPoster(args.client), {
        who: whoClicked(args.body),
        answerId: ref.answer,
        channelId,
        now: deps.now(),
      });
      const replies = {
        'not-found': ':mag: I can’t find that answer any more.',
        'in-progress': 'Your answer is being posted right now.',
        posted: `:white_check_mark: Your answer is posted in <#${channelId}>.`,
        'already-posted': `This answer is already posted${'channelId' in posted ? ` in <#${posted.channelId}>` : ''}.`,
      } as const;
      await tellPrivately(args, replies[posted.kind]);
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === undefined) throw error;
      await tellPrivately(args, postFailureText(code));
    }
  };
}

/** "Answer it" under a daily or shared question: the STAR modal, whose answer goes into the thread. */
export function answerInThreadButton(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    const question = state && deps.practice.library.byId.get(state.q);
    const channel = clickedIn(args.body);
    const threadTs = args.body.container?.message_ts ?? args.body.message?.ts;
    if (!state || !question || !channel || !threadTs) return tellPrivately(args, staleCardText);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: answerModal(question, { q: question.id, c: channel, t: threadTs }),
    });
  };
}
