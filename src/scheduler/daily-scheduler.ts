import { schedule } from 'node-cron';
import type { Logger } from '../slack/app.js';

export type DailyScheduler = { stop(): Promise<void> };

/**
 * Calls `tick` on a schedule and waits for the promise it returns before calling it again. `stop`
 * ends the ticking (a tick already running is the scheduler's to wait for).
 */
export type Ticker = (tick: () => Promise<void>) => { stop(): Promise<void> | void };

/** The production ticker: node-cron, once a minute by default, never overlapping itself. */
export function cronTicker(expression = '* * * * *'): Ticker {
  return (tick) => {
    const task = schedule(expression, tick, { name: 'star-daily-question', noOverlap: true });
    return {
      async stop() {
        await task.stop();
        await task.destroy();
      },
    };
  };
}

/**
 * Runs a daily pass (questions of the day, recaps, reminders) at start-up and on each tick of
 * `ticker` (default: node-cron, once a minute), as of that instant. A pass that is still running
 * when the next tick comes is not overlapped. The pass at start-up sends a post missed while the app
 * was down at once (the same local day; never later). `stop` stops the ticking, aborts the pass's
 * signal (it starts no new sends) and waits for the pass in flight (and its sends) to finish; no pass
 * starts after it.
 */
export function startDailyScheduler(options: {
  runPass: (at: number, signal: AbortSignal) => Promise<unknown>;
  logger: Logger;
  ticker?: Ticker;
  /** The instant a pass runs as of (default: Date.now). */
  now?: () => number;
  /** Told when each pass ends: `ok` false when it threw; `ms` measured on the monotonic clock. */
  onPassEnd?: (pass: PassEnd) => void;
}): DailyScheduler {
  const now = options.now ?? Date.now;
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  const stopping = new AbortController();
  const ended = (started: number, ok: boolean) => {
    try {
      options.onPassEnd?.({ ok, ms: performance.now() - started });
    } catch (error) {
      options.logger.warn('after a daily pass:', (error as Error).message);
    }
  };
  const tick = (): Promise<void> => {
    if (inFlight || stopped) return inFlight ?? Promise.resolve();
    const started = performance.now();
    inFlight = options
      .runPass(now(), stopping.signal)
      .then(
        () => ended(started, true),
        (error: unknown) => {
          ended(started, false);
          options.logger.error('daily question pass failed:', error);
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const ticking = (options.ticker ?? cronTicker())(tick);
  void tick();
  return {
    async stop() {
      stopped = true;
      stopping.abort();
      await ticking.stop();
      await inFlight;
    },
  };
}

/** How a pass ended: `ok` false when it threw; `ms`, how long it took. */
export type PassEnd = { readonly ok: boolean; readonly ms: number };

/**
 * How long the scheduler may go without completing a pass before /healthz says it is late: five
 * minutes. It ticks every minute, and a healthy pass can take up to about 80 s (30 s of waiting for
 * another process's lock, then at most 45 s of delivery), during which ticks are skipped; so a pass
 * normally completes at least every 2½ minutes. Five minutes is two more missed ticks on top: a
 * stuck or failing scheduler is reported within minutes, a slow 09:00 pass is not.
 */
export const passLateAfterMs = 5 * 60_000;

/** What /healthz knows of the scheduler: passes that ended, and whether it is late. */
export type PassWatch = {
  /** A pass ended at `at` (ms since the epoch). */
  ended(pass: PassEnd, at: number): void;
  /** "scheduler: …" when no pass completed within `lateAfterMs` (of start-up, for the first), else undefined. */
  problem(now: number): string | undefined;
};

/**
 * Watches the scheduler's passes from `startedAt`: the first pass gets the same grace period after
 * start-up as any later one, and only a pass that completed (did not throw) counts.
 */
export function watchPasses(startedAt: number, lateAfterMs = passLateAfterMs): PassWatch {
  let lastCompleted: number | undefined;
  let lastFailed = false;
  return {
    ended(pass, at) {
      lastFailed = !pass.ok;
      if (pass.ok) lastCompleted = at;
    },
    problem(now) {
      const since = lastCompleted ?? startedAt;
      if (now - since <= lateAfterMs) return undefined;
      const ago = minutes(now - since);
      const failing = lastFailed ? ' (the last one failed)' : '';
      return lastCompleted === undefined
        ? `scheduler: no pass completed since start-up ${ago} ago${failing}`
        : `scheduler: last pass ${ago} ago${failing}`;
    },
  };
}

function minutes(ms: number): string {
  const whole = Math.floor(ms / 60_000);
  return whole === 1 ? '1 minute' : `${whole} minutes`;
}
