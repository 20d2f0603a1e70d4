/**
 * The coach part of `npm run bench` (`npm run bench -- --only=coach`): how right the analyser is on
 * the labelled corpora (test/fixtures/coach/README.md), and how fast it reads a 3-minute answer.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCoachEval } from '../../src/coach-eval-report.js';
import { analyseAnswer } from '../../src/domain/coach.js';
import { type CorpusItem, coachGoals, evaluateCoach, meetsGoals } from '../../src/domain/coach-eval.js';
import { type StarPart, starParts } from '../../src/domain/star.js';
import { loadCoachCorpus } from '../../src/storage/coach-corpus-files.js';
import { percentile, type Row } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const corpusDirs = ['test/fixtures/coach/corpus', 'test/fixtures/coach/holdout'];

/** About three minutes spoken, at the coach's 150 words a minute. */
const threeMinutes = 450;
const warmUp = 200;
const runs = 2000;
/** Every corpus item is analysed this many times over (after the warm-up) for its median. */
const corpusRounds = 10;

type Input = { text: string } | Record<StarPart, string>;
const inputOf = (item: CorpusItem): Input => ('form' in item.reply ? item.reply.form : item.reply);
const wordsOf = (input: Input) => analyseAnswer(input).totalWords;

/** Answer-labelled thread replies, one after another, until they make a 3-minute answer. */
function longThreadAnswer(items: readonly CorpusItem[]): { text: string } {
  const texts: string[] = [];
  for (const item of items) {
    if (!item.labels.answer || !('text' in item.reply)) continue;
    texts.push(item.reply.text);
    if (wordsOf({ text: texts.join('\n\n') }) >= threeMinutes) break;
  }
  return { text: texts.join('\n\n') };
}

/** Answer-labelled form answers, field by field, until they make a form answer of the same length. */
function longFormAnswer(items: readonly CorpusItem[]): Record<StarPart, string> {
  const fields: Record<StarPart, string[]> = { situation: [], task: [], action: [], result: [] };
  const form = () =>
    Object.fromEntries(starParts.map((p) => [p, fields[p].join('\n\n')])) as Record<StarPart, string>;
  for (const item of items) {
    if (!item.labels.answer || !('form' in item.reply)) continue;
    const reply = item.reply.form;
    for (const part of starParts) if (reply[part] !== '') fields[part].push(reply[part]);
    if (wordsOf(form()) >= threeMinutes) break;
  }
  return form();
}

