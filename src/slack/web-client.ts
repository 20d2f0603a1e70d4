import { type Logger, webApi } from '@slack/bolt';
import { z } from 'zod';

/** A scheduled post as chat.postMessage sends it: its blocks already JSON text (made once a day). */
type DeliveryPost = {
  readonly channel: string;
  readonly text: string;
  readonly blocksJson: string;
  readonly metadata?: { readonly event_type: string; readonly event_payload: Record<string, unknown> };
};

/**
 * A Web API client for scheduled posts, with `postJson`: chat.postMessage sent as a JSON body (see
 * `jsonPoster`).
 */
export type DeliveryClient = webApi.WebClient & {
  /** chat.postMessage with `post` (and `unfurl_links: false`): Slack's ok answer, or WebClient's errors. */
  readonly postJson: (post: DeliveryPost) => Promise<{ ts?: string | undefined }>;
};

/**
 * A Web API client for work done outside a request (the daily posts: questions of the day, recaps,
 * reminder DMs): no automatic retries and 429s handed back to us, so the outbox decides when to try
 * again.
 */
export function createDeliveryClient(options: {
  token: string;
  apiUrl: string | undefined;
  logger: Logger;
  timeoutMs?: number;
  /** How requests are made (`observedFetch`, to count them); default: the global fetch. */
  fetch?: webApi.FetchFunction | undefined;
}): DeliveryClient {
  const timeoutMs = options.timeoutMs ?? 7_000;
  const client = new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    logger: options.logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
  });
  const postJson = jsonPoster({
    url: `${client.slackApiUrl}chat.postMessage`,
    token: options.token,
    fetch: options.fetch ?? (globalThis.fetch as webApi.FetchFunction),
    timeoutMs,
    logger: options.logger,
  });
  return Object.assign(client, { postJson });
}

/** What chat.postMessage answers, as far as a scheduled post reads it (other fields are ignored). */
const postAnswerSchema = z.object({
  ok: z.boolean(),
  // Read loosely: an ok answer whose ts is not read is in doubt (looked up later), not failed; odd
  // warnings or messages are not logged, and change nothing.
  ts: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
  response_metadata: z
    .object({ warnings: z.array(z.string()).optional(), messages: z.array(z.string()).optional() })
    .optional()
    .catch(undefined),
});

/**
 * chat.postMessage with a JSON body (the Web API takes one for it, with the token in the
 * Authorization header), for the daily fan-out: WebClient sends its arguments form-encoded, so each
 * post percent-encoded the day's blocks (a few kB of JSON) again, walked them for its debug log, and
 * went through its request queue and retry wrapper; this builds the body around the blocks' JSON
 * text, made once per question. It fails as WebClient's `chat.postMessage` would, with its errors
 * (as `rejectRateLimitedCalls` and no retries set them): a 429 is `WebAPIRateLimitedError` (Retry-
 * After), another status than 200 `WebAPIHTTPError`, a request that failed or timed out
 * `WebAPIRequestError`, an answer not ok `WebAPIPlatformError` (so `classifyDeliveryError` sorts
 * them as before). The answer is checked (zod) before it is read.
 */
function jsonPoster(options: {
  url: string;
  token: string;
  fetch: webApi.FetchFunction;
  timeoutMs: number;
  logger: Logger;
}): DeliveryClient['postJson'] {
  const { url, fetch, timeoutMs, logger } = options;
  const headers = {
    Authorization: `Bearer ${options.token}`,
    'Content-Type': 'application/json; charset=utf-8',
    Accept: 'application/json',
  };
  return async (post) => {
    const body =
      `{"channel":${JSON.stringify(post.channel)},"text":${JSON.stringify(post.text)},` +
      `"blocks":${post.blocksJson},"unfurl_links":false` +
      (post.metadata ? `,"metadata":${JSON.stringify(post.metadata)}}` : '}');
    let text: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status === 429) {
        const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
        if (Number.isNaN(retryAfter))
          throw new Error(`Retry header did not contain a valid timeout (url: ${url})`);
        throw new webApi.WebAPIRateLimitedError(retryAfter);
      }
      text = await response.text();
      if (response.status !== 200)
        throw new webApi.WebAPIHTTPError(
          response.status,
          response.statusText,
          Object.fromEntries(response.headers.entries()),
          text,
        );
    } catch (error) {
      if (
        error instanceof webApi.SlackError ||
        (error instanceof Error && /retry header/i.test(error.message))
      )
        throw error;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn('http request failed', message);
      throw new webApi.WebAPIRequestError(error instanceof Error ? error : new Error(message));
    }
    const answer = postAnswerSchema.safeParse(parsedOrUndefined(text));
    if (!answer.success) throw new webApi.WebAPIPlatformError({ ok: false, error: 'invalid_response' });
    // Logged as WebClient logs them: its warnings, and the [ERROR] / [WARN] lines of its messages.
    const { warnings = [], messages = [] } = answer.data.response_metadata ?? {};
    for (const warning of warnings) logger.warn(warning);
    for (const line of messages) {
      const said = /^\[(ERROR|WARN)\](.*)/.exec(line);
      if (said?.[1] === 'ERROR') logger.error(said[2]?.trim());
      else if (said?.[1] === 'WARN') logger.warn(said[2]?.trim());
    }
    if (!answer.data.ok)
      throw new webApi.WebAPIPlatformError({ ...answer.data, error: answer.data.error ?? 'unknown_error' });
    return { ts: answer.data.ts };
  };
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A Web API client per workspace, made from its bot token (the one token in single-workspace mode,
 * the installation's with OAuth) and kept while the token stays the same.
 */
export function clientsPerTeam<Client extends webApi.WebClient>(options: {
  tokenFor: (teamId: string) => string | undefined;
  make: (token: string) => Client;
}): (teamId: string) => Client {
  const clients = new Map<string, Client>();
  return (teamId) => {
    const token = options.tokenFor(teamId);
    if (!token) throw new Error(`no installation for workspace ${teamId}`);
    let client = clients.get(token);
    if (!client) {
      client = options.make(token);
      clients.set(token, client);
    }
    return client;
  };
}

/** A client like Bolt's (a few quick retries), for lookups outside a request (users.info). */
export function createLookupClient(options: {
  token: string;
  apiUrl: string | undefined;
  logger: Logger;
  fetch?: webApi.FetchFunction | undefined;
}): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    logger: options.logger,
    // A lookup (auth.test after start-up, users.info for an event) Slack has not answered in 10 s has
    // failed: the token's check takes Slack as out of reach, an event is delivered again later.
    timeout: lookupTimeoutMs,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
  });
}

