import { describe, expect, it } from 'vitest';
import { startDailyScheduler } from '../../src/scheduler/daily-scheduler.js';
import { createLogger } from '../../src/slack/logger.js';

describe('startDailyScheduler', () => {
  it('runs a pass at start-up and on each tick, never two at once, and stop waits for the pass in flight', async () => {
    const passes: Array<{ at: number; done: boolean }> = [];
    let running = 0;
    let overlapped = false;
    const scheduler = startDailyScheduler({
      expression: '* * * * * *', // every second, for the test
      logger: createLogger('error', () => {}),
      runPass: async (at) => {
        running += 1;
        if (running > 1) overlapped = true;
        const pass = { at, done: false };
        passes.push(pass);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        pass.done = true;
        running -= 1;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 2600));
    await scheduler.stop();
    const count = passes.length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(passes.every((p) => p.done)).toBe(true);
    expect(overlapped).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(passes).toHaveLength(count);
  }, 15_000);

  it('logs a failed pass and keeps ticking', async () => {
    const lines: string[] = [];
    let calls = 0;
    const scheduler = startDailyScheduler({
      expression: '* * * * * *',
      logger: createLogger('error', (line) => lines.push(line)),
      runPass: async () => {
        calls += 1;
        throw new Error('database is locked');
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await scheduler.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(lines.join('')).toContain('daily question pass failed: Error: database is locked');
  }, 15_000);
});
