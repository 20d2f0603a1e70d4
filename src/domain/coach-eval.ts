import { z } from 'zod';
import { answerKind, starAnswerKind } from './answer-kind.js';
import { analyseAnswer, type CoachReport, type FindingCode } from './coach.js';
import type { CoachModel } from './coach-model.js';
import { type StarPart, starPartSchema, starParts } from './star.js';

/**
 * Measuring the coach against replies labelled by hand (test/fixtures/coach/README.md): per finding,
 * precision and recall; and how often it tells an answer from a reply that is not one.
 */

/** The labels of one reply, as its front matter states them. */
export const corpusLabelsSchema = z
  .object({
    where: z.enum(['thread', 'form']),
    answer: z.boolean(),
    filler: z.boolean(),
    parts: z.array(starPartSchema),
    quantified: z.boolean(),
    ownership: z.boolean(),
    tradeoff: z.boolean(),
    lesson: z.boolean(),
  })
  .strict()
  .refine((l) => !l.filler || !l.answer, 'filler is never an answer (filler: true needs answer: false)')
  .refine((l) => !l.quantified || l.parts.includes('result'), 'quantified needs a result in parts')
  .refine((l) => !l.ownership || l.parts.includes('action'), 'ownership needs an action in parts');
type CorpusLabels = z.infer<typeof corpusLabelsSchema>;

export type CorpusItem = {
  /** Where it was read from, for the report. */
  readonly file: string;
  readonly labels: CorpusLabels;
  /** A thread reply as written; a form answer's four fields. */
  readonly reply: { readonly text: string } | { readonly form: Readonly<Record<StarPart, string>> };
};

/** What the eval checks: the kind of reply, and each finding the coach can give about an answer. */
export const evalChecks = [
  'filler',
  'missing-situation',
  'missing-task',
  'missing-action',
  'missing-result',
  'result-not-quantified',
  'we-not-i',
  'no-tradeoff',
  'no-lesson',
] as const;
export type EvalCheck = (typeof evalChecks)[number];

type Truths = Record<EvalCheck, boolean | undefined>;

/** Whether each check should fire for a reply, per its labels (undefined: not judged on it). */
function expected(labels: CorpusLabels): Truths {
  const has = (part: StarPart) => labels.parts.includes(part);
  const onAnswer = (value: boolean) => (labels.answer ? value : undefined);
  return {
    filler: labels.filler,
    'missing-situation': onAnswer(!has('situation')),
    'missing-task': onAnswer(!has('task')),
    'missing-action': onAnswer(!has('action')),
    'missing-result': onAnswer(!has('result')),
    'result-not-quantified': onAnswer(has('result') && !labels.quantified),
    'we-not-i': onAnswer(has('action') && !labels.ownership),
    'no-tradeoff': onAnswer(!labels.tradeoff),
    'no-lesson': onAnswer(!labels.lesson),
  };
}

const findingOf: Record<Exclude<EvalCheck, 'filler'>, (report: CoachReport) => boolean> = {
  'missing-situation': (r) => !r.present.situation,
  'missing-task': (r) => !r.present.task,
  'missing-action': (r) => !r.present.action,
  'missing-result': (r) => !r.present.result,
  'result-not-quantified': (r) => r.present.result && !r.quantified,
  'we-not-i': (r) => has(r, 'we-not-i'),
  'no-tradeoff': (r) => has(r, 'no-tradeoff'),
  'no-lesson': (r) => has(r, 'no-lesson'),
};
const has = (report: CoachReport, code: FindingCode) => report.findings.some((f) => f.code === code);

/** What the coach says about a reply: its kind, and its reading of it as an answer. */
function coachReading(
  item: CorpusItem,
  model: CoachModel | undefined,
): { kind: ReturnType<typeof answerKind>; report: CoachReport } {
  const options = model ? { model } : {};
  if ('form' in item.reply) {
    return { kind: starAnswerKind(item.reply.form), report: analyseAnswer(item.reply.form, options) };
  }
  return { kind: answerKind(item.reply.text), report: analyseAnswer({ text: item.reply.text }, options) };
}

