import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { webApi } from '@slack/bolt';

/** What WebClient's `fetch` resolves to. */
type FetchResponse = Awaited<ReturnType<webApi.FetchFunction>>;
type FetchInit = NonNullable<Parameters<webApi.FetchFunction>[1]>;

/**
 * A `fetch` for WebClient over node:http(s), and `close`: its idle connections close, and each
 * connection still in use closes once its answer is in (a request on its way is not cut short).
 */
export type HttpFetch = { readonly fetch: webApi.FetchFunction; close(): void };

/**
 * A `fetch` for WebClient (its `fetch` option) over node:http(s) with keep-alive connections, for
 * the requests WebClient makes to the Web API: a POST whose body is text (the form-encoded
 * arguments). Node's own `fetch` (undici's, WHATWG streams and Request/Response objects) took
 * about 1.1 ms of CPU per chat.postMessage against a local server, this about 0.55 ms, WebClient's
 * own work included: the daily fan-out's 10,000 posts are CPU-bound on that.
 *
 * On the wire the request is WebClient's: its method, URL, headers (Authorization, Content-Type,
 * User-Agent, Accept) and body, with Content-Length; not the headers Node's fetch adds on its own
 * (`accept-encoding`, `accept-language: *`, `sec-fetch-mode: cors`), so Slack answers without
 * compression (an answer compressed anyway is unpacked). The answer is read whole before the
 * promise resolves. Otherwise it behaves as WebClient expects of fetch: a failed request rejects
 * with `TypeError('fetch failed')` whose `cause` is the system error (ECONNREFUSED, …); the signal
 * (WebClient's timeout) aborts the request or the reading of its answer and rejects with the
 * signal's reason (a `TimeoutError`); a redirect, with `redirect: 'error'`, is a failed request.
 * Without a signal, Node's fetch's own limits hold: 10 s to connect, and 300 s of silence while
 * waiting for the answer or reading it (`limits`), then a failed request.
 * Anything else (a FormData body: file uploads; another redirect mode) goes to `fallback`. Idle
 * connections are kept as Node's fetch keeps them (`idleTimeout`).
 */
export function httpFetch(
  fallback: webApi.FetchFunction = globalThis.fetch as webApi.FetchFunction,
  limits: Limits = fetchLimits,
): HttpFetch {
  // The latest connection to go idle is taken first (lifo, Node's default): the others go idle for good.
  const options = { keepAlive: true, scheduling: 'lifo' } as const;
  const agents = {
    http: keptAsFetchKeeps(new http.Agent(options)),
    https: keptAsFetchKeeps(new https.Agent(options)),
  };
  // The Web API's URLs, parsed once each (a few dozen methods; a URL of another scheme: undefined).
  const targets = new Map<string, Target | undefined>();
  const targetOf = (url: string | URL): Target | undefined => {
    const key = String(url);
    if (targets.has(key)) return targets.get(key);
    const parsed = new URL(key);
    const secure = parsed.protocol === 'https:';
    const target =
      secure || parsed.protocol === 'http:'
        ? {
            href: parsed.href,
            agent: secure ? agents.https : agents.http,
            request: secure ? https.request : http.request,
            options: {
              protocol: parsed.protocol,
              hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
              port: parsed.port,
              path: `${parsed.pathname}${parsed.search}`,
            },
          }
        : undefined;
    if (targets.size >= 1_000) targets.clear();
    targets.set(key, target);
    return target;
  };
  const fetch: webApi.FetchFunction = (url, init = {}) => {
    const { body, redirect } = init;
    const ours =
      (body === undefined || typeof body === 'string') && (redirect === 'error' || redirect === 'manual');
    const target = ours ? targetOf(url) : undefined;
    return target ? send(target, init as TextInit, limits) : fallback(url, init);
  };
  return {
    fetch,
    close() {
      agents.http.close();
      agents.https.close();
    },
  };
}

