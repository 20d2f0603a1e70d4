import type { Question } from '../domain/deck.js';
import { type RatingName, ratings } from '../domain/practice.js';
import { matchQuestions } from '../domain/question-picker.js';
import { starLabels, starParts } from '../domain/star.js';
import { renderMarkdown, strong, wrapText } from '../domain/terminal-text.js';
import type { PracticeDeps, Who } from '../use-cases/deps.js';
import { openFollowUp, rateRecall, revealAnswer, serveQuestion } from '../use-cases/practice-question.js';
import type { Screen } from './screen.js';

/**
 * `star practice`: the practice loop in a terminal, on the same decks and database as the Slack app.
 * The question → Enter shows the model answer (a screenful at a time on a terminal) → 1–4 rates it
 * → the next question; `f` shows the next follow-up and, on Enter, its answer; `c` coaches an answer
 * typed or pasted there; `q` quits. Input is read line by line, so it works the same with a keyboard
 * or with piped stdin.
 */
export type SessionIo = {
  /** Shows the prompt and reads one line; undefined at the end of input. */
  readonly read: (prompt: string) => Promise<string | undefined>;
  /** Whether another line is already there (a paste): an empty line inside a paste does not end an answer. */
  readonly pending: () => boolean;
  readonly write: (text: string) => void;
  /** One line saying why nothing can be practised (the command then exits 1). */
  readonly error: (line: string) => void;
  /** The terminal as it is now: width, height (paging) and bold. */
  readonly screen: () => Screen;
  /** The coach's feedback on an answer, as text (`formatCoachReport` of `analyseAnswer`). */
  readonly coach: (answer: string) => string;
};

const names: Record<RatingName, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

const keysBefore = 'Enter model answer · f follow-up · c coach · q quit > ';
const keysAfter = '1 Again · 2 Hard · 3 Good · 4 Easy · f follow-up · c coach · q quit > ';
const more = '-- more (Enter) --';
/** After "-- more --" has been answered on a terminal: back up one line and clear it. */
const eraseLine = '\u001b[1A\u001b[2K';

function describe(question: Question, screen: Screen): string[] {
  const meta = [question.category, question.difficulty, `question ${question.number}`]
    .filter(Boolean)
    .join(' · ');
  return [
    '',
    ...wrapText(meta, screen),
    '',
    ...wrapText(question.prompt, { ...screen, indent: 2, strong: true }),
    ...(question.whyAsked ? wrapText(`Why it's asked: ${question.whyAsked}`, { ...screen, indent: 2 }) : []),
    '',
  ];
}

function modelAnswer(question: Question, screen: Screen): string[] {
  const { answer } = question;
  const part = (label: string, markdown: string) => [
    '',
    strong(label, screen.bold),
    ...renderMarkdown(markdown, { ...screen, indent: 2 }),
  ];
  return [
    ...starParts.flatMap((name) => part(starLabels[name].toUpperCase(), answer[name])),
    ...(answer.insights ? part('PRINCIPAL-LEVEL INSIGHTS', answer.insights) : []),
    '',
  ];
}

