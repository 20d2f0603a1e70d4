import { countOf } from '../../domain/words.js';
import type { DeletedCounts } from '../../use-cases/personal-data.js';
import { encode } from '../card-state.js';
import { actions } from '../ids.js';
import {
  actionsBlock,
  type Block,
  button,
  context,
  escapedPrefix,
  type Message,
  message,
  sections,
} from './kit.js';
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
      `:outbox_tray: Your data (${countOf(rows, 'record')}) is in our direct messages as *${filename}*.`,
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
    const piece = escapedPrefix(rest, 2980);
    pieces.push(piece);
    rest = rest.slice(piece.length);
  }
  if (pieces.length > 45) {
    return message(
      'Export too large',
      sections(
        `:warning: ${why} Your export (${countOf(rows, 'record')}) is too large for a message; try again later.`,
      ),
    );
  }
  return message(`Your data: ${countOf(rows, 'record')}`, [
    ...sections(`:outbox_tray: ${why} Here is your data as CSV (${countOf(rows, 'record')}):`),
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
      ':warning: *Delete all your STAR Partner data in this workspace?*\nYour practice history and review schedule, answers, story bank, reminder, the reactions and reviews you gave, and those on your answers. This cannot be undone. (`/star export` first if you want a copy.)',
    ),
    actionsBlock('forget', [
      button('Delete my data', actions.forgetConfirm, encode({ forget: 1 }), 'danger'),
      button('Cancel', actions.forgetCancel, encode({ forget: 0 })),
    ]),
  ]);
}

/** What forget-me deleted, in the user's words (one, many), in the order the reply lists them. */
const deletedWords: Readonly<Record<keyof DeletedCounts, readonly [one: string, many: string]>> = {
  practice_events: ['entry in your practice history', 'entries in your practice history'],
  review_cards: ['question on your review schedule', 'questions on your review schedule'],
  answers: ['private answer', 'private answers'],
  thread_answers: ['answer in a channel', 'answers in channels'],
  reaction_events: ['reaction you gave or got on your answers', 'reactions you gave or got on your answers'],
  reaction_points: ['leaderboard score from reactions', 'leaderboard scores from reactions'],
  rubric_reviews: ['review you gave or got', 'reviews you gave or got'],
  reminders: ['daily reminder', 'daily reminders'],
  reminder_messages: [
    'reminder DM or interviewer packet sent or planned',
    'reminder DMs or interviewer packets sent or planned',
  ],
  display_names: ['copy of your display name', 'copies of your display name'],
  leaderboard_privacy: ['leaderboard choice', 'leaderboard choices'],
  pairs_members: ['mock interview round you joined', 'mock interview rounds you joined'],
  pairs_group_members: [
    'place in a mock interview group (the group stays for the others)',
    'places in mock interview groups (the groups stay for the others)',
  ],
  pairs_interviews: ['mock interview you led or sat', 'mock interviews you led or sat'],
  mock_feedback: ['mock interview score you gave or got', 'mock interview scores you gave or got'],
  stories: ['story in your story bank', 'stories in your story bank'],
  story_categories: ['category a story of yours answered', 'categories your stories answered'],
  shared_questions: [
    'question you shared (kept for the channel, without your name)',
    'questions you shared (kept for the channel, without your name)',
  ],
  subscriptions: [
    'channel subscription or mock interview rounds you set up (kept, without your name)',
    'channel subscriptions or mock interview rounds you set up (kept, without your name)',
  ],
};

export function forgottenMessage(counts: DeletedCounts): Message {
  const lines = Object.entries(deletedWords)
    .map(([kind, [one, many]]) => [counts[kind as keyof DeletedCounts], one, many] as const)
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `• ${n} ${n === 1 ? one : many}`);
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
