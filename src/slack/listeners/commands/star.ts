import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { localDate } from '../../../domain/calendar.js';
import { parseCommandText, readsDates } from '../../../domain/command-text.js';
import { canShareIn, conversationKind } from '../../../domain/conversation.js';
import { setChannelCoaching } from '../../../use-cases/coaching.js';
import {
  channelLeaderboard,
  setLeaderboardPrivacy,
  workspaceLeaderboard,
} from '../../../use-cases/peer-review.js';
import { askForQuestion, listCategories, listTips } from '../../../use-cases/practice-question.js';
import { statsReport } from '../../../use-cases/practice-stats.js';
import { storiesFor } from '../../../use-cases/stories.js';
import { categoriesMessage, noMatchMessage } from '../../blocks/categories.js';
import { notAllowedMessage } from '../../blocks/channel-permission.js';
import { coachSettingMessage } from '../../blocks/coach.js';
import { helpMessage, problemMessage } from '../../blocks/help.js';
import { freshQuestionCards, questionCard } from '../../blocks/question-card.js';
import { leaderboardMessage, leaderboardPrivacyMessage } from '../../blocks/review.js';
import { formatWhen } from '../../blocks/schedule.js';
import { statsMessage } from '../../blocks/stats.js';
import { tipsMessage } from '../../blocks/tips.js';
import { commandCaller } from '../../command-caller.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { userTimeZone } from '../../user-time-zone.js';
import { pairsCommand } from './pairs.js';
import { personalCommand } from './personal.js';
import { commandReply } from './reply.js';
import { storiesCommand } from './stories.js';
import { subscriptionCommand } from './subscription.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/star …`: replies are private (ephemeral), except the changes a channel should see (`coach on|off`
 * here, subscription changes in subscription.ts), confirmed in the channel. Replies that need only
 * the database go back in the ack itself (the fastest path, well inside Slack's 3 seconds); `stats`
 * and `leaderboard` ack first, then ask Slack (the user's time zone; people's names) and answer
 * through response_url, and so do `pause` and `skip` with a date: "tomorrow" is the caller's, in
 * their Slack time zone. So do the commands that change a channel's settings (`coach on|off` and
 * the subscription's): who may change them (channel-permission.ts) depends on the caller's role,
 * which Slack says. One users.info call serves both the zone and the role (`commandCaller`). Input
 * that cannot be read gets one line naming what was wrong, with an example of the right form.
 */
export function starCommand(deps: SlackDeps) {
  const freshCard = freshQuestionCards();
  return async (args: Args): Promise<void> => {
    const { command, client, context } = args;
    const reply = commandReply(args);
    const who = actingUser(context, command.user_id);
    const caller = commandCaller(client, who.userId);
    const inChannel = canShareIn(conversationKind(command.channel_id, command.channel_name));
    const now = deps.now();
    let timeZone = 'UTC'; // for the help's example dates, a week ahead: any zone will do
    if (readsDates(command.text)) {
      await reply.later();
      timeZone = await caller.timeZone();
    }
    const parsed = parseCommandText(command.text, { now, timeZone });
    if (!parsed.ok) return reply.privately(problemMessage(parsed.reason));
    const { command: star } = parsed;
    switch (star.name) {
      case 'help':
        return reply.privately(helpMessage(localDate(now, timeZone)));
      case 'question': {
        const served = await askForQuestion(deps.practice, { who, filter: star.filter, now });
        if (served.kind !== 'question')
          return reply.privately(noMatchMessage(served.filter, served.categories));
        const { question } = served;
        // The pick said whether the user has any story: without one, no read of the bank.
        const stories =
          served.hasStories === false ? [] : storiesFor(deps.stories, { who, questionId: question.id });
        return reply.privately(
          stories.length === 0
            ? freshCard(question, star.filter, inChannel)
            : questionCard(
                question,
                { q: question.id, ...(star.filter ? { f: star.filter } : {}) },
                { share: inChannel, stories },
              ),
        );
      }
      case 'categories':
        return reply.privately(categoriesMessage(listCategories(deps.practice, who)));
      case 'tips':
        return reply.privately(tipsMessage(listTips(deps.practice)));
      case 'stats': {
        await reply.later();
        const report = await statsReport(
          deps.practice,
          deps.reviews,
          (userId) => userTimeZone(client, userId),
          { who, subjectId: star.userId, now },
        );
        return reply.privately(statsMessage(report));
      }
      case 'leaderboard': {
        if (!inChannel)
          return reply.privately({
            text: 'Leaderboards are per channel: run `/star leaderboard` in the channel.',
          });
        await reply.later();
        const board = await channelLeaderboard(deps.reviews, {
          teamId: who.teamId,
          channelId: command.channel_id,
          period: star.period,
          now,
        });
        return reply.privately(leaderboardMessage(board, (at) => formatWhen(at, board.timeZone)));
      }
      case 'coach': {
        if (!inChannel)
          return reply.privately({
            text: 'Coaching is set per channel: run `/star coach off` in the channel.',
          });
        await reply.later(); // the caller's role is Slack's to say
        const permission = setChannelCoaching(deps.coach, {
          ...who,
          role: await caller.role(),
          channelId: command.channel_id,
          enabled: star.enabled,
        });
        return permission.ok
          ? reply.publicly(coachSettingMessage(star.enabled, who.userId))
          : reply.privately(notAllowedMessage(star.enabled ? 'coach on' : 'coach off', permission));
      }
      case 'leaderboard-workspace': {
        await reply.later(); // names and the caller's time zone are Slack's to say
        const board = await workspaceLeaderboard(deps.reviews, {
          teamId: who.teamId,
          period: star.period,
          now,
          timeZone: await caller.timeZone(),
        });
        return reply.privately(leaderboardMessage(board, (at) => formatWhen(at, board.timeZone)));
      }
      case 'pairs':
        return pairsCommand(deps, args, star, reply, caller);
      case 'leaderboard-privacy':
        setLeaderboardPrivacy(deps.reviews, { who, hidden: star.hidden, now });
        return reply.privately(leaderboardPrivacyMessage(star.hidden));
      case 'remind':
      case 'export':
      case 'forget-me':
        return personalCommand(deps, args, star, reply);
      case 'story-add':
      case 'stories':
        return storiesCommand(deps, args, star, reply, { inChannel });
      default:
        return subscriptionCommand(deps, args, star, reply, caller);
    }
  };
}