const lookupTimeoutMs = 10_000;

/** What WebClient's `fetch` resolves to. */
type FetchResponse = Awaited<ReturnType<webApi.FetchFunction>>;

/** One HTTP request to the Web API, as `observedFetch` saw it. */
export type ApiCall = { readonly method: string; readonly outcome: string; readonly seconds: number };

/**
 * A `fetch` for WebClient (its `fetch` option, which Bolt's clients get through `clientOptions`
 * and ours through `createDeliveryClient` / `createLookupClient`) that tells `observe` about each
 * request: the method (the last part of its URL), the outcome and the time to the whole answer.
 * The outcome is `ok`, `429`, `5xx`, Slack's error code (`channel_not_found`, …) from the body of a
 * 200, `http_NNN` for any other status, `timeout` or `network_error`. A retry is a request of its
 * own (Slack counts it against its limits too). The body is read here once, and handed on as it came.
 */
export function observedFetch(
  observe: (call: ApiCall) => void,
  base: webApi.FetchFunction = globalThis.fetch as webApi.FetchFunction,
): webApi.FetchFunction {
  return async (url, init) => {
    const method = methodOf(url);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const response = await base(url, init);
      if (response.status !== 200) {
        const { status } = response;
        observe({
          method,
          outcome: status === 429 ? '429' : status >= 500 ? '5xx' : `http_${status}`,
          seconds: seconds(),
        });
        return response;
      }
      // JSON (every method's answer) is read as text, which WebClient reads next; anything else (a
      // file: admin.analytics.getFile's gzip) as bytes.
      if ((response.headers.get('content-type') ?? '').includes('json')) {
        const text = await response.text();
        observe({ method, outcome: outcomeOf(text), seconds: seconds() });
        return withBody(response, text);
      }
      const body = await response.arrayBuffer();
      observe({ method, outcome: 'ok', seconds: seconds() });
      return withBody(response, body);
    } catch (error) {
      const name = (error as Error | undefined)?.name;
      observe({
        method,
        outcome: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error',
        seconds: seconds(),
      });
      throw error;
    }
  };
}

/** The last part of the URL's path (the Web API's URLs: `https://slack.com/api/chat.postMessage`). */
function methodOf(url: string | URL): string {
  const text = String(url);
  const end = text.search(/[?#]/);
  const path = end < 0 ? text : text.slice(0, end);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `ok`, or the error code in Slack's JSON answer (`error` when it names none). */
function outcomeOf(text: string): string {
  // Slack's answers start with `ok`: an ok answer needs no parse (WebClient parses it next).
  if (text.startsWith('{"ok":true,') || text === '{"ok":true}') return 'ok';
  try {
    const answer = JSON.parse(text) as { ok?: unknown; error?: unknown };
    if (answer.ok === true) return 'ok';
    return typeof answer.error === 'string' ? answer.error : 'error';
  } catch {
    return 'unreadable';
  }
}

/** The response with its body already read (as text or bytes): WebClient reads it again as it would have. */
function withBody(response: FetchResponse, body: string | ArrayBuffer): FetchResponse {
  const text = async () => (typeof body === 'string' ? body : new TextDecoder().decode(body));
  return {
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    arrayBuffer: async () => (typeof body === 'string' ? new TextEncoder().encode(body).buffer : body),
    text,
    json: async () => JSON.parse(await text()),
  };
}
