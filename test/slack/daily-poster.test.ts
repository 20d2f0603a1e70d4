import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDeliveryError } from '../../src/slack/daily-poster.js';
import { createLogger } from '../../src/slack/logger.js';
import { createDeliveryClient } from '../../src/slack/web-client.js';

/**
 * How real Web API client errors are sorted for the outbox, against a local server answering as
 * Slack might: a post that may have landed is never retried blind.
 */
let server: Server;
let apiUrl: string;
let mode = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (mode === 'hang') return; // never answers: the client times out (Slack may have posted)
    if (mode === '429') return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' });
    if (mode === '429-no-header') return reply(429, { ok: false, error: 'ratelimited' });
    if (mode === '503') return reply(503, { ok: false });
    if (mode === '500') return reply(500, { ok: false });
    const platformErrors = [
      'not_in_channel',
      'invalid_blocks',
      'internal_error',
      'token_revoked',
      'invalid_auth',
    ];
    if (platformErrors.includes(mode)) return reply(200, { ok: false, error: mode });
    reply(200, { ok: true, ts: '1.000001' });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function outcomeOf(answer: string, target = apiUrl) {
  mode = answer;
  const client = createDeliveryClient({
    token: 'xoxb-t',
    apiUrl: target,
    logger: createLogger('error', () => {}),
    timeoutMs: 300,
  });
  try {
    await client.chat.postMessage({ channel: 'C1', text: 'hi' });
    return { ok: true };
  } catch (error) {
    return classifyDeliveryError(error);
  }
}

describe('classifyDeliveryError', () => {
  it.each([
    ['429', { kind: 'rate-limited', retryAfterMs: 7000 }],
    ['429-no-header', { kind: 'rate-limited', retryAfterMs: 30_000 }],
    ['503', { kind: 'transient' }],
    ['500', { kind: 'unknown' }],
    ['hang', { kind: 'unknown' }],
    ['internal_error', { kind: 'unknown' }],
    ['not_in_channel', { kind: 'permanent', pause: 'channel' }],
    ['invalid_blocks', { kind: 'permanent', pause: 'none' }],
    ['token_revoked', { kind: 'permanent', pause: 'workspace' }],
    ['invalid_auth', { kind: 'permanent', pause: 'workspace' }],
  ])('%s → %j', async (answer, expected) => {
    expect(await outcomeOf(answer)).toMatchObject({ ok: false, ...expected });
  });

  it('a refused connection cannot have posted: transient', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    expect(await outcomeOf('', `http://127.0.0.1:${port}/api/`)).toMatchObject({
      ok: false,
      kind: 'transient',
    });
  });
});
