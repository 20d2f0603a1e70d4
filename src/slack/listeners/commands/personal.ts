import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { StarCommand } from '../../../domain/command-text.js';
import { removeReminder, sendExport, setReminder } from '../../../use-cases/personal-data.js';
import {
  exportInlineMessage,
  exportSentMessage,
  forgetConfirmMessage,
  reminderOffMessage,
  reminderSetMessage,
} from '../../blocks/personal.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { exportFileSender } from '../../export-file.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type PersonalCommand = Extract<StarCommand, { name: 'remind' | 'export' | 'forget-me' }>;

/** The caller's own data: the daily reminder, export, and forget-me. Every reply is private. */
export async function personalCommand(deps: SlackDeps, args: Args, star: PersonalCommand): Promise<void> {
  const { command, ack, respond, client, context } = args;
  const who = actingUser(context, command.user_id);
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
      const { timeZone } = await setReminder(deps.personal, deps.reviews.people, {
        who,
        time: star.time,
        now: deps.now(),
      });
      await respond({ response_type: 'ephemeral', ...reminderSetMessage(star.time, timeZone) });
      return;
    }
    case 'export': {
      await ack();
      const sent = await sendExport(deps.personal, exportFileSender(client), { who, now: deps.now() });
      await respond({
        response_type: 'ephemeral',
        ...(sent.kind === 'file'
          ? exportSentMessage(sent.rows, sent.filename)
          : // No file (no files:write yet, or Slack refused it): the CSV as a message, when it fits.
            exportInlineMessage(sent.csv, sent.rows, sent.code)),
      });
      return;
    }
  }
}
