import { describe, expect, it } from 'vitest';
import {
  afterLookup,
  afterSend,
  backoffMs,
  beforeSend,
  channelFreeAt,
  type FoundPost,
  initialPacing,
  lookupWindow,
  type Pacing,
  pacedAnswer,
  pacedNextAt,
  pacedSlowDown,
  pacedStart,
  type RowAction,
  type SendOutcome,
  type Standing,
  workspaceBurst,
  workspaceInFlight,
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

describe('pacing per workspace: a burst, then an adapting rate (AIMD)', () => {
  /** The start times `pacing` allows for `count` sends, each started as soon as allowed. */
  function starts(pacing: Pacing, count: number, from: number): number[] {
    const at: number[] = [];
    let p = pacing;
    for (let i = 0; i < count; i++) {
      const t = Math.max(from, pacedNextAt(p));
      at.push(Math.round((t - from) * 1000) / 1000);
      p = pacedStart(p, t);
    }
    return at;
  }

  it('a burst of 10 at once, then one every 20 ms, each start shortening the interval by 0.2%', () => {
    const times = starts(initialPacing, 13, now);
    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    // The 11th waits for the token that refills at the 10th start's interval: 20 × 0.998^10 ms.
    expect(times[10]).toBeCloseTo(20 * 0.998 ** 10, 3);
    expect(times[11]).toBeCloseTo(20 * 0.998 ** 10 + 20 * 0.998 ** 11, 3);
  });

  it.each([
    // [sends left after this one, at an interval of 20 ms: the interval after the start]
    [Number.POSITIVE_INFINITY, 19.96],
    [100, 19.96], // 2 s of sends left: still probing for more
    [76, 19.96],
    [75, 20], // 1.5 s left: the last stretch keeps the rate that works
    [0, 20],
  ])('with %s more to send, the interval becomes %s ms', (left, expected) => {
    expect(
      pacedStart({ interval: 20, tokens: 1, at: now, slowedAt: 0, recent: 0, answers: 0 }, now, left)
        .interval,
    ).toBe(expected);
  });

  it.each([
    // [pacing, when its next send may start]
    [{ interval: 20, tokens: 10, at: now, slowedAt: 0, recent: 0, answers: 0 }, now],
    [{ interval: 20, tokens: 1, at: now, slowedAt: 0, recent: 0, answers: 0 }, now],
    [{ interval: 20, tokens: 0.5, at: now, slowedAt: 0, recent: 0, answers: 0 }, now + 10],
    [{ interval: 20, tokens: 0, at: now, slowedAt: 0, recent: 0, answers: 0 }, now + 20],
    [{ interval: 20, tokens: -1, at: now, slowedAt: 0, recent: 0, answers: 0 }, now + 40],
  ])('%j: the next start at %i', (pacing, expected) => {
    expect(pacedNextAt(pacing)).toBe(expected);
  });

  it('a start takes a token from the refilled bucket (never more than the burst)', () => {
    const empty = { interval: 20, tokens: 0, at: now, slowedAt: 0, recent: 0, answers: 0 };
    expect(pacedStart(empty, now + 20)).toEqual({ ...empty, interval: 19.96, tokens: 0, at: now + 20 });
    expect(pacedStart(empty, now + 60_000)).toEqual({
      ...empty,
      interval: 19.96,
      tokens: workspaceBurst - 1,
      at: now + 60_000,
    });
    const fastest = { interval: 2, tokens: 5, at: now, slowedAt: 0, recent: 0, answers: 0 };
    expect(pacedStart(fastest, now)).toEqual({ ...fastest, tokens: 4 });
  });

  /** `pacing` after Slack's `answers`, in order (true: a 429). */
  const answered = (pacing: Pacing, answers: readonly boolean[]) =>
    answers.reduce((p, limited) => pacedAnswer(p, limited), pacing);
  const oks = (count: number) => Array<boolean>(count).fill(false);

  it.each([
    // [Slack's last answers, oldest first (true: a 429), the interval after a 429 at 20 ms]
    [[true], 22.22], // a first answer, a 429: one in ten at least (not "all of them"): 1 / 0.9
    [[...oks(19), true], 21.05], // one in twenty: at its limit, probing: 1 / 0.95
    [[...oks(30), true], 21.05], // only the last twenty count
    [[...oks(16), true, false, false, true], 22.22], // two in twenty: 1 / (1 - 0.1)
    [[...oks(15), true, true, false, true, true], 25], // four in twenty: a fifth, a quarter
    [[...oks(10), ...Array<boolean>(10).fill(true)], 25], // half: far over, a quarter (at most)
  ])('answers %j: a 429 lengthens the interval from 20 ms to %f ms', (answers, expected) => {
    const pacing = answered(
      { interval: 20, tokens: 7, at: now, slowedAt: 0, recent: 0, answers: 0 },
      answers,
    );
    expect(pacedSlowDown(pacing, now + 5, now).interval).toBeCloseTo(expected, 2);
  });

  it.each([
    [20, 21],
    [100, 105],
    [1950, 2000],
    [2000, 2000],
  ])(
    'a 429 at its limit lengthens an interval of %i ms to %i ms (at most 2 s) and empties the bucket',
    (interval, expected) => {
      const pacing = { interval, tokens: 7, at: now, slowedAt: 0, recent: 0, answers: 0 };
      expect(pacedSlowDown(pacing, now + 5, now)).toEqual({
        ...pacing,
        interval: expected,
        tokens: 0,
        at: now + 5,
        slowedAt: now + 5,
      });
    },
  );

  it('a 429 when the bucket is already overdrawn keeps the debt', () => {
    const pacing = { interval: 20, tokens: -2, at: now, slowedAt: 0, recent: 0, answers: 0 };
    expect(pacedSlowDown(pacing, now + 10, now)).toEqual({
      ...pacing,
      interval: 21,
      tokens: -1.5,
      at: now + 10,
      slowedAt: now + 10,
    });
  });

  it('remembers the last twenty answers, the newest in the lowest bit', () => {
    const pacing = answered(initialPacing, [true, false, true]);
    expect([pacing.recent, pacing.answers]).toEqual([0b101, 3]);
    expect(answered(pacing, oks(20))).toMatchObject({ recent: 0, answers: 20 });
  });

  it.each([
    // [the send that got the 429 started at, slowed again?]
    [now + 50, false], // on its way when the first 429 came back: already answered for
    [now + 99, false],
    [now + 100, true], // started after the slowdown: the new rate is still too fast
    [now + 250, true],
  ])(
    'once per round trip: after a slowdown at now + 100, a 429 to a send started at %i slows it: %s',
    (startedAt, slowed) => {
      const once = pacedSlowDown(initialPacing, now + 100, now);
      const twice = pacedSlowDown(once, now + 300, startedAt);
      expect(twice.interval).toBeCloseTo(slowed ? 22.05 : 21, 6);
    },
  );

  it('settles: after a 429, successes bring the interval back down', () => {
    const far = answered(initialPacing, Array<boolean>(10).fill(true));
    let pacing = pacedSlowDown(pacedSlowDown(far, now, now), now + 100, now + 100); // 31.25 ms
    expect(pacing.interval).toBe(31.25);
    for (let i = 0; i < 250; i++) pacing = pacedStart(pacing, now + 200 + i * 50);
    expect(pacing.interval).toBeCloseTo(31.25 * 0.998 ** 250, 6);
    expect(pacing.interval).toBeLessThan(20);
  });
});

describe('one send a second per channel', () => {
  it.each([
    [undefined, 0],
    [now, now + 1000],
    [now - 400, now + 600],
  ])('last send started at %s: the next may start at %i', (last, expected) => {
    expect(channelFreeAt(last)).toBe(expected);
  });
});

describe('sends in flight per workspace', () => {
  it.each([
    [false, 1],
    [true, 16],
  ])('a send of this pass came back ok: %s → %i at once', (answeredOk, expected) => {
    expect(workspaceInFlight(answeredOk)).toBe(expected);
  });
});
