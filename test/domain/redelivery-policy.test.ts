import { describe, expect, it } from 'vitest';
import { afterFailure, isStale, redelivery } from '../../src/domain/redelivery-policy.js';

const now = Date.parse('2026-11-24T10:00:00Z');
const s = 1000;

describe('afterFailure: 30 s, doubling, at most 10 minutes; given up after the last attempt', () => {
  it.each([
    [1, 30 * s],
    [2, 60 * s],
    [3, 120 * s],
    [4, 240 * s],
    [5, 480 * s],
    [6, 600 * s],
    [7, 600 * s],
  ])('attempt %i failed: the next at now + %i ms', (attempt, backOff) => {
    expect(afterFailure(attempt, now)).toEqual({ retryAt: now + backOff });
  });

  it.each([redelivery.maxAttempts, redelivery.maxAttempts + 1])('attempt %i failed: given up', (attempt) => {
    expect(afterFailure(attempt, now)).toBe('give-up');
  });

  it('keeps trying for about half an hour in all, well inside the keeping time of done rows', () => {
    let at = now;
    for (let attempt = 1; attempt < redelivery.maxAttempts; attempt++) {
      const next = afterFailure(attempt, at);
      if (next === 'give-up') throw new Error('gave up early');
      at = next.retryAt;
    }
    expect(at - now).toBe(35.5 * 60 * s);
    expect(redelivery.keepDoneMs).toBeGreaterThan(at - now);
  });
});

describe('isStale: an uninstall is not replayed over a newer installation', () => {
  it.each([
    ['app_uninstalled', true, true],
    ['tokens_revoked', true, true],
    ['app_uninstalled', false, false],
    ['reaction_added', true, false],
    ['message', true, false],
  ])('%s, installed since: %s → stale: %s', (type, installedSince, stale) => {
    expect(isStale(type, () => installedSince)).toBe(stale);
  });
});
