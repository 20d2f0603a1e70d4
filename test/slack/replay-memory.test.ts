import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { replayMemory } from '../../src/slack/request-guard.js';

/** The memory of verified signatures: the same one twice within Slack's five minutes is a replay. */

const request = (
  signature: string | undefined,
  timestamp: number,
  retry?: string,
  contentType = 'application/json',
) =>
  ({
    headers: {
      'content-type': contentType,
      ...(signature === undefined ? {} : { 'x-slack-signature': signature }),
      'x-slack-request-timestamp': String(timestamp),
      ...(retry === undefined ? {} : { 'x-slack-retry-num': retry }),
    },
  }) as unknown as IncomingMessage;

describe('replayMemory', () => {
  it('sees a signature first once, until its five minutes have passed', () => {
    let now = 1_000_000_000_000;
    const firstSight = replayMemory(() => now);
    const at = now / 1000;
    expect(firstSight(request('v0=a', at))).toBe(true);
    expect(firstSight(request('v0=a', at))).toBe(false);
    expect(firstSight(request('v0=b', at))).toBe(true);
    now += 5 * 60_000 - 1;
    expect(firstSight(request('v0=a', at))).toBe(false);
    // Bolt still accepts it during the second after the five minutes (it compares whole seconds).
    now += 1;
    expect(firstSight(request('v0=a', at))).toBe(false);
    now += 999;
    expect(firstSight(request('v0=a', at))).toBe(false);
    now += 1;
    expect(firstSight(request('v0=a', at))).toBe(true); // forgotten: Bolt refuses it as too old now
  });

  it("lets Slack's retries through, and what is not signed (the SSL check)", () => {
    const now = 1_000_000_000_000;
    const firstSight = replayMemory(() => now);
    expect(firstSight(request('v0=a', now / 1000))).toBe(true);
    expect(firstSight(request('v0=a', now / 1000, '1'))).toBe(true);
    expect(firstSight(request(undefined, now / 1000))).toBe(true);
    expect(firstSight(request(undefined, now / 1000))).toBe(true);
  });

  it('a retry header on a form (a command or an interaction, which Slack never retries) exempts nothing', () => {
    const now = 1_000_000_000_000;
    const firstSight = replayMemory(() => now);
    const form = 'application/x-www-form-urlencoded';
    expect(firstSight(request('v0=a', now / 1000, undefined, form))).toBe(true);
    expect(firstSight(request('v0=a', now / 1000, '1', form))).toBe(false);
  });
});
