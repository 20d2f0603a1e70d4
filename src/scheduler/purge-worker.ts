import { countOf, type PurgeJob } from '../domain/purge-job.js';
import type { Logger } from '../slack/app.js';
import type { PurgeBatch, PurgeQueue } from '../use-cases/purge-jobs.js';

export type PurgeWorker = PurgeQueue & {
  /** Resolves when no job is left and the WAL is checkpointed (or after `timeoutMs`). */
  idle(timeoutMs: number): Promise<void>;
  /** Stops between batches; unfinished jobs stay recorded and resume at the next start (`wake`). */
  stop(): void;
};

/**
 * How much a batch deletes: sized to take about `batchMs` (secure delete included), whatever the rows
 * are like: rows side by side are cheap, a user's rows scattered over a whole table cost a page each.
 */
const sizing = { batchMs: 10, firstRows: 500, minRows: 50, maxRows: 5000 };

/**
 * The background worker for large deletes: runs `batch` (one short transaction each) while a job is
 * left, giving the event loop back between batches so requests are served meanwhile, and after the
 * last job truncates the WAL (`checkpoint`), so deleted rows leave no copy in the files. SQLite busy
 * (another process holds the lock) and other failures are retried after a pause, never in a tight
 * loop; nothing waits on a lock synchronously for long. Idle until woken: `wake` after recording a
 * job, and once at start-up for the jobs a stop or a crash left.
 */
export function createPurgeWorker(options: {
  batch: (limit: number) => PurgeBatch;
  /** Truncates the WAL; false when it could not yet (a reader holds an old snapshot). */
  checkpoint: () => boolean | Promise<boolean>;
  /** True for SQLite's busy error. */
  busy: (error: unknown) => boolean;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  /** Rows per batch: fixed (tests), or by default sized by how long batches take. */
  batchRows?: number;
  /** Between batches (default: one turn of the event loop, after pending I/O). */
  pause?: () => Promise<void>;
}): PurgeWorker {
  const { logger, sleep } = options;
  let batchRows = options.batchRows ?? sizing.firstRows;
  /** The next batch's size, from how long this one took. */
  const resize = (tookMs: number) => {
    if (options.batchRows !== undefined) return;
    if (tookMs > sizing.batchMs * 2) batchRows = Math.max(sizing.minRows, Math.floor(batchRows / 2));
    else if (tookMs < sizing.batchMs / 2) batchRows = Math.min(sizing.maxRows, Math.ceil(batchRows * 1.5));
  };
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const waiting = new Map<number, Array<(deleted: Readonly<Record<string, number>> | undefined) => void>>();
  const idlers: Array<() => void> = [];
  let active = false;
  let stopped = false;

  const settle = (id: number, deleted: Readonly<Record<string, number>> | undefined) => {
    for (const resolve of waiting.get(id) ?? []) resolve(deleted);
    waiting.delete(id);
  };
  /** Batches and milliseconds of deleting per job, in this process. */
  const spent = new Map<number, { batches: number; ms: number }>();
  const report = (job: PurgeJob) => {
    const { batches, ms } = spent.get(job.id) ?? { batches: 0, ms: 0 };
    spent.delete(job.id);
    const detail = Object.entries(job.deleted)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table}=${n}`)
      .join(' ');
    logger.info(
      `${job.reason}: deleted ${job.who} (${countOf(job.deleted)} rows${detail ? `: ${detail}` : ''}) in ${batches} batches, ${(ms / 1000).toFixed(1)} s of work`,
    );
  };

  const run = async () => {
    let checkpointDue = false;
    let failures = 0;
    /** After a failure: 100 ms, doubling, at most a minute (busy: at most 2 s). */
    const backOff = (busy: boolean) => {
      failures += 1;
      return sleep(Math.min(busy ? 2000 : 60_000, 100 * 2 ** Math.min(failures - 1, 10)));
    };
    try {
      while (!stopped) {
        let step: PurgeBatch;
        const started = performance.now();
        try {
          step = options.batch(batchRows);
          const took = performance.now() - started;
          resize(took);
          if (step.kind !== 'idle') {
            const sofar = spent.get(step.job.id) ?? { batches: 0, ms: 0 };
            spent.set(step.job.id, { batches: sofar.batches + 1, ms: sofar.ms + took });
          }
        } catch (error) {
          const busy = options.busy(error);
          if (!busy) logger.error('a purge batch failed (it is tried again):', error);
          await backOff(busy);
          continue;
        }
        if (step.kind === 'idle') {
          if (!checkpointDue) break;
          let done = false;
          try {
            done = await options.checkpoint();
          } catch (error) {
            if (!options.busy(error)) logger.error('the WAL checkpoint after a purge failed:', error);
          }
          if (done)
            checkpointDue = false; // and look again: a job may have come meanwhile
          else await backOff(true);
          continue;
        }
        failures = 0;
        if (step.kind === 'finished') {
          checkpointDue = true;
          report(step.job);
          settle(step.job.id, step.job.deleted);
        }
        await pause();
      }
    } finally {
      // Synchronously after the batch that found nothing left: a job recorded later wakes a new run.
      active = false;
      for (const resolve of idlers.splice(0)) resolve();
    }
  };

  const wake = () => {
    if (stopped || active) return;
    active = true;
    setImmediate(() => void run()); // not in the caller's turn: a listener that records a job returns at once
  };

  return {
    wake,
    finished: (jobId) =>
      stopped
        ? Promise.resolve(undefined)
        : new Promise((resolve) => waiting.set(jobId, [...(waiting.get(jobId) ?? []), resolve])),
    idle: (timeoutMs) =>
      !active
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            timer.unref();
            idlers.push(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
    stop: () => {
      stopped = true;
      for (const id of [...waiting.keys()]) settle(id, undefined);
      for (const resolve of idlers.splice(0)) resolve();
    },
  };
}
