import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary, type Question } from '../../src/domain/deck.js';
import { parseDeckMarkdown } from '../../src/domain/deck-markdown.js';
import { dailyQuestionMessage } from '../../src/slack/blocks/daily-question.js';
import {
  classifyDeliveryError,
  dailyPostEventType,
  deliverMessage,
  slackDailyPoster,
} from '../../src/slack/daily-poster.js';
import { createLogger } from '../../src/slack/logger.js';
import { createDeliveryClient } from '../../src/slack/web-client.js';
import type { People } from '../../src/use-cases/peer-review.js';
import { sampleDeck } from '../support/fixtures.js';

/**
 * How real Web API client errors are sorted for the outbox, against a local server answering as
 * Slack might: a post that may have landed is never retried blind.
 */
let server: Server;
let apiUrl: string;
let mode = '';
/** The requests the server took: what the client sent on the wire. */
const received: Array<{ path: string; contentType: string; authorization: string; body: string }> = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      path: req.url ?? '',
      contentType: String(req.headers['content-type']),
      authorization: String(req.headers.authorization),
      body: Buffer.concat(chunks).toString('utf8'),
    });
    const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (mode === 'hang') return; // never answers: the client times out (Slack may have posted)
    if (mode === '429') return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' });
    if (mode === '429-no-header') return reply(429, { ok: false, error: 'ratelimited' });
    if (mode === '503') return reply(503, { ok: false });
    if (mode === 'not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>a proxy answered</html>');
    }
    if (mode === '500') return reply(500, { ok: false });
    const platformErrors = [
      'not_in_channel',
      'invalid_blocks',
      'internal_error',
      'token_revoked',
      'invalid_auth',
    ];
    if (platformErrors.includes(mode)) return reply(200, { ok: false, error: mode });
    if (mode === 'odd-metadata')
      return reply(200, { ok: true, ts: '1.000002', response_metadata: { warnings: 'not a list' } });
    if (mode === 'odd-ts') return reply(200, { ok: true, ts: 12 });
    if (mode === 'invalid_blocks-said')
      return reply(200, {
        ok: false,
        error: 'invalid_blocks',
        response_metadata: {
          messages: ['[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text]'],
        },
      });
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

const deliveryClient = (target = apiUrl) =>
  createDeliveryClient({
    token: 'xoxb-t',
    apiUrl: target,
    logger: createLogger('error', () => {}),
    timeoutMs: 300,
  });

/** How WebClient's own chat.postMessage's failure is sorted. */
async function outcomeOf(answer: string, target = apiUrl) {
  mode = answer;
  try {
    await deliveryClient(target).chat.postMessage({ channel: 'C1', text: 'hi' });
    return { ok: true };
  } catch (error) {
    return classifyDeliveryError(error);
  }
}

/** The same answer to a scheduled post (`deliverMessage`: chat.postMessage as JSON, `postJson`). */
function deliveredOutcome(answer: string, target = apiUrl) {
  mode = answer;
  return deliverMessage(deliveryClient(target), 'C1', { text: 'hi', blocks: [] });
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
    // A scheduled post, sent as JSON, fails with the same errors: sorted the same way.
    expect(await deliveredOutcome(answer)).toMatchObject({ ok: false, ...expected });
  });

  it('a scheduled post Slack took: its ts', async () => {
    expect(await deliveredOutcome('')).toEqual({ ok: true, ts: '1.000001' });
  });

  it('an ok answer read loosely: odd metadata changes nothing; an unreadable ts leaves the post in doubt, not failed', async () => {
    expect(await deliveredOutcome('odd-metadata')).toEqual({ ok: true, ts: '1.000002' });
    expect(await deliveredOutcome('odd-ts')).toMatchObject({ ok: false, kind: 'unknown' });
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
    expect(await deliveredOutcome('', `http://127.0.0.1:${port}/api/`)).toMatchObject({
      ok: false,
      kind: 'transient',
    });
  });

  it("an answer that is not Slack's JSON: failed, as WebClient's own call sorts it", async () => {
    expect(await outcomeOf('not-json')).toMatchObject({ ok: false, kind: 'permanent', pause: 'none' });
    expect(await deliveredOutcome('not-json')).toMatchObject({ ok: false, kind: 'permanent', pause: 'none' });
  });
});

describe('postJson', () => {
  it("logs the reasons Slack gives with a refusal, as WebClient's call does", async () => {
    mode = 'invalid_blocks-said';
    const lines: string[] = [];
    const client = createDeliveryClient({
      token: 'xoxb-t',
      apiUrl,
      logger: createLogger('error', (line) => lines.push(line)),
      timeoutMs: 300,
    });
    expect(await deliverMessage(client, 'C1', { text: 'hi', blocks: [] })).toMatchObject({
      ok: false,
      kind: 'permanent',
      error: 'invalid_blocks',
    });
    expect(lines.join('')).toContain('must be more than 0 characters [json-pointer:/blocks/0/text]');
  });
});

describe('the question of the day, built once, posted to each channel', () => {
  it('every post carries its own channel and outbox id, with the same blocks and text, as JSON', async () => {
    mode = '';
    received.length = 0;
    const client = deliveryClient();
    const people: People = { lookup: async (_teamId, userId) => ({ userId, name: 'x', isBot: false }) };
    const poster = slackDailyPoster(() => client, people);
    const parsed = parseDeckMarkdown(sampleDeck(), 'sample.md', 'sample');
    if (!parsed.ok) throw new Error('fixture deck must parse');
    const question = buildLibrary([parsed.deck]).library.questions[0] as Question;
    const message = dailyQuestionMessage(question, '2026-11-24');
    for (const [channelId, outboxId] of [
      ['C1', 41],
      ['C2', 42],
    ] as const)
      expect(
        await poster.post({ teamId: 'T1', channelId, question, outboxId, localDate: '2026-11-24' }),
      ).toEqual({
        ok: true,
        ts: '1.000001',
      });
    expect(received.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.postMessage']);
    expect(received.every((r) => r.contentType === 'application/json; charset=utf-8')).toBe(true);
    expect(received.every((r) => r.authorization === 'Bearer xoxb-t')).toBe(true);
    expect(received.map((r) => JSON.parse(r.body))).toEqual(
      [
        ['C1', 41],
        ['C2', 42],
      ].map(([channel, outboxId]) => ({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        metadata: {
          event_type: dailyPostEventType,
          event_payload: { outbox_id: outboxId, local_date: '2026-11-24' },
        },
      })),
    );
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
