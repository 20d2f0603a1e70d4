import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { StarCommand } from '../../../domain/command-text.js';
import { exportData, removeReminder, setReminder } from '../../../use-cases/personal-data.js';
import {
  exportInlineMessage,
  exportSentMessage,
  forgetConfirmMessage,
  reminderOffMessage,
  reminderSetMessage,
} from '../../blocks/personal.js';
import type { SlackDeps } from '../../deps.js';
import { slackErrorCode } from '../../slack-errors.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type PersonalCommand = Extract<StarCommand, { name: 'remind' | 'export' | 'forget-me' }>;

/** The caller's own data: the daily reminder, export, and forget-me. Every reply is private. */
export async function personalCommand(deps: SlackDeps, args: Args, star: PersonalCommand): Promise<void> {
  const { command, ack, respond, client } = args;
  const who = { teamId: command.team_id, userId: command.user_id };
  switch (star.name) {
    case 'forget-me':
      await ack({ response_type: 'ephemeral', ...forgetConfirmMessage() });
      return;
    case 'remind': {
      if (star.time === null) {
        await ack({ response_type: 'ephemeral', ...reminderOffMessage(removeReminder(deps.personal, who)) });
        return;
      }
      await ack();
      const timeZone = (await deps.reviews.people.lookup(who.teamId, who.userId)).timeZone ?? 'UTC';
      setReminder(deps.personal, { who, time: star.time, timeZone, now: deps.now() });
      await respond({ response_type: 'ephemeral', ...reminderSetMessage(star.time, timeZone) });
      return;
    }
    case 'export': {
      await ack();
      const { csv, rows } = exportData(deps.personal, who);
      const filename = `star-partner-export-${new Date(deps.now()).toISOString().slice(0, 10)}.csv`;
      try {
        const dm = await client.conversations.open({ users: who.userId });
        const channel = dm.channel?.id;
        if (!channel) throw new Error('no DM channel');
        await client.filesUploadV2({
          channel_id: channel,
          filename,
          title: 'STAR Partner export',
          content: csv,
          initial_comment: 'Your STAR Partner data: practice, answers and the reviews you received.',
        });
        await respond({ response_type: 'ephemeral', ...exportSentMessage(rows, filename) });
      } catch (error) {
        // No file (no files:write yet, or Slack refused it): the CSV as a message, when it fits.
        await respond({
          response_type: 'ephemeral',
          ...exportInlineMessage(csv, rows, slackErrorCode(error)),
        });
      }
      return;
    }
  }
}
