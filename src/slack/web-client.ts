import { type Logger, webApi } from '@slack/bolt';

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
}): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    logger: options.logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 7_000,
  });
}

/**
 * A Web API client per workspace, made from its bot token (the one token in single-workspace mode,
 * the installation's with OAuth) and kept while the token stays the same.
 */
export function clientsPerTeam(options: {
  tokenFor: (teamId: string) => string | undefined;
  make: (token: string) => webApi.WebClient;
}): (teamId: string) => webApi.WebClient {
  const clients = new Map<string, webApi.WebClient>();
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

function methodOf(url: string | URL): string {
  const path = new URL(String(url)).pathname;
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
