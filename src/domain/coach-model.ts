import { z } from 'zod';

/**
 * The coach's trained model (ADR 0006, 0007): one logistic regression per judgement, over the
 * features `answerFeatures` (coach.ts) reads in an answer and, for the judgements made clause by
 * clause, those `clauseFeatures` reads in each clause. The weights are data, trained from the
 * labelled corpus by `coach-train.ts` (`npx star coach --train`) and committed as
 * `coach-weights.json`. Scoring is sums of weights: deterministic, offline, microseconds.
 */

/**
 * What the model judges in an answer (the truths of test/fixtures/coach/README.md): which STAR parts
 * are there, whether the Result is quantified, whether the writer's own part is clear. Tradeoffs and
 * lessons are named in so many words, and the patterns find them well on unseen writing; they stay.
 */
export const modelTargets = ['situation', 'task', 'action', 'result', 'quantified', 'ownership'] as const;
export type ModelTarget = (typeof modelTargets)[number];

/**
 * The judgements made clause by clause (ADR 0007): a part is there, or the Result quantified, when
 * one clause says so. Their score adds to the answer's own features a soft maximum over its clauses
 * (log of 1 + the sum of e^score of each clause), so one clause that clearly says it is enough.
 * Whether the writer's own part is clear is weighed over the whole answer, not found in one clause.
 */
export const clauseTargets: ReadonlySet<ModelTarget> = new Set([
  'situation',
  'task',
  'action',
  'result',
  'quantified',
]);

const targetSchema = z
  .object({
    bias: z.number(),
    /**
     * Feature name → weight; a feature not listed weighs nothing. A clause feature ("k:…", "kw:…")
     * weighs in its clause's score (clause targets only).
     */
    weights: z.record(z.string(), z.number()),
  })
  .strict();

/**
 * The soft maximum of the clauses' scores, with a clause that says nothing (score 0) among them:
 * log(1 + Σ e^score). Computed from the largest, so no e^score overflows.
 */
export function softMaximum(scores: ArrayLike<number>): number {
  let top = 0;
  for (let i = 0; i < scores.length; i++) top = Math.max(top, scores[i] as number);
  let sum = Math.exp(-top);
  for (let i = 0; i < scores.length; i++) sum += Math.exp((scores[i] as number) - top);
  return top + Math.log(sum);
}

export const coachModelSchema = z
  .object({
    about: z.string(),
    targets: z.object(
      Object.fromEntries(modelTargets.map((t) => [t, targetSchema])) as Record<
        ModelTarget,
        typeof targetSchema
      >,
    ),
  })
  .strict();
export type CoachModel = z.infer<typeof coachModelSchema>;

/** A model's weights by feature, one per target in `modelTargets` order: made once per model. */
const compiled = new WeakMap<CoachModel, ReadonlyMap<string, Float64Array>>();
function weightsOf(model: CoachModel): ReadonlyMap<string, Float64Array> {
  let byFeature = compiled.get(model);
  if (!byFeature) {
    const built = new Map<string, Float64Array>();
    modelTargets.forEach((target, t) => {
      for (const [name, weight] of Object.entries(model.targets[target].weights)) {
        const row = built.get(name) ?? new Float64Array(modelTargets.length);
        row[t] = weight;
        built.set(name, row);
      }
    });
    byFeature = built;
    compiled.set(model, byFeature);
  }
  return byFeature;
}

/**
 * The model's probability, for each target, that it is true of an answer with these features (and
 * these clauses, each with its features, for the clause targets).
 */
export function probabilities(
  model: CoachModel,
  features: ReadonlyMap<string, number>,
  clauses: ReadonlyArray<ReadonlyMap<string, number>> = [],
): Record<ModelTarget, number> {
  const weights = weightsOf(model);
  const sums = modelTargets.map((target) => model.targets[target].bias);
  for (const [name, value] of features) {
    const row = weights.get(name);
    if (row) for (let t = 0; t < sums.length; t++) sums[t] = (sums[t] as number) + (row[t] as number) * value;
  }
  const byClause = clauses.map((clause) => {
    const scores = new Float64Array(modelTargets.length);
    for (const [name, value] of clause) {
      const row = weights.get(name);
      if (row)
        for (let t = 0; t < scores.length; t++)
          scores[t] = (scores[t] as number) + (row[t] as number) * value;
    }
    return scores;
  });
  modelTargets.forEach((target, t) => {
    if (clauseTargets.has(target))
      sums[t] = (sums[t] as number) + softMaximum(byClause.map((scores) => scores[t] as number));
  });
  return Object.fromEntries(
    modelTargets.map((target, t) => [target, 1 / (1 + Math.exp(-(sums[t] as number)))]),
  ) as Record<ModelTarget, number>;
}

/** Each judgement, true when the model gives it more than even odds. */
export function judge(
  model: CoachModel,
  features: ReadonlyMap<string, number>,
  clauses: ReadonlyArray<ReadonlyMap<string, number>> = [],
): Record<ModelTarget, boolean> {
  const p = probabilities(model, features, clauses);
  return Object.fromEntries(modelTargets.map((t) => [t, p[t] > 0.5])) as Record<ModelTarget, boolean>;
}
