import { signatureFor, signingSecret } from '../support/signed-requests.js';

/** Small helpers for the benchmarks: signed requests, percentiles, a concurrency pool. */

export async function signedPost(
  url: string,
  body: string,
  contentType: string,
): Promise<{ status: number; text: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signatureFor(body, signingSecret, timestamp),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

export const median = (values: readonly number[]): number => percentile(sorted(values), 0.5);

export type Burst = { readonly durations: number[]; readonly totalMs: number };

/** `size` tasks started at once: each one's duration (sorted) and the time until the last ended, in ms. */
export async function burst(size: number, task: (i: number) => Promise<void>): Promise<Burst> {
  const start = performance.now();
  const durations = await Promise.all(
    Array.from({ length: size }, async (_, i) => {
      const begun = performance.now();
      await task(i);
      return performance.now() - begun;
    }),
  );
  return { durations: sorted(durations), totalMs: performance.now() - start };
}

/** Runs `count` tasks with at most `concurrency` at once; returns each task's duration in ms. */
export async function pool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const start = performance.now();
      await task(i);
      durations.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return durations.sort((a, b) => a - b);
}

export type Row = {
  measure: string;
  ours: string;
  floor: string;
  ratio: string;
  goal: string;
  met: string;
  /**
   * Why the goal is missed, from this run's figures (or stated on the condition of them): shown in
   * docs/benchmarks.md under the table when `met` is NO.
   */
  why?: string;
};

export function table(rows: readonly Row[]): string {
  const header: Row = {
    measure: 'measure',
    ours: 'STAR Partner',
    floor: 'floor',
    ratio: 'ratio',
    goal: 'goal',
    met: 'met',
  };
  const all = [header, ...rows];
  const keys = Object.keys(header) as Array<Exclude<keyof Row, 'why'>>;
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
