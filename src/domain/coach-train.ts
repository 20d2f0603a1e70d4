import { answerFeatures, clauseFeatures } from './coach.js';
import type { CorpusItem } from './coach-eval.js';
import {
  type CoachModel,
  clauseTargets,
  type ModelTarget,
  modelTargets,
  softMaximum,
} from './coach-model.js';
import { eachStarPart, type StarPart } from './star.js';

/**
 * Training the coach's model (coach-model.ts, ADR 0006, 0007) from labelled replies: for each
 * judgement, an L2-regularised logistic regression (for the clause targets, over the answer's
 * features and the soft maximum of its clauses' scores) fitted by full-batch Adam from zero weights,
 * a fixed number of steps, features and replies in a fixed order, weights rounded. Same corpus, same
 * weights, byte for byte. And the k-fold cross-validation that says how it does on replies it was
 * not trained on.
 */

/** How the model is trained; the defaults are what ships (chosen by cross-validation on the corpus). */
type TrainingOptions = {
  /** L2 penalty per reply. */
  readonly l2: number;
  readonly steps: number;
  readonly learningRate: number;
  /** A word feature is kept when at least this many training replies have it. */
  readonly minReplies: number;
  /**
   * How far each class is weighed by the inverse of its share (1: fully, so a rare truth, "no
   * Action", counts as much as the common one; 0: not at all; 0.5 did worse on cross-validation).
   */
  readonly balance: number;
  /** Weights smaller than this are dropped once trained (a smaller file, the same judgements nearly). */
  readonly prune: number;
};
const defaultTraining: TrainingOptions = {
  // 0.03 before the clause targets (ADR 0006); with them, 0.01 did better on cross-validation
  // (0.003 and 0.03 lost recall of a missing Action and Situation; ADR 0007).
  l2: 0.01,
  steps: 400,
  learningRate: 0.05,
  minReplies: 3,
  balance: 1,
  prune: 0.06,
};

type Example = {
  readonly features: ReadonlyMap<string, number>;
  readonly clauses: ReadonlyArray<ReadonlyMap<string, number>>;
  readonly item: CorpusItem;
};

/** The reply as the analyser reads it: free text, or the form's four fields. */
const inputOf = (item: CorpusItem): { text: string } | Record<StarPart, string> =>
  'form' in item.reply
    ? eachStarPart((p) => (item.reply as { form: Record<StarPart, string> }).form[p])
    : item.reply;

