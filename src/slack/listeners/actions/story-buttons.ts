import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
  types,
} from '@slack/bolt';
import { canShareIn, conversationKind } from '../../../domain/conversation.js';
import { yourAnswerRefSchema } from '../../../domain/your-answer-ref.js';
import {
  deleteStory,
  openStory,
  practiseWithStory,
  rateStory,
  sendStoriesDeck,
  shareStory,
  storyCategories,
  storyDraft,
  storyToRehearse,
} from '../../../use-cases/stories.js';
import { openYourAnswer } from '../../../use-cases/your-answers.js';
import { noticeModal } from '../../blocks/kit.js';
import {
  rehearsalSchema,
  rehearseModal,
  shareStoryText,
  storiesDeckMessage,
  storyAnswerCard,
  storyDeletedModal,
  storyModal,
  storyNotFoundModal,
  storyPickSchema,
  storyRefSchema,
  storyViewModal,
} from '../../blocks/stories.js';
import { decode } from '../../card-state.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { dmFileSender } from '../../export-file.js';
import { refreshHome } from '../../home-publisher.js';
import { actions, storyRateActionPattern } from '../../ids.js';
import { postFailureText, slackErrorCode } from '../../slack-errors.js';
import { storyPoster } from '../../story-files.js';
import { type ButtonArgs, clickedIn, staleCardText, tellPrivately, whoClicked } from './card-action.js';

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/** The window a button inside a modal was clicked in (Slack says its id), to change it in place. */
const viewOf = (args: ButtonArgs) => args.body.view?.id;

const notice = noticeModal;

/** Shows `view` in place of the window clicked in, or opens it when the click came from elsewhere. */
async function showView(args: ButtonArgs, view: types.ModalView): Promise<void> {
  const viewId = viewOf(args);
  if (viewId) await args.client.views.update({ view_id: viewId, view });
  else await args.client.views.open({ trigger_id: args.body.trigger_id, view });
}

/** "Add a story" (App Home, `/star stories`): the empty story form. */
function addClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: storyModal({ categories: storyCategories(deps.stories) }),
    });
  };
}

/**
 * "Open" beside a story: the story with the coach's findings. Opened from a list in a channel
 * (where Slack says the click was, never the button's value), it offers to share the story there.
 */
function openClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decode(storyRefSchema, args.action.value);
    const found = ref && openStory(deps.stories, { who: whoClicked(args), id: ref.s });
    const channelId = clickedIn(args.body);
    const share = channelId !== undefined && canShareIn(conversationKind(channelId, args.body.channel?.name));
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: found ? storyViewModal(found, share ? { channelId } : {}) : storyNotFoundModal(),
    });
  };
}

/** "Edit" in a story's window: the window becomes the story form, filled in. */
function editClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decode(storyRefSchema, args.action.value);
    const found = ref && openStory(deps.stories, { who: whoClicked(args), id: ref.s });
    await showView(
      args,
      found
        ? storyModal({ categories: storyCategories(deps.stories), story: found.story, id: found.story.id })
        : storyNotFoundModal(),
    );
  };
}

/** "Delete" (after Slack's confirmation): the story and its schedule go; the Home is refreshed. */
function deleteClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const ref = decode(storyRefSchema, args.action.value);
    const story = ref && openStory(deps.stories, { who, id: ref.s })?.story;
    const deleted = ref ? deleteStory(deps.stories, { who, id: ref.s }) : false;
    await showView(args, storyDeletedModal(deleted ? story?.title : undefined));
    await refreshHome(deps, args.client, who, args.logger);
  };
}

/** "Share in this channel for review": the story posted in the channel it was opened from. */
function shareClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decode(storyRefSchema, args.action.value);
    if (!ref?.c) return showView(args, notice('Share a story', staleCardText));
    try {
      const result = await shareStory(deps.stories, storyPoster(args.client), {
        who: whoClicked(args),
        storyId: ref.s,
        channelId: ref.c,
        now: deps.now(),
      });
      await showView(args, notice('Share a story', shareStoryText(result)));
    } catch (error) {
      // What Slack refused (archived, not in the channel, ratelimited…), said where the click was.
      const code = slackErrorCode(error);
      if (code === undefined) throw error;
      await showView(args, notice('Share a story', postFailureText(code)));
    }
  };
}

