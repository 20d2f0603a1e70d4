import { encode } from '../card-state.js';
import { actions } from '../ids.js';
import { actionsBlock, type Block, button, context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

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

/** The export as a message when no file could be sent: code blocks, within Block Kit limits. */
export function exportInlineMessage(csv: string, rows: number, error: string | undefined): Message {
  const why =
    error === 'missing_scope'
      ? 'I could not send a file (the app needs the files:write scope: ask an admin to reinstall it).'
      : `I could not send a file${error ? ` (${error})` : ''}.`;
  // Split so that each piece fits a section after escaping (& < > grow when escaped).
  const pieces: string[] = [];
  let rest = csv;
  while (rest.length > 0) {
    const piece = escapedClipRaw(rest, 2980);
    pieces.push(piece);
    rest = rest.slice(piece.length);
  }
  if (pieces.length > 45) {
    return message(
      'Export too large',
      sections(`:warning: ${why} Your export (${rows} records) is too large for a message; try again later.`),
    );
  }
  return message(`Your data: ${rows} records`, [
    ...sections(`:outbox_tray: ${why} Here is your data as CSV (${rows} records):`),
    ...pieces.map(
      (piece): Block => ({
        type: 'section',
        text: { type: 'mrkdwn', text: `\`\`\`${escapeMrkdwn(piece)}\`\`\`` },
      }),
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
  shared_questions: 'shared questions (kept for the channel, without your name)',
  subscriptions: 'channel subscriptions you set up (kept, without your name)',
  reminder_messages: 'reminder deliveries',
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
    context(
      'Messages in Slack are not touched: what you wrote yourself you can delete in Slack; answers the app posted for you stay in their channels.',
    ),
  ]);
}

export function forgetCancelledMessage(): Message {
  return message('Nothing deleted', sections('Nothing was deleted.'));
}

/** The longest prefix of `text` (cut at a line or space) whose escaped form fits in `max` characters. */
function escapedClipRaw(text: string, max: number): string {
  let end = Math.min(text.length, max);
  while (escapeMrkdwn(text.slice(0, end)).length > max)
    end -= Math.max(1, Math.ceil((escapeMrkdwn(text.slice(0, end)).length - max) / 4));
  if (end < text.length) {
    const cut = Math.max(text.lastIndexOf('\n', end), text.lastIndexOf(' ', end));
    if (cut > end / 2) end = cut + 1;
  }
  return text.slice(0, end);
}
