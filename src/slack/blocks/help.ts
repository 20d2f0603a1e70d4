import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

const commands: ReadonlyArray<readonly [string, string]> = [
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
  ['/star remind 08:30', 'a daily DM when questions are due for review (`/star remind off` stops it)'],
  ['/star export', 'your practice, answers and reviews received, as a CSV file in our DM'],
  ['/star forget-me', 'delete all your data here (asks first)'],
  ['/star help', 'this help'],
];

const channelCommands: ReadonlyArray<readonly [string, string]> = [
  [
    '/star subscribe',
    'a question of the day in this channel: 09:00 on weekdays in your time zone; or `/star subscribe 08:30 Europe/Berlin mon,wed,fri`',
  ],
  ['/star schedule', 'the channel’s settings and next post'],
  [
    '/star pause',
    'pause it (`/star pause until 2026-12-01` resumes that day); `/star resume` starts it again',
  ],
  ['/star skip 2026-12-24', 'no question that day'],
  ['/star unsubscribe', 'stop the question of the day here'],
  ['/star leaderboard', 'this week’s answerers by points and most helpful reviewers (also `month`, `all`)'],
  ['/star coach off', 'no private coaching on thread answers in this channel (`/star coach on` again)'],
];

/** Help lists exactly the subcommands that work. `problem` explains what was wrong with the input. */
export function helpMessage(problem?: string): Message {
  const list = (rows: typeof commands) =>
    rows.map(([example, what]) => `\`${example}\` — ${what}`).join('\n');
  const safe = problem === undefined ? undefined : escapeMrkdwn(problem);
  return message(safe ? `${safe} Try /star help.` : 'STAR Partner help', [
    ...(safe ? sections(`:warning: ${safe}`) : []),
    ...sections(
      `*STAR Partner* — practice behavioral interview answers in the STAR format (Situation, Task, Action, Result).\n\n${list(commands)}`,
    ),
    ...sections(
      `*Practice as a team*\n${list(channelCommands)}\nReact to answers in threads to score them; the *Review* button or the *Review STAR answer* message shortcut scores each STAR part.`,
    ),
    context('Only you can see this.'),
  ]);
}
