import { describe, expect, it } from 'vitest';
import {
  afterLookup,
  afterSend,
  backoffMs,
  beforeSend,
  type FoundPost,
  initialPacing,
  lookupWindow,
  pacedSlowDown,
  pacedStart,
  type RowAction,
  type SendOutcome,
  type Standing,
} from '../../src/domain/delivery-policy.js';

const now = Date.parse('2026-11-24T08:00:00Z');
const s = 1000;

describe('backoffMs: 1 s, 2 s, 4 s … up to 5 minutes', () => {
  it.each([
    [0, 1 * s],
    [1, 1 * s],
    [2, 2 * s],
    [3, 4 * s],
    [4, 8 * s],
    [5, 16 * s],
    [9, 256 * s],
    [10, 300 * s],
    [40, 300 * s],
  ])('after attempt %i: %i ms', (attempts, expected) => {
    expect(backoffMs(attempts)).toBe(expected);
  });
});

describe('lookupWindow: around when the send started', () => {
  it('reads from 30 s before the send to 60 s after it (well within one 15-message page)', () => {
    expect(lookupWindow(now)).toEqual({ since: now - 30 * s, until: now + 60 * s });
  });
});

describe('afterSend: what a send attempt means for its row', () => {
  const cases: Array<[string, SendOutcome, number, RowAction]> = [
    ['sent', { ok: true, ts: '1.000100' }, 1, { do: 'mark-sent', ts: '1.000100' }],
    ['nothing to say (a quiet week, no cards due)', { ok: false, kind: 'empty' }, 1, { do: 'mark-empty' }],
    [
      'its content is gone',
      { ok: false, kind: 'unsendable', error: 'question not in decks', reason: 'question q9 is gone' },
      1,
      { do: 'drop', reason: 'question q9 is gone', error: 'question not in decks' },
    ],
    [
      '429: wait out Retry-After, and the workspace slows down',
      { ok: false, kind: 'rate-limited', retryAfterMs: 7 * s, error: 'ratelimited' },
      1,
      { do: 'retry', at: now + 7 * s, error: 'ratelimited', slowDown: true },
    ],
    [
      '503 on the first attempt: again in 1 s',
      { ok: false, kind: 'transient', error: 'HTTP 503' },
      1,
      { do: 'retry', at: now + 1 * s, error: 'HTTP 503', slowDown: false },
    ],
    [
      'refused connection on the third attempt: again in 4 s',
      { ok: false, kind: 'transient', error: 'network: ECONNREFUSED' },
      3,
      { do: 'retry', at: now + 4 * s, error: 'network: ECONNREFUSED', slowDown: false },
    ],
    [
      'timeout (Slack may have it): in doubt, looked up 8 s later, never resent blind',
      { ok: false, kind: 'unknown', error: 'network: timeout' },
      1,
      { do: 'doubt', until: now + 8 * s, error: 'network: timeout', stopLookups: false },
    ],
    [
      'refused token: the workspace pauses, the row waits',
      { ok: false, kind: 'permanent', error: 'invalid_auth', pause: 'workspace' },
      1,
      {
        do: 'pause-workspace',
        reason: "Slack refused the workspace's token: invalid_auth",
        error: 'invalid_auth',
        retryAt: now,
      },
    ],
    [
      'the channel is the problem: failed, and the channel pauses',
      { ok: false, kind: 'permanent', error: 'not_in_channel', pause: 'channel' },
      1,
      { do: 'fail', error: 'not_in_channel', pause: 'channel' },
    ],
    [
      'the post is the problem: failed, nothing paused',
      { ok: false, kind: 'permanent', error: 'invalid_blocks', pause: 'none' },
      1,
      { do: 'fail', error: 'invalid_blocks', pause: 'none' },
    ],
  ];
  it.each(cases)('%s', (_name, outcome, attempts, expected) => {
    expect(afterSend(outcome, attempts, now)).toEqual(expected);
  });
});