function days(ms: number): string {
  const d = ms / 86_400_000;
  if (d < 1 / 24) return `${Math.max(1, Math.round(ms / 60_000))} minutes`;
  if (d < 1) return `${Math.round(d * 24)} hours`;
  return `${Math.round(d)} day${Math.round(d) === 1 ? '' : 's'}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Shows `lines`; when they are taller than the screen, a screenful at a time with "-- more --"
 * between (Enter goes on, `q` skips the rest). False when the input ended at "-- more --".
 */
async function show(io: SessionIo, screen: Screen, lines: readonly string[]): Promise<boolean> {
  const page = screen.height === undefined ? Number.POSITIVE_INFINITY : Math.max(1, screen.height - 1);
  for (let start = 0; start < lines.length; start += page) {
    io.write(`${lines.slice(start, start + page).join('\n')}\n`);
    if (start + page >= lines.length) break;
    const answer = await io.read(more);
    if (answer === undefined) return false;
    if (screen.bold) io.write(eraseLine); // escape codes only ever go to a terminal
    if (answer.trim().toLowerCase() === 'q') break;
  }
  return true;
}

/** Lines of an answer typed or pasted for the coach, until an empty line (not inside a paste) or Ctrl-D. */
async function readAnswer(io: SessionIo): Promise<string> {
  const lines: string[] = [];
  for (;;) {
    const line = await io.read('');
    if (line === undefined) break;
    if (line.trim() === '' && !io.pending()) break;
    lines.push(line);
  }
  return lines.join('\n').trim();
}

type Outcome = { kind: 'rated'; rating: RatingName } | { kind: 'quit' };

export async function practiceSession(
  deps: PracticeDeps,
  options: { who: Who; filter?: string | undefined; now: () => number; io: SessionIo },
): Promise<{ practiced: number }> {
  const { who, io, now, filter } = options;
  const shown = (filter ?? '').trim().replace(/\s+/g, ' ');
  const matching = matchQuestions(deps.library, filter).questions;
  if (matching.length === 0) {
    const categories = deps.library.categories.map((c) => c.name).join(', ');
    io.error(
      `Nothing matches "${shown}": try a category (${categories}), a question number, a difficulty or words from a question.`,
    );
    return { practiced: 0 };
  }
  const only = matching.length === 1 ? matching[0] : undefined;
  /** A message, wrapped to the screen; a leading "\n" leaves a blank line before it. */
  const say = (text: string) => {
    const blank = text.startsWith('\n');
    io.write(`${blank ? '\n' : ''}${wrapText(blank ? text.slice(1) : text, io.screen()).join('\n')}\n`);
  };
  say('STAR Partner — practice in the terminal.');
  if (only) say(`Only question ${only.number} matches "${shown}": practising that one.`);

  /** One question, from the prompt to its rating (or quitting). */
  const practise = async (question: Question): Promise<Outcome> => {
    io.write(`${describe(question, io.screen()).join('\n')}\n`);
    let revealed = false;
    let followUps = 0;
    for (;;) {
      const input = await io.read(revealed ? keysAfter : keysBefore);
      if (input === undefined) return { kind: 'quit' };
      const key = input.trim().toLowerCase();
      if (key === 'q') return { kind: 'quit' };
      if (key === '' && !revealed) {
        revealAnswer(deps, { who, questionId: question.id, now: now(), source: 'terminal' });
        revealed = true;
        const screen = io.screen();
        if (!(await show(io, screen, modelAnswer(question, screen)))) return { kind: 'quit' };
      } else if (key === 'f') {
        const followUp = question.followUps[followUps];
        if (!followUp) {
          say(followUps === 0 ? 'This question has no follow-ups.' : 'No more follow-ups for this question.');
          continue;
        }
        openFollowUp(deps, {
          who,
          questionId: question.id,
          index: followUps,
          now: now(),
          source: 'terminal',
        });
        followUps += 1;
        const screen = io.screen();
        const heading = `Follow-up ${followUps} of ${question.followUps.length}: ${followUp.question}`;
        io.write(`\n${wrapText(heading, { ...screen, strong: true }).join('\n')}\n`);
        const open = await io.read('Enter shows its answer · s skips it > ');
        if (open === undefined) return { kind: 'quit' };
        if (open.trim() !== '') continue;
        const lines = ['', ...renderMarkdown(followUp.answer, { ...screen, indent: 2 }), ''];
        if (!(await show(io, io.screen(), lines))) return { kind: 'quit' };
      } else if (key === 'c') {
        say('\nYour answer: type or paste it, then an empty line (or Ctrl-D).');
        const answer = await readAnswer(io);
        if (answer === '') {
          say('Nothing to coach.');
          continue;
        }
        const screen = io.screen();
        if (!(await show(io, screen, ['', ...wrapText(io.coach(answer), screen), '']))) {
          return { kind: 'quit' };
        }
      } else if (revealed && /^[1-4]$/.test(key)) {
        const rating = ratings[Number(key) - 1];
        if (rating) return { kind: 'rated', rating };
      } else {
        say(revealed ? 'Type 1, 2, 3 or 4 to rate it, or f, c or q.' : 'Press Enter, or f, c or q.');
      }
    }
  };

  let practiced = 0;
  let previous: string | undefined;
  for (;;) {
    const served = serveQuestion(deps, { who, filter, excludeId: previous, now: now(), source: 'terminal' });
    if (served.kind === 'no-match') break; // the decks have no question for the filter (checked above)
    const { question } = served;
    previous = question.id;
    const outcome = await practise(question);
    if (outcome.kind === 'quit') break;
    rateRecall(deps, {
      who,
      questionId: question.id,
      rating: outcome.rating,
      now: now(),
      source: 'terminal',
    });
    practiced += 1;
    const due = deps.cards.dueTimes(who.teamId, who.userId).get(question.id);
    say(
      `Saved: ${names[outcome.rating]}.${due === undefined ? '' : ` It comes back in ${days(due - now())}.`}`,
    );
    if (only) break;
  }
  say(`\nPracticed ${plural(practiced, 'question')}. See you tomorrow.`);
  return { practiced };
}
