import { exampleDates } from '../../domain/time-words.js';
import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

type Row = readonly [example: string, what: string];

const commands: readonly Row[] = [
  ['/star question', 'a practice question you have not seen yet, with its model answer behind a button'],
  [
    '/star question conflict',
    'a question from a category (or a number: `/star question 12`, a difficulty: `principal`, or words from the prompt: `/star question outage`)',
  ],
  ['/star categories', 'the categories, with how many questions you have practiced in each'],
  ['/star tips', 'practice tips from the decks'],
  [
    '/star stats',
    'your practice so far: questions, streak, categories, self-rating, points and peer rubric (or `/star stats @teammate`)',
  ],
  [
    '/star story add',
    'write a STAR story of your own (title, Situation, Task, Action, Result, lesson, the categories it answers); the coach reviews it',
  ],
  [
    '/star stories',
    'your story bank: categories × your stories, those with no story or only one; `/star stories export` sends it as a deck file, and a deck you send me in a DM is imported',
  ],
  ['/star remind 8:30am', 'a daily DM when questions are due for review (`/star remind off` stops it)'],
  ['/star export', 'your practice, answers and reviews received, as a CSV file in our DM'],
  ['/star forget-me', 'delete all your data here (asks first)'],
  ['/star help', 'this help'],
];

/** The channel's commands; their example dates are relative to `today`, so they never go stale. */
function channelCommands(today: string): readonly Row[] {
  const { inAWeek } = exampleDates(today);
  return [
    [
      '/star subscribe',
      'a question of the day in this channel: 09:00 on weekdays in your time zone; or `/star subscribe 8:30am Europe/Berlin mon,wed,fri` (a zone may also be `CET`, `PT`, `IST`, …); `holidays DE` skips Germany’s public holidays (`DE-BY`: Bavaria’s too; `holidays off`)',
    ],
    ['/star schedule', 'the channel’s settings and next post'],
    [
      '/star pause',
      `pause it until a day, when it resumes (\`/star pause next monday\`, \`/star pause until ${inAWeek}\`); \`/star resume\` starts it again`,
    ],
    [`/star skip ${inAWeek}`, 'no question that day (or `tomorrow`, `friday`)'],
    ['/star unsubscribe', 'stop the question of the day here'],
    [
      '/star leaderboard',
      'this week’s answerers by points and most helpful reviewers (also `month`, `all`; `/star leaderboard workspace` for every channel); `/star leaderboard hide` keeps you off every board and recap',
    ],
    ['/star coach off', 'no private coaching on thread answers in this channel (`/star coach on` again)'],
    [
      '/star pairs on',
      'mock interviews in pairs here every week on Monday (or `/star pairs on biweekly thursday`); members `/star pairs join` or `leave`; `/star pairs` shows the next round',
    ],
  ];
}

/** Help lists exactly the subcommands that work, with examples dated from `today` (YYYY-MM-DD). */
export function helpMessage(today: string): Message {
  const list = (rows: readonly Row[]) => rows.map(([example, what]) => `\`${example}\` — ${what}`).join('\n');
  return message('STAR Partner help', [
    ...sections(
      `*STAR Partner* — practice behavioral interview answers in the STAR format (Situation, Task, Action, Result).\n\n${list(commands)}`,
    ),
    ...sections(
      `*Practice as a team*\n${list(channelCommands(today))}\nReact to answers in threads to score them; the *Review* button or the *Review STAR answer* message shortcut scores each STAR part.`,
    ),
    ...sections(
      '*What is private*\nYour self-ratings, streak, coach feedback, private answers, stories and the reviews you receive are yours alone. Teammates see what is public in channels: your points, the answers you post there and the reviews you give (`/star stats @you` shows them just that).',
    ),
    context('Only you can see this.'),
  ]);
}

/**
 * What was wrong with a `/star` command: the one line the parser wrote (what was typed, the one thing
 * wrong, an example of the right form), never the whole help.
 */
export function problemMessage(reason: string): Message {
  const safe = escapeMrkdwn(reason);
  return message(safe, [...sections(`:warning: ${safe}`), context('Only you can see this.')]);
}