/** "Answer with one of my stories": the card shows the chosen story beside the question. */
function pickSelect(deps: SlackDeps) {
  return async (args: SelectArgs): Promise<void> => {
    await args.ack();
    const pick = decode(storyPickSchema, args.action.selected_option?.value);
    const who = actingUser(args.context, args.body.user.id);
    const found = pick && practiseWithStory(deps.stories, { who, questionId: pick.q, storyId: pick.s });
    if (!found) {
      await args.respond({ replace_original: false, response_type: 'ephemeral', text: staleCardText });
      return;
    }
    await args.respond({
      replace_original: args.body.container?.is_ephemeral === true,
      response_type: 'ephemeral',
      ...storyAnswerCard(found.question, found.story),
    });
  };
}

/**
 * A rating of a story: on a question card, how well it fits the question; in the rehearsal window,
 * how well it was told. Either moves the story's spaced-repetition card.
 */
function rateClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const now = deps.now();
    const viewId = viewOf(args);
    if (viewId) {
      const state = decode(rehearsalSchema, args.action.value);
      const rated = state?.r && rateStory(deps.stories, { who, storyId: state.s, rating: state.r, now });
      await args.client.views.update({
        view_id: viewId,
        view:
          rated && state?.r
            ? rehearseModal(rated.story, { shown: true, rated: { rating: state.r, dueAt: rated.dueAt, now } })
            : storyNotFoundModal(),
      });
      await refreshHome(deps, args.client, who, args.logger);
      return;
    }
    const pick = decode(storyPickSchema, args.action.value);
    const found = pick && practiseWithStory(deps.stories, { who, questionId: pick.q, storyId: pick.s });
    const rated = found && pick?.r && rateStory(deps.stories, { who, storyId: pick.s, rating: pick.r, now });
    if (!found || !rated || !pick?.r) return tellPrivately(args, staleCardText);
    await args.respond({
      replace_original: args.body.container?.is_ephemeral === true,
      response_type: 'ephemeral',
      ...storyAnswerCard(found.question, rated.story, { rating: pick.r, dueAt: rated.dueAt, now }),
    });
  };
}

/** "Rehearse a story" (App Home): the story that is due (or the next to be), in a window. */
function rehearseClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const story = storyToRehearse(deps.stories, { who: whoClicked(args), now: deps.now() });
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: rehearseModal(story) });
  };
}

/** "Show my story" in the rehearsal window, once the user has told it. */
function revealClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const state = decode(rehearsalSchema, args.action.value);
    const story = state && openStory(deps.stories, { who: whoClicked(args), id: state.s })?.story;
    await showView(args, story ? rehearseModal(story, { shown: true }) : storyNotFoundModal());
  };
}

/**
 * "Export my stories": the bank as a deck file in the user's DM with the app. From a message the
 * outcome is told in its place; from the App Home (no message to answer) in the DM.
 */
function exportClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const result = await sendStoriesDeck(deps.stories, dmFileSender(args.client), { who, now: deps.now() });
    if (result.kind === 'file' && !('response_url' in args.body)) return; // the file's comment says it
    const reply = storiesDeckMessage(result);
    if ('response_url' in args.body) {
      await args.respond({ replace_original: false, response_type: 'ephemeral', ...reply });
    } else {
      await args.client.chat.postMessage({ channel: who.userId, text: reply.text, blocks: reply.blocks });
    }
  };
}

/** "Save as a story" in one of the user's answers: the story form, filled in from it, over the answer. */
function fromAnswerClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = whoClicked(args);
    const ref = decode(yourAnswerRefSchema, args.action.value);
    const answer = ref && openYourAnswer(deps.practice, deps.reviews, { who, ref });
    const view = answer
      ? storyModal({ categories: storyCategories(deps.stories), story: storyDraft(deps.stories, answer) })
      : storyNotFoundModal();
    await args.client.views.push({ trigger_id: args.body.trigger_id, view });
  };
}

/** The story bank's buttons and its select, each routed by its action_id. */
export function registerStoryActions(app: App, deps: SlackDeps): void {
  const on = (actionId: string | RegExp, handler: (args: ButtonArgs) => Promise<void>) =>
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, handler);
  on(actions.storyAdd, addClick(deps));
  on(actions.storyOpen, openClick(deps));
  on(actions.storyEdit, editClick(deps));
  on(actions.storyDelete, deleteClick(deps));
  on(actions.storyShare, shareClick(deps));
  on(storyRateActionPattern, rateClick(deps));
  on(actions.storyRehearse, rehearseClick(deps));
  on(actions.storyReveal, revealClick(deps));
  on(actions.storyExport, exportClick(deps));
  on(actions.storyFromAnswer, fromAnswerClick(deps));
  app.action<BlockAction<StaticSelectAction>>(
    { type: 'block_actions', action_id: actions.storyPick },
    pickSelect(deps),
  );
}
