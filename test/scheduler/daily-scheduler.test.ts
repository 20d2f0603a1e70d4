import { describe, expect, it } from 'vitest';
import {
  cronTicker,
  type PassEnd,
  passLateAfterMs,
  startDailyScheduler,
  type Ticker,
  watchPasses,
} from '../../src/scheduler/daily-scheduler.js';
import { createLogger } from '../../src/slack/logger.js';

/** A ticker the test fires itself: `tick()` is one cron tick (awaited, as node-cron's noOverlap does). */
function manualTicker() {
  let fire: (() => Promise<void>) | undefined;
  let stopped = false;
  const ticker: Ticker = (tick) => {
    fire = tick;
    return {
      stop: () => {
        stopped = true;
      },
    };
  };
  return {
    ticker,
    tick: () => {
      if (!fire) throw new Error('the scheduler did not start its ticker');
      return fire();
    },
    stopped: () => stopped,
  };
}

/** A pass the test finishes when it chooses. */
function controlledPasses() {
  const passes: Array<{ at: number; signal: AbortSignal; done: boolean; finish: () => void }> = [];
  let running = 0;
  let overlapped = false;
  const runPass = (at: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      running += 1;
      if (running > 1) overlapped = true;
      const pass = {
        at,
        signal,
        done: false,
        finish: () => {
          pass.done = true;
          running -= 1;
          resolve();
        },
      };
      passes.push(pass);
    });
  return { passes, runPass, overlapped: () => overlapped };
}

const quiet = createLogger('error', () => {});
/** Lets promise callbacks run (no timers). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('startDailyScheduler', () => {
  it('runs a pass at start-up, as of that instant, and one per tick', async () => {
    const clock = { now: Date.parse('2026-11-24T08:00:00Z') };
    const ticks = manualTicker();
    const { passes, runPass } = controlledPasses();
    const scheduler = startDailyScheduler({
      runPass,
      logger: quiet,
      ticker: ticks.ticker,
      now: () => clock.now,
    });
    expect(passes.map((p) => p.at)).toEqual([Date.parse('2026-11-24T08:00:00Z')]);
    passes[0]?.finish();
    await settle();

    clock.now += 60_000;
    const tick = ticks.tick();
    expect(passes.map((p) => p.at)).toEqual([clock.now - 60_000, clock.now]);
    passes[1]?.finish();
    await tick; // a tick's promise settles when its pass is done
    await scheduler.stop();
  });

  it('never runs two passes at once: a tick during a pass runs none', async () => {
    const ticks = manualTicker();
    const { passes, runPass, overlapped } = controlledPasses();
    const scheduler = startDailyScheduler({ runPass, logger: quiet, ticker: ticks.ticker });
    let tickDone = false;
    const tick = ticks.tick().then(() => {
      tickDone = true;
    });
    await settle();
    expect(passes).toHaveLength(1);
    expect(tickDone).toBe(false); // the tick waits for the pass in flight, as noOverlap expects
    passes[0]?.finish();
    await tick;
    void ticks.tick();
    expect(passes).toHaveLength(2);
    expect(overlapped()).toBe(false);
    passes[1]?.finish();
    await scheduler.stop();
  });

  it('stop aborts the pass in flight, waits for it, stops the ticker and starts no new pass', async () => {
    const ticks = manualTicker();
    const { passes, runPass } = controlledPasses();
    const scheduler = startDailyScheduler({ runPass, logger: quiet, ticker: ticks.ticker });
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(passes[0]?.signal.aborted).toBe(true); // the pass starts no new sends
    expect(ticks.stopped()).toBe(true);
    expect(stopped).toBe(false); // waiting for the pass in flight
    passes[0]?.finish();
    await stopping;
    expect(passes.every((p) => p.done)).toBe(true);

    await ticks.tick(); // a tick that was already on its way
    expect(passes).toHaveLength(1);
  });

  it('logs a failed pass and keeps ticking', async () => {
    const lines: string[] = [];
    const ticks = manualTicker();
    let calls = 0;
    const scheduler = startDailyScheduler({
      ticker: ticks.ticker,
      logger: createLogger('error', (line) => lines.push(line)),
      runPass: async () => {
        calls += 1;
        throw new Error('database is locked');
      },
    });
    await settle(); // the pass at start-up has failed
    await ticks.tick();
    await ticks.tick();
    await scheduler.stop();
    expect(calls).toBe(3); // start-up and two ticks
    expect(lines.join('')).toContain('daily question pass failed: Error: database is locked');
  });

  it('the default ticker is node-cron, and it stops cleanly', async () => {
    let passes = 0;
    const scheduler = startDailyScheduler({
      ticker: cronTicker('0 0 1 1 *'), // once a year: it does not tick during the test
      logger: quiet,
      runPass: async () => {
        passes += 1;
      },
    });
    await scheduler.stop();
    expect(passes).toBe(1); // the pass at start-up
  });
});

describe('onPassEnd', () => {
  it('is told how each pass ended: completed, or failed', async () => {
    const ticks = manualTicker();
    const { passes, runPass } = controlledPasses();
    const ended: PassEnd[] = [];
    let fail = false;
    const scheduler = startDailyScheduler({
      ticker: ticks.ticker,
      logger: quiet,
      runPass: (at, signal) => (fail ? Promise.reject(new Error('busy')) : runPass(at, signal)),
      onPassEnd: (pass) => ended.push(pass),
    });
    expect(ended).toEqual([]); // the pass at start-up is still running
    passes[0]?.finish();
    await settle();
    fail = true;
    await ticks.tick();
    await scheduler.stop();
    expect(ended.map((pass) => pass.ok)).toEqual([true, false]);
    for (const pass of ended) expect(pass.ms).toBeGreaterThanOrEqual(0);
  });
});

describe('watchPasses (what /healthz says of the scheduler)', () => {
  const start = Date.parse('2026-11-24T08:00:00Z');
  const minute = 60_000;
  const ok = { ok: true, ms: 20 };

  it('gives the first pass a grace period after start-up, then says none completed', () => {
    const watch = watchPasses(start);
    expect(watch.problem(start)).toBeUndefined();
    expect(watch.problem(start + passLateAfterMs)).toBeUndefined();
    expect(watch.problem(start + 6 * minute)).toBe(
      'scheduler: no pass completed since start-up 6 minutes ago',
    );
  });

  it('is fine while passes complete, and late five minutes after the last one', () => {
    const watch = watchPasses(start);
    watch.ended(ok, start + minute);
    expect(watch.problem(start + 6 * minute)).toBeUndefined();
    expect(watch.problem(start + 7 * minute)).toBe('scheduler: last pass 6 minutes ago');
    watch.ended(ok, start + 7 * minute);
    expect(watch.problem(start + 8 * minute)).toBeUndefined();
  });

  it('counts only passes that completed, and says when the last one failed', () => {
    const watch = watchPasses(start);
    watch.ended(ok, start);
    for (let m = 1; m <= 6; m++) watch.ended({ ok: false, ms: 30_000 }, start + m * minute);
    expect(watch.problem(start + 6 * minute)).toBe(
      'scheduler: last pass 6 minutes ago (the last one failed)',
    );
    expect(watchPasses(start, 60_000).problem(start + 61_000)).toBe(
      'scheduler: no pass completed since start-up 1 minute ago',
    );
  });
});
