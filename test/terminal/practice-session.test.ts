import { afterEach, describe, expect, it } from 'vitest';
import { formatCoachReport } from '../../src/cli.js';
import { analyseAnswer } from '../../src/domain/coach.js';
import { displayWidth, wrapText } from '../../src/domain/terminal-text.js';
import { practiceSession } from '../../src/terminal/practice-session.js';
import type { Screen } from '../../src/terminal/screen.js';
import { inMemoryWorld, type World } from '../use-cases/in-memory.js';

/**
 * The terminal loop with a fake terminal: scripted lines in, everything written and every prompt
 * recorded, on the real use cases over an in-memory database and the sample deck.
 */

let world: World | undefined;
afterEach(() => {
  world?.db.close();
  world = undefined;
});

const piped: Screen = { width: 80, bold: false, height: undefined };
const now = () => Date.parse('2026-11-24T10:00:00Z');
const who = { teamId: 'local', userId: 'alice' };

type Script = { lines: string[]; screen?: Screen; pasted?: number[] };

async function session(script: Script, filter?: string) {
  world ??= inMemoryWorld();
  const { db, practice } = world;
  const lines = [...script.lines];
  let read = 0;
  const prompts: string[] = [];
  const errors: string[] = [];
  let out = '';
  const result = await practiceSession(practice, {
    who,
    filter,
    now,
    io: {
      read: async (prompt) => {
        prompts.push(prompt);
        read += 1;
        return lines.shift();
      },
      // Lines listed in `pasted` (by their number, from 1) arrived together with the one before.
      pending: () => (script.pasted ?? []).includes(read + 1),
      write: (text) => {
        out += text;
      },
      error: (line) => errors.push(line),
      screen: () => script.screen ?? piped,
      coach: (text) => formatCoachReport(analyseAnswer({ text }, { where: 'practice' })),
    },
  });
  const events = db
    .prepare('SELECT question_id AS question, kind, rating, source FROM practice_events ORDER BY id')
    .all();
  return { ...result, out, prompts, errors, events };
}

