import { schedule } from 'node-cron';
import type { Logger } from '../slack/app.js';

export type DailyScheduler = { stop(): Promise<void> };

/**
 * Ticks once a minute (node-cron) and runs a daily-question pass as of that minute. A pass that is
 * still running when the next tick comes is not overlapped. `stop` stops the ticking and waits for
 * a pass in flight (and its sends) to finish. One pass also runs at start-up, so a post missed while
 * the app was down goes out at once (the same local day; never later). On stop, the pass starts no
 * new sends.
 */
export function startDailyScheduler(options: {
  runPass: (at: number, signal: AbortSignal) => Promise<unknown>;
  logger: Logger;
  expression?: string;
}): DailyScheduler {
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  const stopping = new AbortController();
  const tick = (): Promise<void> => {
    if (inFlight || stopped) return inFlight ?? Promise.resolve();
    inFlight = options
      .runPass(Date.now(), stopping.signal)
      .then(
        () => undefined,
        (error: unknown) => options.logger.error('daily question pass failed:', error),
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const task = schedule(options.expression ?? '* * * * *', tick, {
    name: 'star-daily-question',
    noOverlap: true,
  });
  void tick();
  return {
    async stop() {
      stopped = true;
      stopping.abort();
      await task.stop();
      await task.destroy();
      await inFlight;
    },
  };
}
