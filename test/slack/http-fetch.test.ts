import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyDeliveryError } from '../../src/slack/daily-poster.js';
import { httpFetch } from '../../src/slack/http-fetch.js';
import { createLogger } from '../../src/slack/logger.js';
import { createDeliveryClient, observedFetch } from '../../src/slack/web-client.js';

/**
 * The app's `fetch` (node:http with keep-alive) under a real WebClient, side by side with the
 * WebClient as Slack ships it (Node's fetch): the same request on the wire, and the same results
 * and errors for every kind of answer Slack gives (ok, error codes, 429 with or without
 * Retry-After, 5xx, a hung or refused or cut connection, a redirect), sorted the same way for the
 * outbox.
 */

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
type Answer = (res: ServerResponse) => void;

let server: Server;
let apiUrl: string;
const seen: Seen[] = [];
let answer: Answer = () => {};
const light = httpFetch();

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      answer(res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});

afterAll(async () => {
  light.close();
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

const client = (fetch: webApi.FetchFunction, timeoutMs = 7_000) =>
  createDeliveryClient({
    token: 'xoxb-test',
    apiUrl,
    logger: createLogger('error', () => {}),
    timeoutMs,
    fetch,
  });

/** Node's fetch (WebClient's default) and ours, each under observedFetch as the app has them. */
const clients = (timeoutMs?: number) => ({
  node: client(
    observedFetch(() => {}),
    timeoutMs,
  ),
  ours: client(
    observedFetch(() => {}, light.fetch),
    timeoutMs,
  ),
});

const post = (c: webApi.WebClient) =>
  c.chat.postMessage({
    channel: 'C1',
    text: 'Question of the day: “Tell me about a conflict” — ünïcödé & more',
    blocks: '[{"type":"section","text":{"type":"mrkdwn","text":"*Hi* <@U1> & ✓"}}]' as unknown as [],
    unfurl_links: false,
    metadata: {
      event_type: 'star_daily_question',
      event_payload: { outbox_id: 7, local_date: '2026-11-24' },
    },
  });

/** What a call came to, as the app sees it: the result, or the error's kind and what it carries. */
async function outcome(call: Promise<unknown>) {
  try {
    return { result: await call };
  } catch (error) {
    const e = error as Error & Record<string, unknown>;
    const original = e.original as Error | undefined;
    const headers = e.headers as Record<string, string> | undefined;
    return {
      error: e.constructor.name,
      code: e.code,
      statusCode: e.statusCode,
      statusMessage: e.statusMessage,
      // The headers of an HTTP error, but for the date of each answer.
      headers: headers && Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date')),
      retryAfter: e.retryAfter,
      data: e.data,
      body: e.body,
      message: e.message,
      original: original?.name,
      delivery: classifyDeliveryError(error),
    };
  }
}

/** Both clients' outcomes for the same answer. */
async function both(respond: Answer, timeoutMs?: number) {
  answer = respond;
  const { node, ours } = clients(timeoutMs);
  return { node: await outcome(post(node)), ours: await outcome(post(ours)) };
}

describe('httpFetch: the request on the wire', () => {
  it('is the request WebClient makes with Node fetch, without the headers fetch adds of its own', async () => {
    answer = json(200, { ok: true, channel: 'C1', ts: '1.1' });
    seen.length = 0;
    const { node, ours } = clients();
    await post(node);
    await post(ours);
    const [byNode, byUs] = seen;
    if (!byNode || !byUs) throw new Error('two requests expected');
    expect(byUs.method).toBe(byNode.method);
    expect(byUs.url).toBe('/api/chat.postMessage');
    expect(byUs.url).toBe(byNode.url);
    expect(byUs.body).toBe(byNode.body);
    expect(new URLSearchParams(byUs.body).get('text')).toContain('ünïcödé');
    const fetchOnly = ['accept-encoding', 'accept-language', 'sec-fetch-mode'];
    const without = (headers: IncomingHttpHeaders, names: string[]) =>
      Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
    expect(without(byUs.headers, [])).toEqual(without(byNode.headers, fetchOnly));
    expect(byUs.headers).toMatchObject({
      authorization: 'Bearer xoxb-test',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(byNode.body)),
      accept: 'application/json',
    });
    // Slack answers uncompressed when not asked to compress.
    expect(byUs.headers['accept-encoding']).toBeUndefined();
    expect(byUs.headers['user-agent']).toBe(byNode.headers['user-agent']);
  });

  it('reuses its connections (keep-alive)', async () => {
    answer = json(200, { ok: true });
    const ports = new Set<number>();
    const onConnection = (socket: { remotePort?: number }) => ports.add(socket.remotePort ?? 0);
    server.on('connection', onConnection);
    const { ours } = clients();
    for (let i = 0; i < 5; i++) await post(ours);
    server.off('connection', onConnection);
    expect(ports.size).toBeLessThanOrEqual(1);
  });
});

describe('httpFetch: what WebClient makes of each answer is what it makes of Node fetch’s', () => {
  const cases: Array<[string, Answer]> = [
    [
      'ok, with scopes in the headers',
      json(200, { ok: true, channel: 'C1', ts: '1.1' }, { 'x-oauth-scopes': 'chat:write, channels:history' }),
    ],
    ['an error code', json(200, { ok: false, error: 'channel_not_found' })],
    ['a revoked token', json(200, { ok: false, error: 'token_revoked' })],
    ['429 with Retry-After', json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' })],
    ['429 without Retry-After', json(429, { ok: false, error: 'ratelimited' })],
    ['503', json(503, { ok: false, error: 'service_unavailable' })],
    ['500', json(500, { ok: false })],
    ['404 with a page', (res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html>no</html>')],
    ['an answer that is not JSON', (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('OK')],
    [
      'an answer in several chunks',
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"ok":true,');
        setTimeout(() => res.end('"ts":"1.1","channel":"C1"}'), 5);
      },
    ],
    [
      'an answer compressed although not asked to be',
      (res) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          .end(gzipSync(JSON.stringify({ ok: true, ts: '1.1' }))),
    ],
    ['a redirect', (res) => res.writeHead(302, { location: 'https://example.com/' }).end()],
    ['the connection cut before an answer', (res) => res.socket?.destroy()],
    [
      'the connection cut in the middle of the answer',
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"ok":tr');
        setTimeout(() => res.socket?.destroy(), 5);
      },
    ],
  ];
  it.each(cases)('%s', async (_, respond) => {
    const { node, ours } = await both(respond);
    expect(ours).toEqual(node);
  });

  it('a hung answer: both time out, as a request error that may have landed', async () => {
    const { node, ours } = await both(() => {}, 100);
    expect(ours).toEqual(node);
    expect(ours).toMatchObject({
      error: 'WebAPIRequestError',
      original: 'TimeoutError',
      delivery: { kind: 'unknown' },
    });
  });

  it('without a timeout of the caller, an answer silent too long fails as Node’s fetch does', async () => {
    const quick = httpFetch(undefined, { connectMs: 10_000, silenceMs: 100 });
    const request = () =>
      quick.fetch(`${apiUrl}auth.test`, { method: 'POST', body: 'token=x', redirect: 'error', headers: {} });
    answer = () => {}; // no answer at all
    await expect(request()).rejects.toThrow(new TypeError('fetch failed'));
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":'); // then nothing
    };
    await expect(request()).rejects.toThrow(new TypeError('terminated'));
    quick.close();
  });

  it('a refused connection: a request error that cannot have landed (retried, not looked up)', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/api/`;
    closed.close();
    await once(closed, 'close');
    const logger = createLogger('error', () => {});
    const at = (fetch: webApi.FetchFunction) =>
      createDeliveryClient({ token: 'xoxb-test', apiUrl: url, logger, fetch });
    const node = await outcome(post(at(observedFetch(() => {}))));
    const ours = await outcome(post(at(observedFetch(() => {}, light.fetch))));
    expect(ours).toEqual(node);
    expect(ours).toMatchObject({ error: 'WebAPIRequestError', delivery: { kind: 'transient' } });
  });

  it('the metrics see the same outcomes through it', async () => {
    const calls: string[] = [];
    const observed = observedFetch((call) => calls.push(call.outcome), light.fetch);
    const c = client(observed);
    for (const respond of [
      json(200, { ok: true, ts: '1.1' }),
      json(200, { ok: false, error: 'not_in_channel' }),
      json(429, { ok: false }, { 'retry-after': '1' }),
      json(502, {}),
    ]) {
      answer = respond;
      await outcome(post(c));
    }
    answer = () => {};
    await outcome(post(client(observed, 50)));
    expect(calls).toEqual(['ok', 'not_in_channel', '429', '5xx', 'timeout']);
  });
});

describe('httpFetch: idle connections', () => {
  it('does not reuse a connection idle past the server’s keep-alive less 2 s, even before its timer ran', async () => {
    // The server keeps an idle connection 3 s: ours is kept 1 s (Node's fetch keeps it as long).
    answer = json(200, { ok: true }, { 'keep-alive': 'timeout=3' });
    let connections = 0;
    const onConnection = () => {
      connections += 1;
    };
    server.on('connection', onConnection);
    const ours = httpFetch();
    const c = client(ours.fetch);
    await post(c);
    await post(c); // at once: the same connection
    expect(connections).toBe(1);
    // The event loop busy past the second (no timer runs meanwhile), then a request.
    const until = performance.now() + 1_100;
    while (performance.now() < until) {
      // busy
    }
    await post(c);
    server.off('connection', onConnection);
    ours.close();
    expect(connections).toBe(2);
  });
});

describe('httpFetch: closing', () => {
  it('lets a request on its way finish, and closes the idle connections', async () => {
    let respond: (() => void) | undefined;
    answer = (res) => {
      respond = () => json(200, { ok: true, ts: '1.1' })(res);
    };
    const ours = httpFetch();
    const closed: string[] = [];
    server.once('connection', (socket) => socket.once('close', () => closed.push('connection')));
    const sending = outcome(post(client(ours.fetch)));
    await vi.waitFor(() => expect(respond).toBeDefined());
    ours.close(); // as the app stops, a send still on its way
    respond?.();
    expect(await sending).toMatchObject({ result: { ok: true, ts: '1.1' } });
    await vi.waitFor(() => expect(closed).toEqual(['connection']));
  });
});

describe('httpFetch: what it leaves to Node fetch', () => {
  it('a body that is not text (a file upload) and a redirect to follow go to the fallback', async () => {
    const handed: string[] = [];
    const fallback: webApi.FetchFunction = async (url, init) => {
      handed.push(`${String(url)} ${init?.body instanceof FormData ? 'form' : String(init?.redirect)}`);
      return { ok: true, status: 200 } as Awaited<ReturnType<webApi.FetchFunction>>;
    };
    const { fetch, close } = httpFetch(fallback);
    const form = new FormData();
    form.append('file', new Blob(['x']), 'a.txt');
    await fetch('https://files.example/upload', { method: 'POST', body: form, redirect: 'error' });
    await fetch('https://example.com/', { method: 'GET' });
    close();
    expect(handed).toEqual(['https://files.example/upload form', 'https://example.com/ undefined']);
  });
});
