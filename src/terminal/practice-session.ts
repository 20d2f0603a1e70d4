import type { Question } from '../domain/deck.js';
import { type RatingName, ratings } from '../domain/practice.js';
import { starLabels, starParts } from '../domain/star.js';
import type { PracticeDeps, Who } from '../use-cases/deps.js';
import { rateRecall, revealAnswer, serveQuestion } from '../use-cases/practice-question.js';

/**
 * `star practice`: the practice loop in a terminal, on the same deck and database as the Slack app.
 * Question → Enter reveals the model answer → rate 1–4 → next; `q` quits. Input is read line by
 * line, so it works the same with a keyboard or with piped stdin.
 */
export type SessionIo = {
  readonly lines: AsyncIterable<string>;
  readonly write: (text: string) => void;
};

const names: Record<RatingName, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

function describe(question: Question): string {
  const meta = [question.category, question.difficulty, `question ${question.number}`]
    .filter(Boolean)
    .join(' · ');
  return [
    `\n${meta}`,
    `\n  ${question.prompt}\n`,
    question.whyAsked ? `  Why it's asked: ${question.whyAsked}\n` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function modelAnswer(question: Question): string {
  const { answer } = question;
  const part = (label: string, text: string) => `${label}\n${text}\n`;
  return [
    '',
    ...starParts.map((name) => part(starLabels[name].toUpperCase(), answer[name])),
    answer.insights ? part('PRINCIPAL-LEVEL INSIGHTS', answer.insights) : '',
  ].join('\n');
}

function days(ms: number): string {
  const d = ms / 86_400_000;
  if (d < 1 / 24) return `${Math.max(1, Math.round(ms / 60_000))} minutes`;
  if (d < 1) return `${Math.round(d * 24)} hours`;
  return `${Math.round(d)} day${Math.round(d) === 1 ? '' : 's'}`;
}

export async function practiceSession(
  deps: PracticeDeps,
  options: { who: Who; filter?: string | undefined; now: () => number; io: SessionIo },
): Promise<{ practiced: number }> {
  const { who, io, now } = options;
  const lines = options.io.lines[Symbol.asyncIterator]();
  const next = async (prompt: string): Promise<string | undefined> => {
    io.write(prompt);
    const line = await lines.next();
    return line.done ? undefined : line.value.trim();
  };
  io.write('STAR Partner — practice in the terminal. Enter shows the model answer; rate 1–4; q quits.\n');
  let practiced = 0;
  let previous: string | undefined;
  for (;;) {
    const served = serveQuestion(deps, {
      who,
      filter: options.filter,
      excludeId: previous,
      now: now(),
      source: 'terminal',
    });
    if (served.kind === 'no-match') {
      io.write(
        `Nothing matches "${served.filter}". Categories: ${served.categories.map((c) => c.name).join(', ')}\n`,
      );
      return { practiced };
    }
    const { question } = served;
    previous = question.id;
    io.write(describe(question));
    const reveal = await next('\n[Enter] show the model answer · [q] quit > ');
    if (reveal === undefined || reveal.toLowerCase() === 'q') break;
    revealAnswer(deps, { who, questionId: question.id, now: now(), source: 'terminal' });
    io.write(modelAnswer(question));
    let rating: RatingName | undefined;
    while (!rating) {
      const answer = await next(
        'How well did you recall it? 1 Again · 2 Hard · 3 Good · 4 Easy · [q] quit > ',
      );
      if (answer === undefined || answer.toLowerCase() === 'q') {
        io.write(`\nPracticed ${practiced} question${practiced === 1 ? '' : 's'}. See you tomorrow.\n`);
        return { practiced };
      }
      rating = ratings[Number(answer) - 1];
      if (!rating || !/^[1-4]$/.test(answer)) {
        rating = undefined;
        io.write('Type 1, 2, 3 or 4 (or q to quit).\n');
      }
    }
    rateRecall(deps, { who, questionId: question.id, rating, now: now(), source: 'terminal' });
    practiced += 1;
    const due = deps.cards.dueTimes(who.teamId, who.userId).get(question.id);
    io.write(
      `Saved: ${names[rating]}.${due === undefined ? '' : ` It comes back in ${days(due - now())}.`}\n`,
    );
  }
  io.write(`\nPracticed ${practiced} question${practiced === 1 ? '' : 's'}. See you tomorrow.\n`);
  return { practiced };
}
