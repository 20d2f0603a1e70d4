import { encode } from '../card-state.js';
import { actions } from '../ids.js';
import { actionsBlock, button, context, type Message, message, sections } from './kit.js';

export function reminderSetMessage(time: string, timeZone: string): Message {
  return message('Reminder set', [
    ...sections(
      `:alarm_clock: I'll DM you at *${time}* (${timeZone}) on days when questions are due for review.`,
    ),
    context('Stop with `/star remind off`.'),
  ]);
}

export function reminderOffMessage(wasOn: boolean): Message {
  return message(
    'Reminder off',
    sections(wasOn ? ':zzz: Daily reminders are off.' : 'You had no daily reminder.'),
  );
}

export function reminderDm(due: number): Message {
  return message(`${due} question${due === 1 ? '' : 's'} due for review`, [
    ...sections(
      `:books: *${due} question${due === 1 ? '' : 's'} due for review today.* A few minutes keeps them fresh.`,
    ),
    actionsBlock('reminder', [button('Practice now', actions.practiceNow, encode({ home: 1 }), 'primary')]),
    context('Stop these with `/star remind off`.'),
  ]);
}

export function exportSentMessage(rows: number, filename: string): Message {
  return message('Export sent', [
    ...sections(
      `:outbox_tray: Your data (${rows} record${rows === 1 ? '' : 's'}) is in our direct messages as *${filename}*.`,
    ),
  ]);
}

export function forgetConfirmMessage(): Message {
  return message('Delete your data?', [
    ...sections(
      ':warning: *Delete all your STAR Partner data in this workspace?*\nYour practice history, answers, review cards, reminder, the reactions and reviews you gave, and those on your answers. This cannot be undone. (`/star export` first if you want a copy.)',
    ),
    actionsBlock('forget', [
      button('Delete my data', actions.forgetConfirm, encode({ forget: 1 }), 'danger'),
      button('Cancel', actions.forgetCancel, encode({ forget: 0 })),
    ]),
  ]);
}

const tableNames: Record<string, string> = {
  practice_events: 'practice events',
  answers: 'private answers',
  review_cards: 'review cards',
  reminders: 'reminders',
  thread_answers: 'answers in channels',
  reaction_events: 'reaction events',
  reaction_points: 'reaction scores',
  rubric_reviews: 'rubric reviews',
  shared_questions: 'shared questions',
};

export function forgottenMessage(counts: Record<string, number>): Message {
  const lines = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `• ${n} ${tableNames[table] ?? table}`);
  return message('Your data is deleted', [
    ...sections(
      lines.length === 0
        ? ':wastebasket: There was nothing of yours to delete.'
        : `:wastebasket: *Deleted:*\n${lines.join('\n')}`,
    ),
    context('Messages you posted in Slack stay in Slack; delete them there if you wish.'),
  ]);
}

export function forgetCancelledMessage(): Message {
  return message('Nothing deleted', sections('Nothing was deleted.'));
}
