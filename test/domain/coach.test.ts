import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseAnswer, type FindingCode, splitFreeText, subjects } from '../../src/domain/coach.js';
import { formatDeckError } from '../../src/domain/deck.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { shippedStoriesDir } from '../support/fixtures.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/coach/${name}.txt`, import.meta.url), 'utf8');
const codes = (text: string) => analyseAnswer({ text }).findings.map((f) => f.code);

describe('calibration: the model answers of our decks are the examples', () => {
  const decks = loadDecks(shippedStoriesDir);
  if (!decks.ok) throw new Error(decks.errors.map(formatDeckError).join('\n'));

  it.each(decks.library.questions.map((q) => [q.id, q] as const))('%s is rated strong', (_id, question) => {
    const report = analyseAnswer(question.answer);
    expect(report.verdict, report.findings.map((f) => f.message).join('\n')).toBe('strong');
    expect(report.quantified).toBe(true);
    expect(report.present).toEqual({ situation: true, task: true, action: true, result: true });
  });
});

describe('weak answers are caught for the right reason', () => {
  it.each([
    ['no result', 'no-result', ['missing-part'], 'No Result. End with what changed, in numbers.'],
    [
      'no numbers',
      'no-numbers',
      ['vague-result'],
      'Result says "much more reliable and the team was happier": by how much, and over what time?',
    ],
    [
      'all "we"',
      'all-we',
      ['we-not-i'],
      'The Action says "we" 5 times and "I" never ("We profiled the queries"): what did you do yourself?',
    ],
    ['no action', 'no-action', ['missing-part'], 'No Action. Say what you did, step by step, in "I".'],
    [
      'rambling',
      'rambling',
      ['action-not-longest'],
      'The Situation (359 words) is longer than the Action (9)',
    ],
  ] as const)('%s', (_name, file, expected, message) => {
    const report = analyseAnswer({ text: fixture(file) }, { where: 'practice' });
    expect(report.verdict).not.toBe('strong');
    for (const code of expected) expect(report.findings.map((f) => f.code)).toContain(code as FindingCode);
    expect(report.findings.map((f) => f.message).join('\n')).toContain(message);
  });
});

describe('reading free text', () => {
  it('splits by labels, in any case or markup', () => {
    expect(
      splitFreeText('**Situation**: s s s\nTask - t t t\nACTION: a a a\nmore a\nResults: r r r'),
    ).toEqual({
      situation: 's s s\n',
      task: 't t t\n',
      action: 'a a a\nmore a\n',
      result: 'r r r\n',
    });
  });

  it('splits by cue phrases when there are no labels', () => {
    const split = splitFreeText(
      'At my last company the billing job failed nightly. My task was to fix it within a month. So I rewrote the retry logic and I added alerts. As a result, failures fell from 30 to 1 a month.',
    );
    expect(split.situation).toContain('billing job failed');
    expect(split.task).toContain('My task was');
    expect(split.action).toContain('rewrote the retry logic');
    expect(split.result).toContain('fell from 30 to 1');
  });

  it('counts who does the things by sentence subject, not every "we"', () => {
    expect(subjects('I proposed the plan we had discussed. We shipped it. I measured it.')).toEqual({
      i: 2,
      we: 1,
    });
    expect(subjects('- We migrated\n- We tested\n1. **Plan**: I wrote the doc')).toEqual({ i: 1, we: 2 });
  });

  it('reports words, speaking time, tradeoffs, lessons and principal signals', () => {
    const report = analyseAnswer({
      situation: 'Our API had 3 outages in a month and customers escalated to the CEO.',
      task: 'I owned API reliability and had to stop the outages within a quarter.',
      action:
        'I proposed SLOs with an error budget rather than a feature freeze, weighed the cost of slower releases, and got buy-in from the product leads. I wrote the ADR, mentored two engineers to run the new reviews, and set up a dashboard.',
      result:
        'Outages fell from 3 a month to 0 in the next quarter, and release speed dropped only 10%. I learned to agree the budget before the crisis.',
    });
    expect(report.tradeoff).toBe(true);
    expect(report.lesson).toBe(true);
    expect(report.principalSignals).toEqual(
      expect.arrayContaining(['influence', 'multiplying others', 'documented decisions', 'measured impact']),
    );
    expect(report.seconds).toBe(Math.round((report.totalWords / 150) * 60));
    expect(codes('Situation: our build was slow. Action: I cached the dependencies.')).toContain('too-short');
  });
});

describe('common answer styles', () => {
  it('reads labels inside one paragraph, single-letter labels, and keeps a preamble in the Situation', () => {
    const inline = splitFreeText(
      'Some context first. Situation: the API was slow. Task: fix it. Action: I cached it. Result: 40% faster.',
    );
    expect(inline.situation).toContain('Some context first.');
    expect(inline.situation).toContain('the API was slow');
    expect(inline.task).toContain('fix it');
    expect(inline.action).toContain('I cached it');
    expect(inline.result).toContain('40% faster');
    const letters = splitFreeText('S: the API was slow\nT: fix it\nA: I cached it\nR: p95 fell 40%');
    expect(letters.result).toContain('p95 fell 40%');
  });

  it('counts "First we… Then we…" and "the team" as we', () => {
    expect(
      subjects('First we profiled it. Then we rewrote it. After that, the team shipped it. I reviewed it.'),
    ).toEqual({ i: 1, we: 3 });
  });

  it('knows spelled and relative quantities, and that a year is not a result', () => {
    const result = (text: string) =>
      analyseAnswer({
        situation: 'The build was slow.',
        task: 'I had to fix it.',
        action: 'I split it.',
        result: text,
      }).quantified;
    expect(result('We halved the build time and doubled deploys.')).toBe(true);
    expect(result('Deploys went out three times a day instead of weekly.')).toBe(true);
    expect(result('In 2023 the team moved from Jenkins to GitHub Actions.')).toBe(false);
    expect(result('Latency went from 900ms to 120ms.')).toBe(true);
  });

  it('says how long an answer takes to say, and when it is too short', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const report = analyseAnswer({
      situation: words(40),
      task: words(40),
      action: `I ${words(159)}`,
      result: `${words(58)} 30% faster`,
    });
    expect(report.totalWords).toBe(300);
    expect(report.seconds).toBe(120);
    expect(report.findings.map((f) => f.code)).not.toContain('too-short');
    const short = analyseAnswer({
      situation: words(30),
      task: words(30),
      action: `I ${words(99)}`,
      result: `${words(28)} 30% faster`,
    });
    expect(short.findings.find((f) => f.code === 'too-short')?.message).toBe(
      'About 1.3 minutes to say (190 words): aim for 2–3 minutes; add detail where it is thinnest.',
    );
    expect(short.verdict).not.toBe('strong');
  });

  it('reads a 40,000-character message (Slack’s largest) without trouble', () => {
    for (const text of [' '.repeat(40_000), `Result: ${'1,'.repeat(20_000)}`, 'Situation: '.repeat(4000)]) {
      expect(() => analyseAnswer({ text })).not.toThrow();
    }
  });
});
