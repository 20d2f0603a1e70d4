import {
  type NoAccess,
  type PostAnswerResult,
  postAnswer,
  type ShareResult,
  shareQuestion,
} from '../../../use-cases/answer-question.js';
import { findQuestion } from '../../../use-cases/practice-question.js';
import { answerModal } from '../../blocks/answer-modal.js';
import { answerRefSchema, decode } from '../../card-state.js';
import { channelPoster } from '../../channel-poster.js';
import type { SlackDeps } from '../../deps.js';
import { postFailureText, slackErrorCode } from '../../slack-errors.js';
import {
  type ButtonArgs,
  clickedCard,
  clickedIn,
  clickedMessageTs,
  placeOf,
  staleCardText,
  tellPrivately,
  whoClicked,
} from './card-action.js';

const inviteFirstText =
  ':wave: I need to be in this channel to see the answers and reactions. If it is private, invite me with `/invite @STAR Partner`, then try again.';

const channelsOnlyText =
  ':speech_balloon: Sharing with the team works in a channel, where teammates answer in the thread. Here, the card stays private to you.';

const noAccessText = ({ code }: NoAccess) =>
  code === 'channel_not_found' ? inviteFirstText : postFailureText(code);

function shareReply(shared: ShareResult): string {
  switch (shared.kind) {
    case 'no-access':
      return noAccessText(shared);
    case 'not-found':
      return staleCardText;
    case 'shared':
      return ':white_check_mark: Posted to the channel. Answers go in its thread.';
    case 'already-shared':
      return 'This question was already shared here today: answer it in its thread.';
  }
}

function postAnswerReply(posted: PostAnswerResult): string {
  switch (posted.kind) {
    case 'no-access':
      return noAccessText(posted);
    case 'not-found':
      return ':mag: I can’t find that answer any more.';
    case 'in-progress':
      return 'Your answer is being posted right now.';
    case 'posted':
      return `:white_check_mark: Your answer is posted in <#${posted.channelId}>.`;
    case 'already-posted':
      return `This answer is already posted in <#${posted.channelId}>.`;
  }
}

/**
 * The channel a card was clicked in, when sharing can work there (a channel, never a DM or group
 * DM); otherwise the user is told why, and undefined comes back.
 */
async function sharingChannel(args: ButtonArgs): Promise<string | undefined> {
  const channelId = clickedIn(args.body);
  if (!channelId) {
    await tellPrivately(args, staleCardText);
    return undefined;
  }
  if (!placeOf(args.body).share) {
    await tellPrivately(args, channelsOnlyText);
    return undefined;
  }
  return channelId;
}

/** What Slack refused, told to the user; a failure that is not Slack's answer goes to the error handler. */
async function tellSlackRefusal(args: ButtonArgs, error: unknown): Promise<void> {
  const code = slackErrorCode(error);
  if (code === undefined) throw error;
  await tellPrivately(args, postFailureText(code));
}

/** "Answer it": opens the STAR modal at once (a trigger_id lives 3 seconds). */
export function answerIt(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    const question = state && findQuestion(deps.practice, state.q);
    if (!state || !question) return tellPrivately(args, staleCardText);
    const channel = clickedIn(args.body);
    // A card opened from a question in the channel: the answer goes into that question's thread.
    if (state.t && channel && placeOf(args.body).share) {
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: answerModal(question, { q: question.id, c: channel, t: state.t }),
      });
      return;
    }
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
    const channelId = await sharingChannel(args);
    if (!channelId) return;
    try {
      const shared = await shareQuestion(deps.practice, channelPoster(args.client), {
        who: whoClicked(args),
        questionId: state.q,
        channelId,
        now: deps.now(),
      });
      await tellPrivately(args, shareReply(shared));
    } catch (error) {
      await tellSlackRefusal(args, error);
    }
  };
}

/** "Post my answer to channel": the author's saved answer, posted once. */
export function postMyAnswer(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decode(answerRefSchema, args.action.value);
    if (!ref) return tellPrivately(args, staleCardText);
    const channelId = await sharingChannel(args);
    if (!channelId) return;
    try {
      const posted = await postAnswer(deps.practice, channelPoster(args.client), {
        who: whoClicked(args),
        answerId: ref.answer,
        channelId,
        now: deps.now(),
      });
      await tellPrivately(args, postAnswerReply(posted));
    } catch (error) {
      await tellSlackRefusal(args, error);
    }
  };
}

/** "Answer it" under a daily or shared question: the STAR modal, whose answer goes into the thread. */
export function answerInThreadButton(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = clickedCard(args.action);
    const question = state && findQuestion(deps.practice, state.q);
    const channel = clickedIn(args.body);
    const threadTs = clickedMessageTs(args.body);
    if (!state || !question || !channel || !threadTs) return tellPrivately(args, staleCardText);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: answerModal(question, { q: question.id, c: channel, t: threadTs }),
    });
  };
}
