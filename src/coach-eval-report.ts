import { basename } from 'node:path';
import { type CheckScore, coachGoals, type EvalReport } from './domain/coach-eval.js';

/**
 * The coach's scores on a labelled corpus as a plain-text table (`star coach --eval`, `npm run
 * bench`). Pure: the report in, lines out.
 */

const figure = (n: number) => n.toFixed(3);

/** What falls short of the goals in a check's row, if anything. */
function shortfalls(score: CheckScore): string[] {
  return [
    ...(score.precision < coachGoals.precision ? [`precision < ${coachGoals.precision}`] : []),
    ...(score.recall < coachGoals.recall ? [`recall < ${coachGoals.recall}`] : []),
  ];
}

/** `dir`: the directory as it should be shown; mistakes name their file within it. */
export function formatCoachEval(
  dir: string,
  report: EvalReport,
  options: { mistakes?: boolean } = {},
): string {
  const wrongKinds = report.mistakes.filter((m) => m.check === 'answer').length;
  const rightKinds = report.items - wrongKinds;
  const accuracyLow = report.answerAccuracy < coachGoals.answerAccuracy;
  const header = ['check', 'precision', 'recall', 'TP', 'FP', 'FN', 'support', ''];
  const cells = report.checks.map((c) => {
    const short = shortfalls(c);
    return [
      c.check,
      figure(c.precision),
      figure(c.recall),
      String(c.truePositives),
      String(c.falsePositives),
      String(c.falseNegatives),
      String(c.support),
      short.length > 0 ? `✗ below goal (${short.join(', ')})` : '',
    ];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...cells].map((row) => (row[i] ?? '').length)));
  const numeric = new Set([1, 2, 3, 4, 5, 6]);
  const line = (row: string[]) =>
    row
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();

  const lines = [
    `${dir}: ${report.items} items, ${report.answers} answers`,
    `answer vs not-an-answer: accuracy ${figure(report.answerAccuracy)} (${rightKinds} of ${report.items})${accuracyLow ? `  ✗ below goal (< ${coachGoals.answerAccuracy})` : ''}`,
    '',
    line(header),
    ...cells.map(line),
    '',
    `slowest reply: ${report.slowestMs.toFixed(2)} ms`,
  ];

  const below = [
    ...(accuracyLow
      ? [`answer accuracy ${figure(report.answerAccuracy)} < ${coachGoals.answerAccuracy}`]
      : []),
    ...report.checks.flatMap((c) => [
      ...(c.precision < coachGoals.precision
        ? [`${c.check} precision ${figure(c.precision)} < ${coachGoals.precision}`]
        : []),
      ...(c.recall < coachGoals.recall
        ? [`${c.check} recall ${figure(c.recall)} < ${coachGoals.recall}`]
        : []),
    ]),
  ];
  const goals = `precision ≥ ${coachGoals.precision}, recall ≥ ${coachGoals.recall}, answer accuracy ≥ ${coachGoals.answerAccuracy}`;
  if (below.length === 0) lines.push(`meets the goals (${goals})`);
  else {
    lines.push(`below the goals (${goals}):`);
    for (const b of below) lines.push(`  below the goals: ${b}`);
  }

  if (options.mistakes) {
    lines.push('', `mistakes (${report.mistakes.length}):`);
    if (report.mistakes.length === 0) lines.push('  none');
    const fileWidth = Math.max(0, ...report.mistakes.map((m) => basename(m.file).length));
    const checkWidth = Math.max(0, ...report.mistakes.map((m) => m.check.length));
    for (const m of report.mistakes) {
      const what =
        m.check === 'answer'
          ? m.expected
            ? 'an answer, read as not one'
            : 'not an answer, read as one'
          : m.expected
            ? 'should fire, did not'
            : 'fired, should not';
      lines.push(
        `  ${basename(m.file).padEnd(fileWidth)}  ${m.check.padEnd(checkWidth)}  expected ${m.expected} (${what})`,
      );
    }
  }
  return lines.join('\n');
}
