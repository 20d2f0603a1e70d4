import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type EvalCheck, evaluateCoach } from '../../src/domain/coach-eval.js';
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
      filler: [1, 1],
      'missing-situation': [0.94, 1],
      'missing-task': [0.97, 1],
      'missing-action': [0.96, 1],
      'missing-result': [0.98, 1],
      'result-not-quantified': [0.98, 0.99],
      'we-not-i': [1, 0.99],
      'no-tradeoff': [0.94, 0.91],
      'no-lesson': [0.96, 0.95],
    },
  ],
  [
    // Written apart by someone who never saw the analyser or the corpus; never trained or tuned on.
    // Set again on 2026-11-30 after the labels were re-settled by a three-way vote (README there):
    // the truth moved under 14 of its labels, so did the figures, e.g. no Result 0.46/0.46 →
    // 0.38/0.45, Result not quantified 0.63/0.70 → 0.74/0.62. Then the model trained with 160 more
    // replies (corpus 538–697): no Action 0.50/0.37 → 0.57/0.50, no Result 0.38/0.45 → 0.47/0.64,
    // no Situation 0.56/0.64 → 0.67/0.71; we-not-I recall 0.85 → 0.80. Then clause by clause (ADR
    // 0007): Result not quantified 0.76/0.62 → 0.76/0.71, no Task 0.78/0.80 → 0.78/0.83; no Action
    // 0.57/0.50 → 0.50/0.37 (one reply of eight), no Situation precision 0.66 → 0.62.
    // Lowered on 2026-11-30 where the trained model (ADR 0006) does worse than the patterns did:
    // no Situation precision 1.00 → 0.53 (its recall rose 0.50 → 0.71), no Task recall 0.84 → 0.79
    // (its precision rose 0.80 → 0.81). Raised for no Action, no Result and Result not quantified.
    // Lowered on 2026-11-30 for the answer's shape (ADR 0007, amendment), chosen on the corpus
    // cross-validation alone (mean F1 0.810 → 0.821) and not tuned on this set: no Task recall
    // is now 0.806 (29 of 36, one reply fewer), floor 0.83 → 0.8. Choosing the model by this set
    // would be tuning on it.
    'holdout',
    {
      answerAccuracy: 0.97,
      filler: [1, 0.87],
      'missing-situation': [0.62, 0.71],
      'missing-task': [0.78, 0.8],
      'missing-action': [0.5, 0.37],
      'missing-result': [0.46, 0.63],
      'result-not-quantified': [0.76, 0.71],
      'we-not-i': [0.88, 0.8],
      'no-tradeoff': [0.9, 0.87],
      'no-lesson': [0.96, 0.98],
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

  it.each(report.checks.map((c) => [c.check, c] as const))(
    '%s: precision and recall at their floors',
    (check, score) => {
      const [precision, recall] = floors[check];
      expect(score.precision, `${check} precision`).toBeGreaterThanOrEqual(precision);
      expect(score.recall, `${check} recall`).toBeGreaterThanOrEqual(recall);
    },
  );
});
