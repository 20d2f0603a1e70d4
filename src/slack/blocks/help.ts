import { context, type Message, message, sections } from './kit.js';

const commands: ReadonlyArray<readonly [string, string]> = [
  ['/star question', 'a practice question you have not seen yet, with its model answer behind a button'],
  [
    '/star question conflict',
    'a question from a category (or a number: `/star question 12`, a difficulty: `principal`, or words from the prompt: `/star question outage`)',
  ],
  ['/star categories', 'the categories, with how many questions you have practiced in each'],
  ['/star tips', 'practice tips from the decks'],
  ['/star stats', 'your practice so far: questions, streak, categories, average self-rating'],
  ['/star help', 'this help'],
];

/** Help lists exactly the subcommands that work. `problem` explains what was wrong with the input. */
export function helpMessage(problem?: string): Message {
  const lines = commands.map(([example, what]) => `\`${example}\` — ${what}`).join('\n');
  return message(problem ? `${problem} Try /star help.` : 'STAR Partner help', [
    ...(problem ? sections(`:warning: ${problem}`) : []),
    ...sections(
      `*STAR Partner* — practice behavioral interview answers in the STAR format (Situation, Task, Action, Result).\n\n${lines}`,
    ),
    context('Only you can see this.'),
  ]);
}
