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
import type { CommandReply } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type PersonalCommand = Extract<StarCommand, { name: 'remind' | 'export' | 'forget-me' }>;

/** The caller's own data: the daily reminder, export, and forget-me. Every reply is private. */
export async function personalCommand(
  deps: SlackDeps,
  args: Args,
  star: PersonalCommand,
  reply: CommandReply,
): Promise<void> {
  const { command, client, context } = args;
  const who = actingUser(context, command.user_id);
  switch (star.name) {
    case 'forget-me':
      return reply.privately(forgetConfirmMessage());
    case 'remind': {
      if (star.time === null) return reply.privately(reminderOffMessage(removeReminder(deps.personal, who)));
      await reply.later();
      const { timeZone } = await setReminder(deps.personal, deps.reviews.people, {
        who,
        time: star.time,
        now: deps.now(),
      });
      return reply.privately(reminderSetMessage(star.time, timeZone));
    }
    case 'export': {
      await reply.later();
      const sent = await sendExport(deps.personal, exportFileSender(client), { who, now: deps.now() });
      return reply.privately(
        sent.kind === 'file'
          ? exportSentMessage(sent.rows, sent.filename)
          : // No file (no files:write yet, or Slack refused it): the CSV as a message, when it fits.
            exportInlineMessage(sent.csv, sent.rows, sent.code),
      );
    }
  }
}
