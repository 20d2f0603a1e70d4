import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDeliveryError, dailyPostEventType, slackDailyPoster } from '../../src/slack/daily-poster.js';
import { createLogger } from '../../src/slack/logger.js';
import { createDeliveryClient } from '../../src/slack/web-client.js';
import type { People } from '../../src/use-cases/peer-review.js';

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
    if (mode === 'history' || mode === 'history-more') {
      const ours = (id: number, ts: string) => ({
        type: 'message',
        ts,
        text: 'question of the day',
        metadata: {
          event_type: dailyPostEventType,
          event_payload: { outbox_id: id, local_date: '2026-11-24' },
        },
      });
      return reply(200, {
        ok: true,
        messages: [
          ours(41, '1.000001'),
          ours(42, '1.000002'),
          { type: 'message', ts: '1.000003', text: 'hi' },
        ],
        has_more: mode === 'history-more',
      });
    }
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

describe('findPost: one narrow page of conversations.history', () => {
  const findPost = (answer: string, outboxId: number) => {
    mode = answer;
    const client = createDeliveryClient({
      token: 'xoxb-t',
      apiUrl,
      logger: createLogger('error', () => {}),
      timeoutMs: 300,
    });
    const people: People = {
      lookup: async (_teamId, userId) => ({ userId, name: 'a teammate', isBot: false }),
    };
    return slackDailyPoster(() => client, people).findPost({
      teamId: 'T1',
      channelId: 'C1',
      outboxId,
      since: 1_000_000,
      until: 1_090_000,
    });
  };

  it.each([
    ['history', 42, { found: true, ts: '1.000002' }],
    ['history', 43, { found: false }],
    ['history-more', 43, { found: 'unknown', error: 'more messages around the send than one page' }],
    ['429', 42, { found: 'unknown', error: 'ratelimited', retryAfterMs: 7000 }],
    ['invalid_auth', 42, { found: 'unknown', error: 'invalid_auth' }],
  ])('%s, outbox id %i → %j', async (answer, outboxId, expected) => {
    expect(await findPost(answer, outboxId)).toEqual(expected);
  });
});
