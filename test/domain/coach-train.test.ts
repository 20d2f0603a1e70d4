import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyseAnswer, answerFeatures, clauseFeatures } from '../../src/domain/coach.js';
import { judge, modelTargets, probabilities, softMaximum } from '../../src/domain/coach-model.js';
import { crossValidationModels, modelJson, trainCoachModel } from '../../src/domain/coach-train.js';
import { loadCoachCorpus } from '../../src/storage/coach-corpus-files.js';

/**
 * The coach's trained model (ADR 0006, 0007): the committed weights are exactly what the corpus trains,
 * training is deterministic, and cross-validation never judges a reply with a model that saw it.
 */

const corpusDir = fileURLToPath(new URL('../fixtures/coach/corpus/', import.meta.url));
const corpus = loadCoachCorpus(corpusDir);
if (!corpus.ok) throw new Error(corpus.errors.join('\n'));
const items = corpus.items;
const fewer = { l2: 0.03, steps: 60, learningRate: 0.05, minReplies: 2, balance: 1, prune: 0.06 };

describe('the coach model', () => {
  it('the committed weights are what `star coach --train` makes of the corpus, byte for byte', () => {
    const committed = readFileSync(new URL('../../src/domain/coach-weights.json', import.meta.url), 'utf8');
    expect(modelJson(trainCoachModel(items)), 'run `npx star coach --train` and commit the weights').toBe(
      committed,
    );
  }, 300_000);

  it('trains the same weights from the same replies, in any order', () => {
    const some = items.slice(0, 60);
    const once = modelJson(trainCoachModel(some, fewer));
    expect(modelJson(trainCoachModel([...some].reverse(), fewer))).toBe(once);
    expect(Object.keys(JSON.parse(once).targets)).toEqual([...modelTargets]);
  }, 60_000);

  it('cross-validates in contiguous folds: each reply is judged by a model trained without its fold', () => {
    const some = items.slice(0, 50);
    const judged = crossValidationModels(some, 5, fewer);
    expect(judged.map((j) => j.item.file).sort()).toEqual(some.map((i) => i.file).sort());
    const models = [...new Set(judged.map((j) => j.model))];
    expect(models).toHaveLength(5);
    // Files sorted by name: the first ten share the first fold's model, and it saw none of them.
    const sorted = [...judged].sort((a, b) => (a.item.file < b.item.file ? -1 : 1));
    expect(new Set(sorted.slice(0, 10).map((j) => j.model)).size).toBe(1);
    expect(sorted[10]?.model).not.toBe(sorted[0]?.model);
    expect(sorted[0]?.model.about).toContain('on 40 labelled replies');
  }, 60_000); // Trains five small models: about 2 s, but more than vitest's 5 s on a loaded machine.

  it('judges by the sum of the weights of the features an answer has', () => {
    const zero = { bias: 0, weights: {} };
    const model = {
      about: 'a test model',
      targets: {
        situation: { bias: -1, weights: { 'p:situation': 3 } },
        task: zero,
        action: zero,
        result: zero,
        quantified: zero,
        ownership: zero,
      },
    };
    const features = new Map([['p:situation', 1]]);
    expect(probabilities(model, features).situation).toBeCloseTo(1 / (1 + Math.exp(-2)));
    expect(probabilities(model, new Map()).situation).toBeCloseTo(1 / (1 + Math.exp(1)));
    expect(probabilities(model, features).task).toBe(0.5);
    // Even odds is not enough: a judgement needs more than 0.5.
    expect(judge(model, features)).toMatchObject({ situation: true, task: false });
  });

  it('judges a part clause by clause: the soft maximum of the clauses, one clear clause is enough', () => {
    const zero = { bias: 0, weights: {} };
    const model = {
      about: 'a test model',
      targets: {
        situation: zero,
        task: zero,
        action: { bias: -2, weights: { 'k:cue-action': 4, 'p:action': 1 } },
        result: zero,
        quantified: zero,
        ownership: { bias: 0, weights: { 'k:cue-action': 4 } },
      },
    };
    const plain = new Map([['k:cue-context', 1]]);
    const acting = new Map([['k:cue-action', 1]]);
    // No clause: the answer's own features alone (here none).
    expect(probabilities(model, new Map()).action).toBeCloseTo(1 / (1 + Math.exp(2)));
    // −2 + p:action + log(1 + e^0 + e^4): one clause that does something carries the answer.
    expect(probabilities(model, new Map([['p:action', 1]]), [plain, acting]).action).toBeCloseTo(
      1 / (1 + Math.exp(-(-1 + Math.log(1 + 1 + Math.exp(4))))),
    );
    expect(judge(model, new Map(), [plain, plain]).action).toBe(false);
    expect(judge(model, new Map(), [plain, acting]).action).toBe(true);
    // Ownership is weighed over the whole answer: clause features do not count for it.
    expect(probabilities(model, new Map(), [acting]).ownership).toBe(0.5);
    expect(softMaximum([])).toBe(0);
    expect(softMaximum([1000, 1000])).toBeCloseTo(1000 + Math.log(2));
  });

  it('reads each clause: its cues, where it was written, where the patterns put it, its words', () => {
    const clauses = clauseFeatures({
      situation: 'Our deploys were slow.',
      task: '',
      action: 'I wrote a pipeline.',
      result: 'Deploys went from 40 to 5 minutes.',
    });
    expect(clauses).toHaveLength(3);
    const [first, second, last] = clauses;
    expect(first?.get('k:in-field-situation')).toBe(1);
    expect(first?.get('k:at-first&cue-context')).toBe(1);
    expect(second?.get('k:in-field-action&cue-action')).toBe(1);
    expect(second?.get('kw:pipeline')).toBe(1);
    expect(last?.get('k:phase-after&quantity')).toBe(1);
    expect(last?.get('k:split-result')).toBe(1);
    expect([...(clauseFeatures({ text: 'I wrote a pipeline.' })[0]?.keys() ?? [])]).toContain('k:in-prose');
  });

  it('reads features deterministically, from the patterns, the labels and the words', () => {
    const text =
      'Situation: our deploys were slow.\nTask: I had to fix them.\nAction: I wrote a pipeline.\nResult: deploys went from 40 to 5 minutes.';
    const features = answerFeatures({ text });
    expect([...features]).toEqual([...answerFeatures({ text })]);
    expect(features.get('where:thread')).toBe(1);
    expect(features.get('label:result')).toBe(1);
    expect(features.get('st:result')).toBe(1);
    expect(features.get('w:pipeline')).toBe(1);
    expect(features.get('p:quantified')).toBe(1);
    // The answer's shape: what its first, second and last clause say, and how many there are.
    expect([...features.keys()].filter((name) => name.startsWith('s:'))).toEqual([
      's:first=cue-context',
      's:second=cue-task',
      's:last=cue-result',
      's:n=4',
    ]);
    const short = answerFeatures({ text: 'I rewrote the cache. p95 fell from 800 ms to 120 ms.' });
    expect(short.get('s:first=cue-action')).toBe(1);
    expect(short.get('s:second=cue-result')).toBe(1);
  });

  it('a trained model can be passed in instead of the shipped one', () => {
    const zero = { bias: -5, weights: {} };
    const nothing = {
      about: 'finds nothing',
      targets: Object.fromEntries(modelTargets.map((t) => [t, zero])) as Record<
        (typeof modelTargets)[number],
        typeof zero
      >,
    };
    const report = analyseAnswer(
      { text: 'I rewrote the cache and p95 fell from 800 ms to 120 ms.' },
      { model: nothing },
    );
    expect(report.present).toEqual({ situation: false, task: false, action: false, result: false });
  });
});
