import type { types } from '@slack/bolt';
import type { ChannelStanding } from '../../domain/onboarding.js';
import type { CategoryProgress } from '../../domain/practice.js';
import { encode } from '../card-state.js';
import { actions } from '../ids.js';
import { categoriesMessage } from './categories.js';
import {
  actionsBlock,
  type Button,
  button,
  context,
  limits,
  type Message,
  message,
  plain,
  sections,
} from './kit.js';

/**
 * First contact (issue 15, point 1): the welcome DM to whoever installed the app, the introduction
 * in a channel the bot is invited to, the short help after a mention, and the two windows the
 * first steps open (how the question of the day works, the categories). Short on purpose: each says
 * what to try first, not everything.
 */

/** "Practice now": a question card in the app's DM (the App Home's button, reused). */
export const practiceNowButton = (): Button =>
  button('Practice now', actions.practiceNow, encode({ home: 1 }), 'primary');

export const howDailyWorksButton = (): Button =>
  button('How the question of the day works', actions.howDailyWorks, encode({ guide: 'daily' }));

export const seeCategoriesButton = (): Button =>
  button('See categories', actions.seeCategories, encode({ guide: 'categories' }));

/** The DM to whoever installed the app, once per workspace. */
export function welcomeMessage(): Message {
  return message(
    'Thanks for installing STAR Partner: here is what to try first',
    [
      ...sections(
        [
          ':wave: *Thanks for installing STAR Partner!* I’m a practice partner for behavioral interviews in the STAR format (Situation, Task, Action, Result). What to try first:',
          '• `/star question` anywhere: a question with its model answer, only you see it',
          '• Invite me to a team channel (`/invite @STAR Partner`) and type `/star subscribe 9am` there: a question of the day the team answers in the thread',
          '• My *Home* tab: your progress, and the questions due for review',
        ].join('\n'),
      ),
    ],
    [
      actionsBlock('welcome_first_steps', [practiceNowButton(), howDailyWorksButton()]),
      context(
        '`/star help` lists everything. You get this message once, as the person who installed the app.',
      ),
    ],
  );
}

const standingLine: Record<ChannelStanding, string> = {
  unsubscribed:
    '• `/star subscribe 9am`: a question of the day here (weekdays, in your time zone). The team answers in its thread, reactions score the answers, and Fridays bring a short recap',
  subscribed: '• This channel already gets a question of the day: `/star schedule` says when',
  paused:
    '• This channel’s question of the day is paused: `/star resume` starts it again (`/star schedule` says why it paused)',
};

/** The one message in a channel the bot was invited to: what it does there and how to subscribe. */
export function channelIntroMessage(standing: ChannelStanding): Message {
  return message('Hi, I’m STAR Partner: a question of the day for this channel, and private practice', [
    ...sections(
      [
        ':wave: *Hi, I’m STAR Partner.* I help this channel practise behavioral interview answers in the STAR format (Situation, Task, Action, Result).',
        standingLine[standing],
        '• `/star question`: a practice question only you see',
        '• `/star help`: everything else',
      ].join('\n'),
    ),
    context('Of the messages here, I keep only the replies in my questions’ threads.'),
  ]);
}

/** The answer to a mention: who the bot is and three commands, in the mention's thread. */
export function mentionHelpMessage(): Message {
  return message('Hi! I’m STAR Partner: try /star question, /star subscribe or /star help', [
    ...sections(
      [
        'Hi! I’m *STAR Partner*, a practice partner for behavioral interviews in the STAR format.',
        '• `/star question`: a practice question, only you see it',
        '• `/star subscribe 9am`: a question of the day in this channel',
        '• `/star help`: everything I can do',
      ].join('\n'),
    ),
  ]);
}

/** "How the question of the day works": a window only the clicker sees. */
export function dailyGuideModal(): types.ModalView {
  return {
    type: 'modal',
    title: plain('Question of the day'),
    close: plain('Close'),
    blocks: [
      ...sections(
        [
          '*A question a day for your team, answered in the thread*',
          '1. Pick a channel. A public one I join myself; in a private one, invite me first: `/invite @STAR Partner`.',
          '2. Type `/star subscribe 9am` there. That is 09:00 on weekdays in your time zone; a zone and days change it: `/star subscribe 8:30am CET mon,wed,fri`.',
          '3. At that time I post one behavioral question. Teammates answer in its thread; *Show model answer* shows the model answer only to whoever clicks, and *Answer it* opens a STAR form.',
          '4. Reactions on answers score points: `/star leaderboard` shows the week, and on Fridays a short recap names the top answers and reviewers.',
        ].join('\n'),
      ),
      context(
        'One question a day per channel, never twice; none repeats until the deck is used up. `/star schedule`, `/star pause`, `/star skip friday` and `/star unsubscribe` manage it.',
      ),
    ],
  };
}

/** "See categories": the categories with the user's progress in each, in a window. */
export function categoriesModal(progress: readonly CategoryProgress[]): types.ModalView {
  return {
    type: 'modal',
    title: plain('Categories'),
    close: plain('Close'),
    blocks: categoriesMessage(progress).blocks.slice(0, limits.viewBlocks),
  };
}