describe('afterLookup: what a lookup for a post in doubt means for its row', () => {
  const found: FoundPost = { found: true, ts: '1.000200' };
  const notFound: FoundPost = { found: false };
  const unknown: FoundPost = { found: 'unknown', error: 'internal_error' };
  const limited: FoundPost = { found: 'unknown', error: 'ratelimited', retryAfterMs: 60 * s };
  const cases: Array<[string, FoundPost, Standing, number, RowAction]> = [
    ['found: sent (recovered)', found, 'wanted', 1, { do: 'mark-sent', ts: '1.000200' }],
    ['found after the day ended: still sent', found, 'over', 1, { do: 'mark-sent', ts: '1.000200' }],
    [
      'not found: sent again at once',
      notFound,
      'wanted',
      1,
      { do: 'retry', at: now, error: 'sent again: no post was found', slowDown: false },
    ],
    [
      'not found, no longer wanted: back to pending (then expired as unwanted)',
      notFound,
      'unwanted',
      1,
      { do: 'retry', at: now, error: 'sent again: no post was found', slowDown: false },
    ],
    [
      'not found, day over: expired',
      notFound,
      'over',
      1,
      { do: 'expire', reason: 'the local day ended before it could be sent' },
    ],
    [
      'not found, channel gone: failed',
      notFound,
      'gone',
      1,
      { do: 'drop', reason: 'the channel unsubscribed', error: 'the channel unsubscribed' },
    ],
    [
      'cannot tell: look again after the back-off of attempt n+4',
      unknown,
      'wanted',
      1,
      { do: 'doubt', until: now + 16 * s, error: 'internal_error', stopLookups: false },
    ],
    [
      'cannot tell, 429: wait out Retry-After, no more lookups in this workspace this pass',
      limited,
      'wanted',
      1,
      { do: 'doubt', until: now + 60 * s, error: 'ratelimited', stopLookups: true },
    ],
    [
      'cannot tell, 429 shorter than the back-off: the back-off',
      { found: 'unknown', error: 'ratelimited', retryAfterMs: 1 * s },
      'wanted',
      1,
      { do: 'doubt', until: now + 16 * s, error: 'ratelimited', stopLookups: true },
    ],
    [
      'cannot tell, day over: expired, never resent blind',
      unknown,
      'over',
      1,
      { do: 'expire', reason: 'in doubt and unresolved: internal_error' },
    ],
    [
      'cannot tell, channel gone: expired, never resent blind',
      limited,
      'gone',
      1,
      { do: 'expire', reason: 'in doubt and unresolved: ratelimited' },
    ],
  ];
  it.each(cases)('%s', (_name, lookup, standing, attempts, expected) => {
    expect(afterLookup(lookup, standing, attempts, now)).toEqual(expected);
  });
});

describe('beforeSend: a pending row that must not go out any more', () => {
  it.each<[Standing, RowAction]>([
    ['wanted', { do: 'keep' }],
    ['unwanted', { do: 'expire', reason: 'paused or skipped after it was planned' }],
    ['over', { do: 'expire', reason: 'the local day ended before it could be sent' }],
    ['gone', { do: 'drop', reason: 'the channel unsubscribed', error: 'the channel unsubscribed' }],
  ])('%s → %j', (standing, expected) => {
    expect(beforeSend(standing)).toEqual(expected);
  });
});

describe('pacing per workspace (AIMD)', () => {
  it('starts at one send every 20 ms; each send shortens the interval by 1%, down to 2 ms', () => {
    const first = pacedStart(initialPacing, now);
    expect(first).toEqual({ nextAt: now + 20, interval: 19.8 });
    expect(pacedStart(first, now + 20)).toEqual({ nextAt: now + 39.8, interval: 19.8 * 0.99 });
    expect(pacedStart({ interval: 2, nextAt: 0 }, now)).toEqual({ nextAt: now + 2, interval: 2 });
  });

  it.each([
    [20, 30],
    [100, 150],
    [1500, 2000],
    [2000, 2000],
  ])(
    'a 429 lengthens an interval of %i ms to %i ms (at most 2 s), keeping the next start',
    (interval, expected) => {
      expect(pacedSlowDown({ interval, nextAt: now + 5 })).toEqual({ interval: expected, nextAt: now + 5 });
    },
  );

  it('settles: after a 429, successes bring the interval back down', () => {
    let pacing = pacedSlowDown(pacedSlowDown(initialPacing)); // 45 ms
    for (let i = 0; i < 100; i++) pacing = pacedStart(pacing, now + i * 50);
    expect(pacing.interval).toBeCloseTo(45 * 0.99 ** 100, 6);
    expect(pacing.interval).toBeLessThan(20);
  });
});
