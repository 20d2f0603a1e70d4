import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommandText } from '../../../domain/command-text.js';
import { canShareIn, conversationKind } from '../../../domain/conversation.js';
import { setChannelCoaching } from '../../../use-cases/coaching.js';
import { channelLeaderboard } from '../../../use-cases/peer-review.js';
import { listCategories, listTips, serveQuestion } from '../../../use-cases/practice-question.js';
import { statsReport } from '../../../use-cases/practice-stats.js';
import { categoriesMessage, noMatchMessage } from '../../blocks/categories.js';
import { coachSettingMessage } from '../../blocks/coach.js';
import { helpMessage } from '../../blocks/help.js';
import { questionCard } from '../../blocks/question-card.js';
import { leaderboardMessage } from '../../blocks/review.js';
import { formatWhen } from '../../blocks/schedule.js';
import { statsMessage } from '../../blocks/stats.js';
import { tipsMessage } from '../../blocks/tips.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { userTimeZone } from '../../user-time-zone.js';
import { personalCommand } from './personal.js';
import { subscriptionCommand } from './subscription.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/star …`: replies are private (ephemeral), except the changes a channel should see (`coach on|off`
 * here, subscription changes in subscription.ts), confirmed in the channel. Replies that need only
 * the database go back in the ack itself (the fastest path, well inside Slack's 3 seconds); `stats`
 * and `leaderboard` ack first, then ask Slack (the user's time zone; people's names) and answer
 * through response_url.
 */
export function starCommand(deps: SlackDeps) {
  return async (args: Args): Promise<void> => {
    const { command, ack, respond, client, context } = args;
    const who = actingUser(context, command.user_id);
    const inChannel = canShareIn(conversationKind(command.channel_id, command.channel_name));
    const parsed = parseCommandText(command.text);
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', ...helpMessage(parsed.reason) });
      return;
    }
    const { command: star } = parsed;
    switch (star.name) {
      case 'help':
        await ack({ response_type: 'ephemeral', ...helpMessage() });
        return;
      case 'question': {
        const served = serveQuestion(deps.practice, { who, filter: star.filter, now: deps.now() });
        const reply =
          served.kind === 'question'
            ? questionCard(
                served.question,
                { q: served.question.id, ...(star.filter ? { f: star.filter } : {}) },
                { share: inChannel },
              )
            : noMatchMessage(served.filter, served.categories);
        await ack({ response_type: 'ephemeral', ...reply });
        return;
      }
      case 'categories':
        await ack({ response_type: 'ephemeral', ...categoriesMessage(listCategories(deps.practice, who)) });
        return;
      case 'tips':
        await ack({ response_type: 'ephemeral', ...tipsMessage(listTips(deps.practice)) });
        return;
      case 'stats': {
        await ack();
        const report = await statsReport(
          deps.practice,
          deps.reviews,
          (userId) => userTimeZone(client, userId),
          { who, subjectId: star.userId, now: deps.now() },
        );
        await respond({ response_type: 'ephemeral', ...statsMessage(report) });
        return;
      }
      case 'leaderboard': {
        if (!inChannel) {
          await ack({
            response_type: 'ephemeral',
            text: 'Leaderboards are per channel: run `/star leaderboard` in the channel.',
          });
          return;
        }
        await ack();
        const now = deps.now();
        const board = await channelLeaderboard(deps.reviews, {
          teamId: who.teamId,
          channelId: command.channel_id,
          period: star.period,
          now,
        });
        await respond({
          response_type: 'ephemeral',
          ...leaderboardMessage(board, (at) => formatWhen(at, board.timeZone)),
        });
        return;
      }
      case 'coach': {
        if (!inChannel) {
          await ack({
            response_type: 'ephemeral',
            text: 'Coaching is set per channel: run `/star coach off` in the channel.',
          });
          return;
        }
        setChannelCoaching(deps.coach, {
          teamId: who.teamId,
          channelId: command.channel_id,
          enabled: star.enabled,
        });
        await ack({ response_type: 'in_channel', ...coachSettingMessage(star.enabled, who.userId) });
        return;
      }
      case 'remind':
      case 'export':
      case 'forget-me':
        return personalCommand(deps, args, star);
      default:
        return subscriptionCommand(deps, args, star);
    }
  };
}
