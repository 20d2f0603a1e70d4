import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/slack/logger.js';
import { type ApiCall, createDeliveryClient, observedFetch } from '../../src/slack/web-client.js';

/**
 * observedFetch under a real WebClient: the client reads the answers as it would without it, and
 * each request is observed with its method and outcome.
 */

type Answer = { status?: number; headers?: Record<string, string>; body?: unknown } | Error;

function clientAnswering(...answers: Answer[]) {
  const calls: ApiCall[] = [];
  const urls: string[] = [];
  const base: webApi.FetchFunction = async (url) => {
    urls.push(String(url));
    const answer = answers.shift() ?? { body: { ok: true } };
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body ?? {}), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json; charset=utf-8', ...answer.headers },
    }) as unknown as Awaited<ReturnType<webApi.FetchFunction>>;
  };
  const client = createDeliveryClient({
    token: 'xoxb-test',
    apiUrl: 'http://127.0.0.1:9/api/',
    logger: createLogger('error', () => {}),
    fetch: observedFetch((call) => calls.push(call), base),
  });
  return { client, calls, urls };
}

const outcomes = (calls: ApiCall[]) => calls.map((c) => `${c.method} ${c.outcome}`);

describe('observedFetch', () => {
  it('sees ok and Slack error codes, while the client reads the same answers', async () => {
    const { client, calls } = clientAnswering(
      { body: { ok: true, channel: 'C1', ts: '1.1' } },
      { body: { ok: false, error: 'channel_not_found' } },
    );
    expect(await client.chat.postMessage({ channel: 'C1', text: 'hi' })).toMatchObject({
      ok: true,
      ts: '1.1',
    });
    await expect(client.chat.postMessage({ channel: 'C2', text: 'hi' })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { error: 'channel_not_found' },
    });
    expect(outcomes(calls)).toEqual(['chat.postMessage ok', 'chat.postMessage channel_not_found']);
    for (const call of calls) expect(call.seconds).toBeGreaterThanOrEqual(0);
  });

  it('sees 429 and 5xx, which the client still turns into its own errors', async () => {
    const { client, calls } = clientAnswering(
      { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } },
      { status: 503, body: {} },
      { status: 404, body: {} },
    );
    await expect(client.users.info({ user: 'U1' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 30,
    });
    await expect(client.conversations.history({ channel: 'C1' })).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 503,
    });
    await expect(client.auth.test()).rejects.toMatchObject({ statusCode: 404 });
    expect(outcomes(calls)).toEqual(['users.info 429', 'conversations.history 5xx', 'auth.test http_404']);
  });

  it('sees timeouts and network errors, and passes them on', async () => {
    const timeout = new Error('The operation was aborted due to timeout');
    timeout.name = 'TimeoutError';
    const { client, calls } = clientAnswering(timeout, new TypeError('fetch failed'));
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RequestError,
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RequestError,
    });
    expect(outcomes(calls)).toEqual(['chat.postMessage timeout', 'chat.postMessage network_error']);
  });

  it('names a request to a URL that is not a method (a file upload) by its last part', async () => {
    const calls: ApiCall[] = [];
    const fetch = observedFetch(
      (call) => calls.push(call),
      async () =>
        new Response('OK - 12', {
          status: 200,
          headers: { 'content-type': 'text/plain' },
        }) as unknown as Awaited<ReturnType<webApi.FetchFunction>>,
    );
    const response = await fetch('https://files.slack.com/upload/v1/CwABAAAAXmh0', { method: 'POST' });
    expect(await response.text()).toBe('OK - 12');
    expect(calls.map((c) => c.outcome)).toEqual(['ok']);
    expect(calls[0]?.method).toBe('CwABAAAAXmh0'); // folded into "other" by the metrics
  });
});
