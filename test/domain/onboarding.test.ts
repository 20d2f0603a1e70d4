import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../src/domain/delivery-policy.js';
import { afterSend, channelStanding, isNewcomer } from '../../src/domain/onboarding.js';
import type { PracticeEvent } from '../../src/domain/practice.js';

describe('afterSend: what a send means for its once-only claim', () => {
  const cases: Array<[string, DeliveryOutcome, ReturnType<typeof afterSend>]> = [
    ['taken', { ok: true, ts: '1.2' }, { claim: 'sent', ts: '1.2' }],
    [
      '429',
      { ok: false, kind: 'rate-limited', retryAfterMs: 7000, error: 'ratelimited' },
      { claim: 'release', retry: true, error: 'ratelimited' },
    ],
    [
      '503',
      { ok: false, kind: 'transient', error: 'HTTP 503' },
      { claim: 'release', retry: true, error: 'HTTP 503' },
    ],
    [
      'refused for good',
      { ok: false, kind: 'permanent', error: 'is_archived', pause: 'channel' },
      { claim: 'release', retry: false, error: 'is_archived' },
    ],
    [
      'maybe taken (a lost reply)',
      { ok: false, kind: 'unknown', error: 'HTTP 500' },
      { claim: 'keep', error: 'HTTP 500' },
    ],
  ];
  it.each(cases)('%s', (_name, outcome, expected) => {
    expect(afterSend(outcome)).toEqual(expected);
  });
});

describe('isNewcomer', () => {
  const event = (kind: PracticeEvent['kind']): PracticeEvent => ({
    teamId: 'T1',
    userId: 'U1',
    questionId: 'q1',
    kind,
    rating: kind === 'rating' ? 3 : null,
    source: 'slack',
    at: 1,
  });
  const cases: Array<[string, Parameters<typeof isNewcomer>[0], boolean]> = [
    ['nothing at all', { events: [], answers: 0, reviewsGiven: 0 }, true],
    ['only questions seen', { events: [event('view'), event('view')], answers: 0, reviewsGiven: 0 }, true],
    ['an answer revealed', { events: [event('view'), event('reveal')], answers: 0, reviewsGiven: 0 }, false],
    ['a rating', { events: [event('rating')], answers: 0, reviewsGiven: 0 }, false],
    ['an answer in a channel', { events: [], answers: 1, reviewsGiven: 0 }, false],
    ['a review given', { events: [], answers: 0, reviewsGiven: 1 }, false],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(isNewcomer(input)).toBe(expected);
  });
});

describe('channelStanding', () => {
  it('no subscription, a running one, a paused one', () => {
    expect(channelStanding(undefined)).toBe('unsubscribed');
    expect(channelStanding({ paused: false })).toBe('subscribed');
    expect(channelStanding({ paused: true })).toBe('paused');
  });
});
