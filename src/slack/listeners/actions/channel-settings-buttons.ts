import type { Caller } from '../../../domain/channel-permission.js';
import {
  channelSettingsFor,
  type PostNowResult,
  postTodaysQuestionNow,
} from '../../../use-cases/channel-settings.js';
import { notAllowedMessage } from '../../blocks/channel-permission.js';
import { channelSettingsGoneModal, channelSettingsModal } from '../../blocks/channel-settings.js';
import { formatDate } from '../../blocks/schedule.js';
import { channelIdSchema } from '../../card-state.js';
import { commandCaller, roleWithin } from '../../command-caller.js';
import type { SlackDeps } from '../../deps.js';
import { refreshSettingsWindow } from '../../settings-window.js';
import { type ButtonArgs, whoClicked } from './card-action.js';

/** Who clicked, with their role in the workspace as Slack says it now (users.info). */
async function caller(args: ButtonArgs): Promise<Caller & { teamId: string }> {
  const who = whoClicked(args);
  return { ...who, role: await roleWithin(commandCaller(args.client, who.userId)) };
}

/**
 * "Change" beside a channel in the Settings window: its settings in a window pushed on top, for
 * whoever may change them; otherwise the Settings window says why, in place.
 */
export function channelSettingsClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const channelId = channelIdSchema.safeParse(args.action.value);
    const viewId = args.body.view?.id;
    if (!channelId.success || !viewId) return;
    const who = await caller(args);
    const found = channelSettingsFor(deps.channelSettings, {
      ...who,
      channelId: channelId.data,
      now: deps.now(),
    });
    if (found.ok) {
      await args.client.views.push({ trigger_id: args.body.trigger_id, view: channelSettingsModal(found) });
      return;
    }
    const note =
      found.reason === 'not-subscribed'
        ? noLongerSubscribed(channelId.data)
        : notAllowedMessage('subscribe', found).text;
    await refreshSettingsWindow(deps, args.client, { who, viewId, note });
  };
}

const noLongerSubscribed = (channelId: string) =>
  `<#${channelId}> has no question of the day any more (someone unsubscribed it).`;

function postNowNote(result: PostNowResult, channelId: string): string {
  if (result.ok)
    return `:white_check_mark: Today’s question is on its way to <#${channelId}> (within a few seconds).`;
  switch (result.reason) {
    case 'already':
      return `Today’s question (${formatDate(result.date)}) is already posted in <#${channelId}>, or on its way: one a day.`;
    case 'no-question':
      return ':warning: The decks have no question to post.';
    case 'not-a-posting-day':
      return `${formatDate(result.date)} is not a posting day in <#${channelId}> (paused, skipped, a public holiday it skips, or not one of its days): resume it or change its days first.`;
    case 'not-subscribed':
      return noLongerSubscribed(channelId);
    default:
      return notAllowedMessage('subscribe', result).text;
  }
}

/**
 * "Post today's question now" in a channel's settings window: today's question goes to the outbox
 * and the dispatcher is woken; the window says what happened, in place (the form as it was saved).
 */
export function postTodayNowClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const channelId = channelIdSchema.safeParse(args.action.value);
    const viewId = args.body.view?.id;
    if (!channelId.success || !viewId) return;
    const where = { ...(await caller(args)), channelId: channelId.data, now: deps.now() };
    const result = postTodaysQuestionNow(deps.channelSettings, where);
    if (result.ok) deps.sendSoon();
    const note = postNowNote(result, channelId.data);
    const settings = channelSettingsFor(deps.channelSettings, where);
    await args.client.views.update({
      view_id: viewId,
      view: settings.ok ? channelSettingsModal(settings, note) : channelSettingsGoneModal(note),
    });
  };
}