describe('star practice: the loop', () => {
  it('shows the question, Enter the model answer as text (no Markdown), 1–4 rates and moves on; q quits', async () => {
    const run = await session({ lines: ['', '4', 'q'] }, 'leadership');
    expect(run.practiced).toBe(1);
    expect(run.out).toContain('Tell me about a time you rallied a team around a deadline');
    expect(run.out).toContain('SITUATION\n  At Pebble Labs the billing export was due in 3 weeks');
    expect(run.out).toContain('  1. Plan (Day 1):\n     ◦ Split the export into 4 slices');
    expect(run.out).toContain('  • ✅ Shipped 2 days early');
    expect(run.out).not.toContain('**');
    expect(run.out).not.toContain('\u001b'); // piped: no escape codes
    expect(run.out).toContain('Saved: Easy.');
    expect(run.out).toContain('Describe how you led a migration nobody wanted');
    expect(run.out).toContain('Practiced 1 question. See you tomorrow.');
    // The keys, in one short line each time input is wanted.
    expect(run.prompts[0]).toBe('Enter model answer · f follow-up · c coach · q quit > ');
    expect(run.prompts[1]).toBe('1 Again · 2 Hard · 3 Good · 4 Easy · f follow-up · c coach · q quit > ');
    expect(run.prompts.every((p) => displayWidth(p) <= 80)).toBe(true);
    expect(run.events).toEqual([
      { question: 'rally-team', kind: 'view', rating: null, source: 'terminal' },
      { question: 'rally-team', kind: 'reveal', rating: null, source: 'terminal' },
      { question: 'rally-team', kind: 'rating', rating: 4, source: 'terminal' },
      { question: expect.not.stringMatching(/^rally-team$/), kind: 'view', rating: null, source: 'terminal' },
    ]);
  });

  it('wraps to the screen and shows bold as ANSI bold on a TTY', async () => {
    const run = await session(
      { lines: ['', 'q'], screen: { width: 40, bold: true, height: undefined } },
      '1',
    );
    expect(run.out).toContain('\u001b[1mSITUATION\u001b[22m');
    expect(run.out).toContain('\u001b[1mPlan\u001b[22m (Day 1):');
    for (const line of run.out.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });

  it('asks again on a key it does not know, and quits at the end of input', async () => {
    const run = await session({ lines: ['3', '', '7'] }, '1');
    expect(run.out).toContain('Press Enter, or f, c or q.');
    expect(run.out).toContain('Type 1, 2, 3 or 4 to rate it, or f, c or q.');
    expect(run.practiced).toBe(0);
    expect(run.out).toContain('Practiced 0 questions.');
  });

  it('q before the answer quits without a rating', async () => {
    const run = await session({ lines: ['q'] });
    expect(run.practiced).toBe(0);
    expect(run.events.map((e) => (e as { kind: string }).kind)).toEqual(['view']);
  });
});

describe('star practice: follow-ups (f)', () => {
  it('shows the next follow-up, its answer on Enter, and says when there are no more', async () => {
    const run = await session({ lines: ['f', '', 'f', 's', 'f', 'q'] }, 'rally-team');
    expect(run.out).toContain('Follow-up 1 of 2: What would you change?');
    expect(run.out).toContain('  I would have set up the feature flag on day one.');
    expect(run.out).toContain('Follow-up 2 of 2: How did you keep morale up?');
    expect(run.out).not.toContain('Short demos every Friday'); // skipped with s
    expect(run.out).toContain('No more follow-ups for this question.');
    expect(run.prompts).toContain('Enter shows its answer · s skips it > ');
    // Each follow-up opened counts as practice, from the terminal, as in Slack.
    expect(
      run.events
        .filter((e) => (e as { kind: string }).kind === 'follow_up')
        .map((e) => (e as { source: string }).source),
    ).toEqual(['terminal', 'terminal']);
  });

  it('after the model answer too, and the rating still follows', async () => {
    const run = await session({ lines: ['', 'f', '', '3'] }, 'pm-disagreement');
    expect(run.out).toContain('Follow-up 1 of 1: What if the PM had said no?');
    expect(run.out).toContain('  I would have escalated with the data, together, not around them.');
    expect(run.out).toContain('Saved: Good.');
    expect(run.practiced).toBe(1);
  });
});

describe('star practice: the coach (c)', () => {
  const answer = [
    'Situation: our CI builds took 40 minutes and blocked every release.',
    'Task: I had to cut them below 10 minutes without dropping tests.',
    'Action: I profiled the pipeline, cached dependencies and split the suite across 6 runners.',
    'Result: builds take 9 minutes now and releases went from weekly to daily.',
  ];

  it('coaches an answer typed up to an empty line, with the practice advice', async () => {
    const run = await session({ lines: ['c', ...answer, '', 'q'] }, 'rally-team');
    const expected = formatCoachReport(analyseAnswer({ text: answer.join('\n') }, { where: 'practice' }));
    expect(run.out).toContain(wrapText(expected, piped).join('\n'));
    expect(run.out).toContain('Words: situation');
    expect(run.out).toContain('Your answer: type or paste it, then an empty line (or Ctrl-D).');
    // Back at the question afterwards: q quits there.
    expect(run.prompts.at(-1)).toBe('Enter model answer · f follow-up · c coach · q quit > ');
  });

  it('keeps the empty lines inside a paste, and Ctrl-D (the end of input) ends the answer too', async () => {
    const lines = ['c', answer[0] ?? '', '', answer[1] ?? '', answer[2] ?? '', answer[3] ?? ''];
    // Lines 3–6 were pasted with line 2: the empty line 3 does not end the answer.
    const run = await session({ lines, pasted: [3, 4, 5, 6] }, 'rally-team');
    const expected = formatCoachReport(
      analyseAnswer({ text: lines.slice(1).join('\n') }, { where: 'practice' }),
    );
    expect(run.out).toContain(wrapText(expected, piped).join('\n'));
  });

  it('says so when there is nothing to coach', async () => {
    const run = await session({ lines: ['c', '', 'q'] }, 'rally-team');
    expect(run.out).toContain('Nothing to coach.');
  });
});

describe('star practice: paging', () => {
  const small: Screen = { width: 40, bold: false, height: 12 };

  it('shows a long answer a screenful at a time, with "-- more (Enter) --" between', async () => {
    const run = await session({ lines: ['', '', '', '', '', 'q'], screen: small }, 'rally-team');
    expect(run.prompts.filter((p) => p === '-- more (Enter) --').length).toBeGreaterThan(1);
    const answer = run.out.slice(run.out.indexOf('\nSITUATION'));
    expect(answer).toContain('PRINCIPAL-LEVEL INSIGHTS');
  });

  it('q at "-- more --" skips the rest of the answer; the end of input quits', async () => {
    const skipped = await session({ lines: ['', 'q', '2'], screen: small }, 'rally-team');
    expect(skipped.out).not.toContain('PRINCIPAL-LEVEL INSIGHTS');
    expect(skipped.out).toContain('Saved: Hard.');
    world?.db.close();
    world = undefined;
    const ended = await session({ lines: [''], screen: small }, 'rally-team');
    expect(ended.out).toContain('Practiced 0 questions.');
  });

  it('never pages piped output', async () => {
    const run = await session(
      { lines: ['', 'q'], screen: { width: 40, bold: false, height: undefined } },
      '1',
    );
    expect(run.prompts).not.toContain('-- more (Enter) --');
    expect(run.out).toContain('PRINCIPAL-LEVEL INSIGHTS');
  });
});

describe('star practice --filter', () => {
  it('with one matching question: practises that one, says so, and stops after it', async () => {
    const run = await session({ lines: ['', '3', '', 'q'] }, 'disagreement');
    expect(run.out).toContain('Only question 3 matches "disagreement": practising that one.');
    expect(run.practiced).toBe(1);
    expect(run.out).toContain('Practiced 1 question.');
    expect(run.prompts.length).toBe(2); // nothing asked after the rating
    expect(run.errors).toEqual([]);
  });

  it('with no match: one line saying so, nothing else, nothing recorded', async () => {
    const run = await session({ lines: ['', 'q'] }, 'kubernetes');
    expect(run.errors).toEqual([
      'Nothing matches "kubernetes": try a category (Leadership, Conflict Resolution), a question number, a difficulty or words from a question.',
    ]);
    expect(run.out).toBe('');
    expect(run.prompts).toEqual([]);
    expect(run.events).toEqual([]);
  });

  it('with several matches: the questions of the filter, one after another', async () => {
    const run = await session({ lines: ['', '3', '', '3', 'q'] }, 'leadership');
    expect(run.out).not.toContain('Only question');
    expect(run.practiced).toBe(2);
    expect(run.out).toContain('Tell me about a time you rallied a team around a deadline');
    expect(run.out).toContain('Describe how you led a migration nobody wanted');
  });
});
