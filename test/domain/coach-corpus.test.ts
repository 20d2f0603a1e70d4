import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyseAnswer } from '../../src/domain/coach.js';
import { type EvalCheck, evaluateCoach } from '../../src/domain/coach-eval.js';
import { starParts } from '../../src/domain/star.js';
import { loadCoachCorpus } from '../../src/storage/coach-corpus-files.js';

/**
 * The coach measured on replies labelled by hand (test/fixtures/coach/README.md). The figures are
 * floors: what the analyser scores today, rounded down. A change that lowers one fails here; one
 * that raises it should raise the floor too. The goals (precision ≥ 0.9, recall ≥ 0.85, answers
 * told right ≥ 0.95) and how far each set is from them are in docs/benchmarks.md
 * (`npx star coach --eval` prints the same table).
 */

type Floors = { answerAccuracy: number } & Record<EvalCheck, readonly [precision: number, recall: number]>;

const sets: ReadonlyArray<readonly [name: string, floors: Floors]> = [
  [
    // The development set, which the model is trained on (ADR 0006, 0007): these are the trained
    // model's figures on its own training replies, a regression guard only. Its honest corpus
    // figures are cross-validated (`npx star coach --eval --cv`, docs/benchmarks.md).
    'corpus',
    {
      answerAccuracy: 0.98,
      filler: [1, 0.96],
      'missing-situation': [0.85, 1],
      'missing-task': [0.89, 0.99],
      'missing-action': [0.9, 1],
      'missing-result': [0.89, 1],
      'result-not-quantified': [0.95, 0.95],
      'we-not-i': [0.98, 0.97],
      'no-tradeoff': [0.95, 0.91],
      'no-lesson': [0.97, 0.96],
    },
  ],
  [
    // Written apart by someone who never saw the analyser or the corpus; never trained or tuned on.
    // A new holdout since 2026-11-30 (late): the one before had been scored on three versions of
    // the model and moved into the corpus (README there). Its first figures, with the model trained
    // on the 1,332 corpus replies (ADR 0007 and its amendment). Small counts: one reply without an Action, seven
    // without a Result, so those two move a lot with one reply.
    'holdout',
    {
      answerAccuracy: 0.99,
      filler: [1, 1],
      'missing-situation': [0.7, 0.8],
      'missing-task': [0.84, 0.95],
      'missing-action': [0.25, 1],
      'missing-result': [0.6, 0.85],
      'result-not-quantified': [0.73, 0.92],
      'we-not-i': [0.92, 0.65],
      'no-tradeoff': [0.88, 0.96],
      'no-lesson': [0.98, 0.96],
    },
  ],
];

describe.each(sets)('the coach on the labelled %s', (name, floors) => {
  const dir = fileURLToPath(new URL(`../fixtures/coach/${name}/`, import.meta.url));
  const corpus = loadCoachCorpus(dir);
  if (!corpus.ok) throw new Error(corpus.errors.join('\n'));
  const report = evaluateCoach(corpus.items);

  it('has at least 100 labelled replies of every kind', () => {
    expect(report.items).toBeGreaterThanOrEqual(100);
    const answers = corpus.items.filter((i) => i.labels.answer).length;
    const fillers = corpus.items.filter((i) => i.labels.filler).length;
    expect(answers).toBeGreaterThan(60);
    expect(fillers).toBeGreaterThanOrEqual(5);
    expect(report.items - answers - fillers).toBeGreaterThanOrEqual(15); // comments
  });

  it('tells answers from comments and filler at least as well as before', () => {
    expect(report.answerAccuracy).toBeGreaterThanOrEqual(floors.answerAccuracy);
  });

  it('never counts words for a part it says is missing, nor names that part in the length advice', () => {
    let judgedMissing = 0;
    let counted = 0;
    for (const { reply } of corpus.items) {
      const coached = analyseAnswer('form' in reply ? reply.form : { text: reply.text });
      if (coached.verdict === 'filler') {
        expect(Object.values(coached.words)).toEqual([0, 0, 0, 0]); // judged to have no part at all
        continue;
      }
      for (const part of starParts) {
        if (coached.present[part]) counted += coached.words[part] > 0 ? 1 : 0;
        else {
          judgedMissing += 1;
          expect(coached.words[part], `${part} words`).toBe(0);
          expect(coached.findings.find((f) => f.code === 'action-not-longest')?.part).not.toBe(part);
        }
      }
    }
    expect(judgedMissing).toBeGreaterThan(10);
    expect(counted).toBeGreaterThan(100);
  });

  it.each(report.checks.map((c) => [c.check, c] as const))(
    '%s: precision and recall at their floors',
    (check, score) => {
      const [precision, recall] = floors[check];
      expect(score.precision, `${check} precision`).toBeGreaterThanOrEqual(precision);
      expect(score.recall, `${check} recall`).toBeGreaterThanOrEqual(recall);
    },
  );
});