/**
 * How long an idle connection is kept, as Node's fetch (undici) keeps it: 4 s, or 2 s less than the
 * server says it keeps one (`Keep-Alive: timeout=5` from a Node server: 3 s). Node's own agent
 * keeps it until 1 s before the server's time, or for ever without a timeout: a request then sent on
 * a connection the server is closing fails (ECONNRESET) where fetch's would have opened a new one.
 */
function idleTimeout(socket: Duplex): number {
  const answer = (socket as { _httpMessage?: { res?: http.IncomingMessage } })._httpMessage?.res;
  const hint = /^\s*timeout=(\d+)/i.exec(String(answer?.headers['keep-alive'] ?? ''))?.[1];
  return hint === undefined ? idleMs : Math.min(idleMs, Number(hint) * 1000 - hintMarginMs);
}
const idleMs = 4_000;
const hintMarginMs = 2_000;

/** When each idle connection's time is up (`performance.now()`), per agent. */
type IdleDeadlines = WeakMap<Duplex, number>;

/** Keeps a connection that went idle for `idleTimeout` (not at all when that is no time). */
function keepIdle(socket: Duplex, kept: boolean, deadlines: IdleDeadlines): boolean {
  const ms = idleTimeout(socket);
  if (!kept || ms <= 0) return false;
  (socket as Socket).setTimeout(ms); // the agent closes an idle connection when it times out
  deadlines.set(socket, performance.now() + ms);
  return true;
}

/**
 * Takes out of the agent's idle connections those closed or whose time is up, before it picks one
 * for a request. Their timers close them, but not while the event loop is busy, and a request that
 * comes first would go out on a connection the server may be closing; and Node's agent, taking the
 * last idle connection first, can pick one its timer closed a moment before (it skips closed ones
 * only at the front of its list), where the request fails at once ("socket hang up").
 */
function dropExpired(agent: http.Agent, deadlines: IdleDeadlines): void {
  const now = performance.now();
  const usable = (socket: Socket | undefined) =>
    socket !== undefined && !socket.destroyed && (deadlines.get(socket) ?? now) >= now;
  const free = agent.freeSockets as Record<string, Socket[] | undefined>;
  // (A loop over the keys, not `Object.entries`: this runs before every request.)
  for (const name in free) {
    const sockets = free[name];
    // The agent takes the last one (the latest to go idle): when it is usable, nothing to do.
    if (!sockets || usable(sockets[sockets.length - 1])) continue;
    const live = sockets.filter(usable);
    for (const socket of sockets) if (!live.includes(socket)) socket.destroy();
    if (live.length) sockets.splice(0, sockets.length, ...live);
    else delete free[name];
  }
}

/** Closes the agent's idle connections (`Agent.destroy` would cut the requests on their way too). */
function closeIdle(agent: http.Agent): void {
  for (const sockets of Object.values(agent.freeSockets))
    for (const socket of sockets ?? []) socket.destroy();
}

type AddRequest = (this: http.Agent, ...args: unknown[]) => void;

/**
 * `agent` (node:http's or node:https's), its idle connections kept as Node's fetch keeps them
 * (above), and `close`: the idle connections close now, the others as their answers come in.
 */
function keptAsFetchKeeps(agent: http.Agent): http.Agent & { close(): void } {
  const deadlines: IdleDeadlines = new WeakMap();
  let closed = false;
  const keepSocketAlive = agent.keepSocketAlive.bind(agent) as unknown as (socket: Duplex) => boolean;
  agent.keepSocketAlive = (socket: Duplex) => !closed && keepIdle(socket, keepSocketAlive(socket), deadlines);
  // (Node's agent has `addRequest`, its types do not.)
  const own = agent as unknown as { addRequest: AddRequest };
  const addRequest = own.addRequest;
  own.addRequest = (...args: unknown[]) => {
    dropExpired(agent, deadlines);
    addRequest.apply(agent, args);
  };
  return Object.assign(agent, {
    close() {
      closed = true;
      closeIdle(agent);
    },
  });
}

/** Where a request goes: the URL's parts as node:http takes them, and the agent for its scheme. */
type Target = {
  readonly href: string;
  readonly agent: http.Agent;
  readonly request: typeof http.request;
  readonly options: { protocol: string; hostname: string; port: string; path: string };
};

