import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { evalChecks } from '../../src/domain/coach-eval.js';
import { tempDir, writeFiles } from '../support/fixtures.js';

/** `star coach --eval`: the scoring of the coach on a labelled corpus, as a table. */

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

type Labels = {
  where?: 'thread' | 'form';
  answer: boolean;
  filler?: boolean;
  parts?: string[];
  quantified?: boolean;
  ownership?: boolean;
  tradeoff?: boolean;
  lesson?: boolean;
};

function labelled(labels: Labels, body: string): string {
  const l = {
    where: 'thread',
    filler: false,
    parts: [],
    quantified: false,
    ownership: false,
    tradeoff: false,
    lesson: false,
    ...labels,
  };
  return `---
where: ${l.where}
answer: ${l.answer}
filler: ${l.filler}
parts: [${l.parts.join(', ')}]
quantified: ${l.quantified}
ownership: ${l.ownership}
tradeoff: ${l.tradeoff}
lesson: ${l.lesson}
---
${body}
`;
}

const threadAnswer = labelled(
  {
    answer: true,
    parts: ['situation', 'task', 'action', 'result'],
    quantified: true,
    ownership: true,
    tradeoff: true,
    lesson: true,
  },
  `Situation: Our checkout service paged the on-call engineer about ten times a week and the team was burning out.
Task: As the tech lead I had to cut the pages in half within a quarter.
Action: I sorted the last 200 pages by cause, deleted the alerts nobody acted on, and rather than rewriting the retry logic I added a circuit breaker, accepting a slower release that month.
Result: Pages fell from 10 a week to 2. I learned to start with the data before proposing a fix.`,
);

const formAnswer = labelled(
  {
    where: 'form',
    answer: true,
    parts: ['situation', 'task', 'action', 'result'],
    quantified: true,
    ownership: true,
  },
  `## Situation
The monthly close depended on a spreadsheet one analyst updated by hand from three systems.

## Task
I had to make the close run without her within two months.

## Action
I built a nightly pipeline that loads the three sources into the warehouse and produces the same tables, and I checked every number against hers for two closes.

## Result
The close now takes 1 day instead of 5.`,
);

const corpus = {
  '001-thread-answer.md': threadAnswer,
  '002-thanks.md': labelled({ answer: false }, 'Great answer, thanks!'),
  '003-filler.md': labelled({ answer: false, filler: true }, 'asdf asdf asdf'),
  '004-form-answer.md': formAnswer,
};

const temps: Array<{ cleanup: () => void }> = [];
function corpusDir(files: Record<string, string>): string {
  const temp = tempDir('star-coach-eval-');
  temps.push(temp);
  writeFiles(temp.dir, files);
  return temp.dir;
}
afterEach(() => {
  for (const temp of temps.splice(0)) temp.cleanup();
});