/** Each run's time in ms, sorted, after `warmUp` untimed runs. */
function timeRuns(input: Input): number[] {
  for (let i = 0; i < warmUp; i++) analyseAnswer(input);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    analyseAnswer(input);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const ms = (n: number) => n.toFixed(3);
const spread = (sorted: readonly number[]) =>
  `median ${ms(percentile(sorted, 0.5))} ms, p99 ${ms(percentile(sorted, 0.99))} ms, max ${ms(sorted.at(-1) ?? Number.NaN)} ms`;

export type CoachBench = {
  /** The eval tables and the timings, to print (the summary is not in it). */
  readonly text: string;
  /** Rows for the bench's table. */
  readonly rows: Row[];
  /** One line the docs can quote. */
  readonly summary: string;
};

/** The findings under their goals, with their precision / recall (and the answers' accuracy if under). */
function belowGoals(report: ReturnType<typeof evaluateCoach>, trainingSet: boolean): string {
  const under = report.checks
    .filter((c) => c.precision < coachGoals.precision || c.recall < coachGoals.recall)
    .map((c) => `${c.check} ${c.precision.toFixed(2)} / ${c.recall.toFixed(2)}`);
  if (report.answerAccuracy < coachGoals.answerAccuracy)
    under.unshift(`answer accuracy ${report.answerAccuracy.toFixed(3)}`);
  return (
    `under the goals (precision / recall): ${under.join(', ')}` +
    (trainingSet
      ? '. These are the model scored on its own training replies; the honest corpus figures are ' +
        'cross-validated (`npx star coach --eval --cv`, in the history below).'
      : '.')
  );
}

export function coachBench(): CoachBench {
  const lines: string[] = [];
  const rows: Row[] = [];
  const all: CorpusItem[] = [];
  const accuracies: string[] = [];

  // The very first analysis in the process: regular expressions compiled, code not yet optimised.
  const coldStart = performance.now();
  analyseAnswer({ text: 'Great answer, thanks!' });
  const coldMs = performance.now() - coldStart;

  for (const dir of corpusDirs.map((d) => join(root, d))) {
    const shown = relative(root, dir);
    if (!existsSync(dir)) {
      lines.push(`${shown}: not there, skipped`, '');
      continue;
    }
    const load = loadCoachCorpus(dir);
    if (!load.ok) throw new Error(`the coach corpus would not load:\n${load.errors.join('\n')}`);
    all.push(...load.items);
    const report = evaluateCoach(load.items, () => performance.now());
    lines.push(formatCoachEval(shown, report), '');
    const name = shown.split('/').at(-1) ?? shown;
    accuracies.push(`${name} ${report.answerAccuracy.toFixed(3)}`);
    const worst = (key: 'precision' | 'recall') => Math.min(...report.checks.map((c) => c[key]));
    // The model is trained on the corpus: there these are training figures (a regression guard);
    // the honest corpus figures are cross-validated (`npx star coach --eval --cv`, ADR 0006).
    const trained = name === 'corpus' ? ', training set' : '';
    rows.push({
      measure: `coach on ${name} (${report.items} replies${trained}): answer accuracy / worst precision / worst recall`,
      ours: `${report.answerAccuracy.toFixed(3)} / ${worst('precision').toFixed(3)} / ${worst('recall').toFixed(3)}`,
      floor: '—',
      ratio: '—',
      goal: '≥ 0.95 / 0.9 / 0.85',
      met: meetsGoals(report) ? 'yes' : 'NO',
      why: belowGoals(report, name === 'corpus'),
    });
  }
  if (all.length === 0) throw new Error(`no coach corpus in ${corpusDirs.join(' or ')}`);

  const thread = longThreadAnswer(all);
  const form = longFormAnswer(all);
  const threadTimes = timeRuns(thread);
  const formTimes = timeRuns(form);
  const perItem: number[] = [];
  for (const item of all) analyseAnswer(inputOf(item));
  for (let round = 0; round < corpusRounds; round++) {
    for (const item of all) {
      const input = inputOf(item);
      const started = performance.now();
      analyseAnswer(input);
      perItem.push(performance.now() - started);
    }
  }
  perItem.sort((a, b) => a - b);

  lines.push(
    `analyseAnswer, after ${warmUp} warm-up runs, ${runs} timed runs each:`,
    `  thread answer, ${wordsOf(thread)} words: ${spread(threadTimes)}`,
    `  STAR form answer, ${wordsOf(form)} words: ${spread(formTimes)}`,
    `  every corpus item (${all.length} replies × ${corpusRounds}): ${spread(perItem)}`,
    `  the first analysis in the process (cold): ${ms(coldMs)} ms`,
  );
  for (const [what, times] of [
    [`coach: analyse a ${wordsOf(thread)}-word thread answer`, threadTimes],
    [`coach: analyse a ${wordsOf(form)}-word STAR form answer`, formTimes],
    [`coach: analyse a corpus reply (${all.length} replies)`, perItem],
  ] as const) {
    rows.push({
      measure: `${what} p50 / p99`,
      ours: `${ms(percentile(times, 0.5))} / ${ms(percentile(times, 0.99))} ms`,
      floor: '—',
      ratio: '—',
      // Issue 14: a 3-minute answer read in at most 5 ms (the median; p99 shown beside it).
      goal: '≤ 5 ms',
      met: percentile(times, 0.5) <= 5 ? 'yes' : 'NO',
      why:
        `the median analysis took ${ms(percentile(times, 0.5))} ms in one process with nothing else ` +
        "running in it, so the time is the analyser's (its patterns and the model's features) and the " +
        "machine's share of a core (the load average is given above).",
    });
  }
  const summary =
    `Coach: answer accuracy ${accuracies.join(', ')}; a 3-minute answer (${wordsOf(thread)} words) is read in ` +
    `${ms(percentile(threadTimes, 0.5))} ms at the median (p99 ${ms(percentile(threadTimes, 0.99))} ms; ` +
    `form ${ms(percentile(formTimes, 0.5))} ms), a corpus reply in ${ms(percentile(perItem, 0.5))} ms; ` +
    `the first analysis in a process takes ${ms(coldMs)} ms.`;
  return { text: lines.join('\n'), rows, summary };
}