type TextInit = Omit<FetchInit, 'body'> & { body?: string };

function send(target: Target, init: TextInit, limits: Limits): Promise<FetchResponse> {
  const { signal, body } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const headers: Record<string, string> = { ...init.headers };
  if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise<FetchResponse>((resolve, reject) => {
    let done = false;
    const finish = (error: unknown, answer?: FetchResponse) => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      if (answer) resolve(answer);
      else reject(error);
    };
    // As Node's fetch: a request that fails is 'fetch failed', an answer cut short 'terminated'.
    const cut = (cause: unknown) => finish(new TypeError('terminated', { cause }));
    const options = { ...target.options, method: init.method ?? 'GET', headers, agent: target.agent };
    let answering: http.IncomingMessage | undefined;
    const req = target.request(options, (res) => {
      answering = res;
      const status = res.statusCode ?? 0;
      if (init.redirect === 'error' && redirects.has(status) && res.headers.location) {
        res.resume();
        finish(new TypeError('fetch failed', { cause: new Error('unexpected redirect') }));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', cut);
      res.on('close', () => {
        if (!res.complete) cut(new Error('other side closed'));
      });
      res.on('end', () => {
        try {
          const bytes = decoded(
            chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks),
            res.headers,
          );
          finish(undefined, new Answer(target.href, status, res.statusMessage ?? '', res.headers, bytes));
        } catch (error) {
          cut(error);
        }
      });
    });
    const onAbort = () => {
      finish(signal?.reason);
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // Before the answer began, a failed request; after, an answer cut short.
    req.on('error', (cause) => (answering ? cut(cause) : finish(new TypeError('fetch failed', { cause }))));
    // Node's fetch's limits: a connection not made in 10 s, or an answer silent for 300 s, fails.
    req.setTimeout(limits.silenceMs, () =>
      req.destroy(new Error(`the answer was silent for ${limits.silenceMs / 1000} s`)),
    );
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => req.destroy(new Error(`could not connect within ${limits.connectMs / 1000} s`)),
        limits.connectMs,
      );
      timer.unref();
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    // A text body goes out in one write with the request's head.
    req.end(body);
  });
}

const redirects = new Set([301, 302, 303, 307, 308]);

/** How long a request may take to connect, and its answer stay silent, before it fails. */
type Limits = { readonly connectMs: number; readonly silenceMs: number };
/** Node's fetch (undici) gives up connecting after 10 s, and waiting for headers or body after 300 s. */
const fetchLimits: Limits = { connectMs: 10_000, silenceMs: 300_000 };

/** The answer's bytes, unpacked when it came compressed (not asked for, so not expected). */
function decoded(bytes: Buffer, headers: http.IncomingHttpHeaders): Buffer {
  switch (headers['content-encoding']?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return bytes;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(bytes);
    case 'deflate':
      return inflateSync(bytes);
    case 'br':
      return brotliDecompressSync(bytes);
    default:
      throw new Error(`unknown content-encoding ${headers['content-encoding']}`);
  }
}

/** The answer's headers, as fetch's `Headers` gives them to WebClient (names in lower case). */
class AnswerHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}
  get(name: string): string | null {
    return joined(this.raw[name.toLowerCase()]) ?? null;
  }
  entries(): Array<[string, string]> {
    return Object.entries(this.raw).flatMap(([name, value]): Array<[string, string]> => {
      const text = joined(value);
      return text === undefined ? [] : [[name, text]];
    });
  }
}

const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/** A whole answer, read: what WebClient (and observedFetch) read of a fetch `Response`. */
class Answer implements FetchResponse {
  readonly ok: boolean;
  readonly headers: AnswerHeaders;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    headers: http.IncomingHttpHeaders,
    private readonly bytes: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new AnswerHeaders(headers);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const { bytes } = this;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  async text(): Promise<string> {
    return this.bytes.toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.bytes.toString('utf8'));
  }
}