export type CheckScore = {
  readonly check: EvalCheck;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** Of the times it fired, how often it was right (1 when it never fired). */
  readonly precision: number;
  /** Of the times it should have fired, how often it did (1 when it never should have). */
  readonly recall: number;
  /** How many replies should have had it. */
  readonly support: number;
};

export type EvalReport = {
  readonly items: number;
  readonly answers: number;
  /** Answer against not-an-answer (comments and filler): the share told right. */
  readonly answerAccuracy: number;
  readonly checks: readonly CheckScore[];
  /** Every wrong call, to read: the file, the check, and what the coach said. */
  readonly mistakes: ReadonlyArray<{ file: string; check: EvalCheck | 'answer'; expected: boolean }>;
  /** The slowest analysis of one reply, in milliseconds (as measured by `clock`). */
  readonly slowestMs: number;
};

const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);

/**
 * Scores the coach on labelled replies. `modelOf` gives the trained model to judge a reply with
 * (cross-validation: one that never saw it); the shipped one when not given.
 */
export function evaluateCoach(
  items: readonly CorpusItem[],
  clock: () => number = () => 0,
  modelOf?: (item: CorpusItem) => CoachModel,
): EvalReport {
  const counts = new Map<EvalCheck, { tp: number; fp: number; fn: number }>(
    evalChecks.map((check) => [check, { tp: 0, fp: 0, fn: 0 }]),
  );
  const mistakes: Array<{ file: string; check: EvalCheck | 'answer'; expected: boolean }> = [];
  let rightKind = 0;
  let slowestMs = 0;
  for (const item of items) {
    const started = clock();
    const { kind, report } = coachReading(item, modelOf?.(item));
    slowestMs = Math.max(slowestMs, clock() - started);
    if ((kind === 'answer') === item.labels.answer) rightKind += 1;
    else mistakes.push({ file: item.file, check: 'answer', expected: item.labels.answer });
    const truths = expected(item.labels);
    for (const check of evalChecks) {
      const truth = truths[check];
      if (truth === undefined) continue;
      const fired = check === 'filler' ? kind === 'filler' : findingOf[check](report);
      const tally = counts.get(check) ?? { tp: 0, fp: 0, fn: 0 };
      if (fired && truth) tally.tp += 1;
      else if (fired) tally.fp += 1;
      else if (truth) tally.fn += 1;
      if (fired !== truth) mistakes.push({ file: item.file, check, expected: truth });
    }
  }
  return {
    items: items.length,
    answers: items.filter((i) => i.labels.answer).length,
    answerAccuracy: ratio(rightKind, items.length),
    checks: evalChecks.map((check) => {
      const { tp, fp, fn } = counts.get(check) ?? { tp: 0, fp: 0, fn: 0 };
      return {
        check,
        truePositives: tp,
        falsePositives: fp,
        falseNegatives: fn,
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn),
        support: tp + fn,
      };
    }),
    mistakes,
    slowestMs,
  };
}

/** The goals of issue 14: every finding's precision ≥ 0.9 and recall ≥ 0.85; answers told right ≥ 0.95. */
export const coachGoals = { precision: 0.9, recall: 0.85, answerAccuracy: 0.95 } as const;

export function meetsGoals(report: EvalReport): boolean {
  return (
    report.answerAccuracy >= coachGoals.answerAccuracy &&
    report.checks.every((c) => c.precision >= coachGoals.precision && c.recall >= coachGoals.recall)
  );
}

/** Splits a form reply's body into its four fields (`## Situation` … `## Result`). */
export function formFields(body: string): Record<StarPart, string> | undefined {
  const fields: Partial<Record<StarPart, string>> = {};
  let current: StarPart | undefined;
  for (const line of body.split(/\r?\n/)) {
    const heading = /^##\s+(situation|task|action|result)\s*$/i.exec(line);
    if (heading?.[1]) {
      current = heading[1].toLowerCase() as StarPart;
      fields[current] = '';
    } else if (current) {
      fields[current] += `${line}\n`;
    } else if (line.trim() !== '') {
      return undefined;
    }
  }
  if (!starParts.every((part) => fields[part] !== undefined)) return undefined;
  return Object.fromEntries(starParts.map((p) => [p, (fields[p] ?? '').trim()])) as Record<StarPart, string>;
}