/** The truth a reply's labels state for a judgement; undefined where it is not judged on it. */
function truthOf(item: CorpusItem, target: ModelTarget): boolean | undefined {
  const { labels } = item;
  if (!labels.answer) return undefined;
  switch (target) {
    case 'situation':
    case 'task':
    case 'action':
    case 'result':
      return labels.parts.includes(target);
    case 'quantified':
      return labels.parts.includes('result') ? labels.quantified : undefined;
    case 'ownership':
      return labels.parts.includes('action') ? labels.ownership : undefined;
  }
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;

type Judged = ReadonlyArray<{
  features: ReadonlyMap<string, number>;
  /** Each clause's features, for a clause target; none for a judgement of the whole answer. */
  clauses: ReadonlyArray<ReadonlyMap<string, number>>;
  truth: boolean;
}>;

/**
 * One judgement's weights: fitted on every feature enough replies have, then fitted again on only
 * the features that earned a weight of at least `prune` (a small file, and no bias from cutting).
 */
function fitJudgement(
  examples: Judged,
  options: TrainingOptions,
): { bias: number; weights: Record<string, number> } {
  // Features in a fixed (sorted) order; a word feature only if enough replies have it.
  const replies = new Map<string, number>();
  for (const e of examples) {
    const names = new Set(e.features.keys());
    for (const clause of e.clauses) for (const name of clause.keys()) names.add(name);
    for (const name of names) replies.set(name, (replies.get(name) ?? 0) + 1);
  }
  const isWord = (name: string) => /^(?:w|first|last|kw):/.test(name);
  const names = [...replies.keys()]
    .filter((name) => !isWord(name) || (replies.get(name) ?? 0) >= options.minReplies)
    .sort();
  const first = fitOn(examples, names, options);
  const kept = names.filter((name) => Math.abs(first.weights[name] ?? 0) >= options.prune);
  return fitOn(examples, kept, options);
}

function fitOn(
  examples: Judged,
  names: readonly string[],
  options: TrainingOptions,
): { bias: number; weights: Record<string, number> } {
  const index = new Map(names.map((name, i) => [name, i]));
  // Every reply flat, in one pair of arrays: its own features, then each of its clauses' features
  // (the same sums in the same order as reply by reply, about three times faster).
  const at: number[] = [];
  const values: number[] = [];
  const append = (features: ReadonlyMap<string, number>): number => {
    const entries = [...features]
      .map(([name, value]) => [index.get(name), value] as const)
      .filter((entry): entry is readonly [number, number] => entry[0] !== undefined)
      .sort(([a], [b]) => a - b);
    for (const [i, value] of entries) {
      at.push(i);
      values.push(value);
    }
    return at.length;
  };
  const n = examples.length;
  /** A reply's own features are at [ownStart, ownEnd); its clauses are clauseEnd[firstClause…]. */
  const ownStart = new Int32Array(n);
  const ownEnd = new Int32Array(n);
  const firstClause = new Int32Array(n + 1);
  const clauseEnds: number[] = [];
  const ys = new Uint8Array(n);
  examples.forEach((e, r) => {
    ownStart[r] = at.length;
    ownEnd[r] = append(e.features);
    firstClause[r] = clauseEnds.length;
    for (const clause of e.clauses) clauseEnds.push(append(clause));
    ys[r] = e.truth ? 1 : 0;
  });
  firstClause[n] = clauseEnds.length;
  const index_ = Int32Array.from(at);
  const value_ = Float64Array.from(values);
  const clauseEnd = Int32Array.from(clauseEnds);
  const scores = new Float64Array(Math.max(0, ...examples.map((e) => e.clauses.length)));
  const positives = ys.reduce((sum, y) => sum + y, 0);
  // Balanced: each class weighs half of the loss (a class with no replies weighs nothing).
  const weightOf = (count: number) => (count === 0 ? 0 : (n / (2 * count)) ** options.balance);
  const classWeight = [weightOf(n - positives), weightOf(positives)] as const;
  const d = names.length + 1; // the last is the bias
  const w = new Float64Array(d);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const grad = new Float64Array(d);
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  const dot = (from: number, to: number) => {
    let s = 0;
    for (let k = from; k < to; k++) s += (w[index_[k] as number] as number) * (value_[k] as number);
    return s;
  };
  const addTo = (from: number, to: number, scale: number) => {
    for (let k = from; k < to; k++) {
      const i = index_[k] as number;
      grad[i] = (grad[i] as number) + scale * (value_[k] as number);
    }
  };
  for (let step = 1; step <= options.steps; step++) {
    grad.fill(0);
    for (let r = 0; r < n; r++) {
      const own = [ownStart[r] as number, ownEnd[r] as number] as const;
      const [c0, c1] = [firstClause[r] as number, firstClause[r + 1] as number];
      let z = (w[d - 1] as number) + dot(...own);
      // A clause target: the soft maximum of the clauses' scores adds to the answer's.
      let pooled = 0;
      if (c1 > c0) {
        for (let c = c0, from = own[1]; c < c1; from = clauseEnd[c] as number, c++)
          scores[c - c0] = dot(from, clauseEnd[c] as number);
        pooled = softMaximum(scores.subarray(0, c1 - c0));
      }
      z += pooled;
      const y = ys[r] as 0 | 1;
      const error = ((1 / (1 + Math.exp(-z)) - y) * classWeight[y]) / n;
      addTo(...own, error);
      grad[d - 1] = (grad[d - 1] as number) + error;
      // Each clause's share of the soft maximum is e^(its score − the maximum).
      for (let c = c0, from = own[1]; c < c1; from = clauseEnd[c] as number, c++)
        addTo(from, clauseEnd[c] as number, error * Math.exp((scores[c - c0] as number) - pooled));
    }
    const correction1 = 1 - beta1 ** step;
    const correction2 = 1 - beta2 ** step;
    for (let i = 0; i < d; i++) {
      const g = (grad[i] as number) + (i < d - 1 ? options.l2 * (w[i] as number) : 0);
      const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
      const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      w[i] =
        (w[i] as number) -
        (options.learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
    }
  }
  const weights: Record<string, number> = {};
  names.forEach((name, i) => {
    const weight = round(w[i] ?? 0);
    if (weight !== 0) weights[name] = weight;
  });
  return { bias: round(w[d - 1] ?? 0), weights };
}

function featuresOf(items: readonly CorpusItem[]): Example[] {
  return items.map((item) => ({
    item,
    features: answerFeatures(inputOf(item)),
    clauses: clauseFeatures(inputOf(item)),
  }));
}

function trainOn(examples: readonly Example[], options: TrainingOptions): CoachModel {
  const targets = Object.fromEntries(
    modelTargets.map((target) => {
      const byClause = clauseTargets.has(target);
      const judged = examples.flatMap((e) => {
        const truth = truthOf(e.item, target);
        if (truth === undefined) return [];
        // A judgement of the whole answer has no clause features (nor their words to count).
        return [{ features: e.features, clauses: byClause ? e.clauses : [], truth }];
      });
      return [target, fitJudgement(judged, options)];
    }),
  ) as CoachModel['targets'];
  return {
    about: `Trained by \`npx star coach --train\` on ${examples.length} labelled replies (coach-train.ts, ADR 0006, 0007); do not edit by hand.`,
    targets,
  };
}

/** The model trained on these replies (the labelled corpus; never the holdout). */
export function trainCoachModel(items: readonly CorpusItem[], options = defaultTraining): CoachModel {
  return trainOn(featuresOf([...items].sort((a, b) => (a.file < b.file ? -1 : 1))), options);
}

/** The model as committed: keys in a fixed order, two-space JSON, a final newline. */
export function modelJson(model: CoachModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/**
 * k-fold cross-validation: replies sorted by file name, reply i in fold i mod k; each fold judged by
 * a model trained on the other k − 1. Returns each reply with the model that never saw it.
 */
export function crossValidationModels(
  items: readonly CorpusItem[],
  folds = 5,
  options = defaultTraining,
): Array<{ item: CorpusItem; model: CoachModel }> {
  const sorted = [...items].sort((a, b) => (a.file < b.file ? -1 : 1));
  const examples = featuresOf(sorted);
  // Contiguous blocks, not every k-th reply: replies were written in batches, by different people,
  // and a block keeps most of a batch out of its own training, as a new writer would be.
  const foldOf = (i: number) => Math.floor((i * folds) / sorted.length);
  const judged: Array<{ item: CorpusItem; model: CoachModel }> = [];
  for (let fold = 0; fold < folds; fold++) {
    const model = trainOn(
      examples.filter((_, i) => foldOf(i) !== fold),
      options,
    );
    sorted.forEach((item, i) => {
      if (foldOf(i) === fold) judged.push({ item, model });
    });
  }
  return judged;
}
