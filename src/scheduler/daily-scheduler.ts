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
}): DailyScheduler {
  const now = options.now ?? Date.now;
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  const stopping = new AbortController();
  const tick = (): Promise<void> => {
    if (inFlight || stopped) return inFlight ?? Promise.resolve();
    inFlight = options
      .runPass(now(), stopping.signal)
      .then(
        () => undefined,
        (error: unknown) => options.logger.error('daily question pass failed:', error),
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