describe('star coach --eval', () => {
  it('prints, per directory, the items, the answer accuracy and a row per check, and exits 0', async () => {
    const dir = corpusDir(corpus);
    const { io, out, err } = capture();
    expect(await run(['coach', '--eval', dir], io)).toBe(0);
    const text = out.join('\n');
    expect(err).toEqual([]);
    expect(text).toContain(`${dir}: 4 items, 2 answers`);
    expect(text).toMatch(/answer vs not-an-answer: accuracy \d\.\d{3} \(\d of 4\)/);
    for (const check of evalChecks)
      expect(text).toMatch(new RegExp(`^${check}\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}`, 'm'));
    expect(text).toMatch(/^check\s+precision\s+recall\s+TP\s+FP\s+FN\s+support$/m);
    expect(text).toMatch(/meets the goals|below the goals/);
    expect(text).not.toContain('mistakes (');
  });

  it('scores each directory given, one table each', async () => {
    const first = corpusDir(corpus);
    const second = corpusDir({ '001-thanks.md': labelled({ answer: false }, 'Great answer, thanks!') });
    const { io, out } = capture();
    expect(await run(['coach', '--eval', first, second], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain(`${first}: 4 items, 2 answers`);
    expect(text).toContain(`${second}: 1 items, 0 answers`);
    expect(text.match(/answer vs not-an-answer/g)).toHaveLength(2);
  });

  it('exits 2 naming the file and the field when a label is missing', async () => {
    const broken = labelled({ answer: true, parts: ['action'] }, 'I fixed the build.').replace(
      'lesson: false\n',
      '',
    );
    const dir = corpusDir({ ...corpus, '005-no-lesson-label.md': broken });
    const { io, out, err } = capture();
    expect(await run(['coach', '--eval', dir], io)).toBe(2);
    expect(out).toEqual([]);
    expect(
      err.some((line) => line.startsWith(join(dir, '005-no-lesson-label.md')) && line.includes('lesson')),
    ).toBe(true);
  });

  it('exits 2 naming the file when the front matter is not there, and each broken file on its own line', async () => {
    const dir = corpusDir({
      ...corpus,
      '005-no-front-matter.md': 'Great answer, thanks!\n',
      '006-bad-where.md': labelled({ answer: false }, 'Nice.').replace('where: thread', 'where: email'),
    });
    const { io, err } = capture();
    expect(await run(['coach', '--eval', dir], io)).toBe(2);
    expect(err.find((line) => line.includes('005-no-front-matter.md'))).toContain('front matter');
    expect(err.find((line) => line.includes('006-bad-where.md'))).toContain('where');
    expect(err.at(-1)).toContain('2 error(s)');
  });

  it('exits 2 for a directory that does not exist', async () => {
    const { io, err } = capture();
    expect(await run(['coach', '--eval', join(corpusDir(corpus), 'missing')], io)).toBe(2);
    expect(err[0]).toContain('missing');
  });

  it('with --mistakes lists each wrong call: the file, the check and what was expected', async () => {
    // Keyboard mash labelled as a full answer: the coach calls it filler, so the labels disagree.
    const mislabelled = labelled(
      { answer: true, parts: ['situation', 'task', 'action', 'result'], ownership: true },
      'asdf asdf asdf',
    );
    const dir = corpusDir({ ...corpus, '005-mislabelled.md': mislabelled });
    const { io, out } = capture();
    expect(await run(['coach', '--eval', '--mistakes', dir], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^mistakes \(\d+\):$/m);
    expect(text).toMatch(/^ {2}005-mislabelled\.md\s+answer\s+expected true/m);
    expect(text).toMatch(/^ {2}005-mislabelled\.md\s+filler\s+expected false/m);
    expect(text).toContain('answer accuracy');
    expect(text).toContain('below the goals');
  });

  it('refuses --mistakes without --eval', async () => {
    const { io, err } = capture();
    expect(await run(['coach', '--mistakes'], io)).toBe(2);
    expect(err.join('\n')).toContain('--eval');
  });

  it('is in the usage text', async () => {
    const { io, out } = capture();
    expect(await run(['help'], io)).toBe(0);
    expect(out.join('\n')).toContain('coach --eval [--mistakes] [DIR...]');
    expect(out.join('\n')).toContain('coach --eval --cv [--mistakes] [DIR]');
    expect(out.join('\n')).toContain('coach --train [--out FILE] [DIR]');
  });
});

/** Ten answers and two comments: enough for five folds of cross-validation. */
const trainable = {
  ...corpus,
  ...Object.fromEntries(
    Array.from({ length: 8 }, (_, i) => [
      `0${10 + i}-answer.md`,
      i % 2 === 0 ? threadAnswer : labelled({ answer: true, parts: ['action'] }, `We fixed build ${i}.`),
    ]),
  ),
};

describe('star coach --eval --cv and --train', () => {
  it('--cv prints the table of a 5-fold cross-validation of DIR', async () => {
    const dir = corpusDir(trainable);
    const { io, out, err } = capture();
    expect(await run(['coach', '--eval', '--cv', dir], io)).toBe(0);
    expect(err).toEqual([]);
    const text = out.join('\n');
    expect(text).toContain('5-fold cross-validation');
    expect(text).toContain(`${dir}: 12 items, 10 answers`);
    for (const check of evalChecks) expect(text).toMatch(new RegExp(`^${check}\\s+\\d\\.\\d{3}`, 'm'));
  });

  it('--train writes the model trained on DIR to --out, the same bytes each time', async () => {
    const dir = corpusDir(trainable);
    const file = join(corpusDir({}), 'weights.json');
    const first = capture();
    expect(await run(['coach', '--train', '--out', file, dir], first.io)).toBe(0);
    expect(first.out.join('\n')).toContain('trained on 12 labelled replies');
    expect(first.out.join('\n')).toContain('written');
    const weights = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(weights.targets)).toEqual([
      'situation',
      'task',
      'action',
      'result',
      'quantified',
      'ownership',
    ]);
    const again = capture();
    expect(await run(['coach', '--train', '--out', file, dir], again.io)).toBe(0);
    expect(again.out.join('\n')).toContain('unchanged');
  });

  it('refuses --cv without --eval, --out without --train, and --train with --eval', async () => {
    for (const args of [['--cv'], ['--out', 'x.json'], ['--train', '--eval']]) {
      const { io, err } = capture();
      expect(await run(['coach', ...args], io)).toBe(2);
      expect(err.join('\n')).toMatch(/--eval|--train/);
    }
  });
});
