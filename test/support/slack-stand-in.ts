import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for Slack: the Web API under /api/<method> (what SLACK_API_URL points at) and
 * response_url endpoints under /hooks/<id>. It records every call so tests can assert what reached
 * "Slack", and answers like Slack does, or with whatever a test scripts (errors, 429s).
 */

export type ApiCall = { method: string; args: Record<string, unknown>; token: string | undefined };
export type HookCall = { id: string; body: Record<string, unknown> };
export type Scripted = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };
type Handler = (args: Record<string, unknown>, call: ApiCall) => Scripted | Record<string, unknown>;

export type SlackStandIn = {
  readonly apiUrl: string;
  readonly calls: ApiCall[];
  readonly hooks: HookCall[];
  /** A response_url the stand-in accepts and records. */
  responseUrl(id: string): string;
  /** Answers `method` with `handler` from now on (until reset). */
  on(method: string, handler: Handler): void;
  /** Makes chat.postMessage to `channel` fail with `error` (channel_not_found, not_in_channel, …). */
  failChannel(channel: string, error: string): void;
  /** Makes the response_url `id` answer with this HTTP status (an expired one answers 404). */
  failHook(id: string, status?: number): void;
  /** Answers the next call of `method` once with `response`, then as before. */
  once(method: string, response: Scripted): void;
  callsOf(method: string): ApiCall[];
  /** Messages Slack accepted in a channel (top level and replies), oldest first. */
  messagesIn(channel: string): Array<{ ts: string; text: unknown; metadata?: unknown; thread_ts?: unknown }>;
  /** The content of a file uploaded with files.uploadV2, by file name. */
  upload(filename: string): string | undefined;
  hooksOf(id: string): HookCall[];
  /** Waits until `count` calls of `method` (or hooks of `hook:<id>`) arrived. */
  waitFor(key: string, count?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The file in an upload: the body itself, or the first part of a multipart/form-data body. */
function fileContent(raw: string, contentType: string | undefined): string {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return raw;
  const part = raw.split(`--${marker}`).find((p) => p.includes('\r\n\r\n') && !p.startsWith('--'));
  if (!part) return raw;
  return part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '');
}

/** The Web API client sends form fields, with objects as JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const trimmed = value.trim();
    if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
      try {
        args[key] = JSON.parse(trimmed);
        continue;
      } catch {
        // keep the string
      }
    }
    args[key] = value;
  }
  return args;
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: ApiCall[] = [];
  const hooks: HookCall[] = [];
  const handlers = new Map<string, Handler>();
  const scripted = new Map<string, Scripted[]>();
  const waiters: Array<() => void> = [];
  const failingHooks = new Map<string, number>();
  const failingChannels = new Map<string, string>();
  /** Files uploaded through files.uploadV2: name → content. */
  const uploads = new Map<string, string>();
  let files = 0;
  let base = '';
  /** Messages "in" each channel, for conversations.history. */
  const channels = new Map<
    string,
    Array<{ ts: string; text: unknown; metadata?: unknown; thread_ts?: unknown }>
  >();
  /** Message timestamps as Slack makes them: seconds.microseconds, unique and increasing. */
  let micros = 0;
  const nextTs = () => {
    micros = Math.max(micros + 1, Date.now() * 1000);
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };

  const defaults: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true,
      user_id: 'UBOT',
      bot_id: 'BBOT',
      team_id: 'T1',
      user: 'star-partner',
      url: 'https://example.slack.com/',
    }),
    'chat.postMessage': (args) => {
      const refused = failingChannels.get(String(args.channel));
      if (refused) return { ok: false, error: refused };
      const id = nextTs();
      const channel = String(args.channel);
      const stored = { ts: id, text: args.text, metadata: args.metadata, thread_ts: args.thread_ts };
      channels.set(channel, [...(channels.get(channel) ?? []), stored]);
      return { ok: true, channel: args.channel, ts: id, message: { text: args.text, ts: id } };
    },
    'conversations.history': (args) => {
      const oldest = Number(args.oldest ?? 0);
      const messages = (channels.get(String(args.channel)) ?? [])
        .filter((m) => Number(m.ts) >= oldest && m.thread_ts === undefined)
        .map((m) => (args.include_all_metadata ? m : { ts: m.ts, text: m.text }))
        .reverse();
      return { ok: true, messages, has_more: false };
    },
    'chat.postEphemeral': () => ({ ok: true, message_ts: `${Date.now() / 1000}` }),
    'views.open': (args) => ({ ok: true, view: { id: 'V1', ...(args.view as object) } }),
    'users.info': (args) => ({ ok: true, user: { id: args.user, name: 'tester', tz: 'Europe/Berlin' } }),
    'conversations.info': (args) => ({
      ok: true,
      channel: { id: args.channel, is_member: true, is_private: false },
    }),
    'conversations.join': (args) => ({ ok: true, channel: { id: args.channel } }),
    'conversations.open': (args) => ({ ok: true, channel: { id: `D${String(args.users)}` } }),
    'files.getUploadURLExternal': (args) => ({
      ok: true,
      upload_url: `${base}/upload/${encodeURIComponent(String(args.filename))}`,
      file_id: `F${++files}`,
    }),
    'files.completeUploadExternal': (args) => ({ ok: true, files: args.files }),
    'views.publish': (args) => ({ ok: true, view: args.view }),
    'chat.getPermalink': (args) => ({
      ok: true,
      permalink: `https://example.slack.com/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}`,
    }),
  };

  const notify = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };

  const send = (res: ServerResponse, response: Scripted) => {
    res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
    res.end(JSON.stringify(response.body));
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/upload/')) {
      uploads.set(
        decodeURIComponent(url.pathname.slice('/upload/'.length)),
        fileContent(raw, req.headers['content-type']),
      );
      send(res, { body: { ok: true } });
      return;
    }
    if (url.pathname.startsWith('/hooks/')) {
      const id = url.pathname.slice('/hooks/'.length);
      const status = failingHooks.get(id);
      if (status) {
        send(res, { status, body: { ok: false, error: 'expired_url' } });
        return;
      }
      hooks.push({ id, body: raw ? JSON.parse(raw) : {} });
      notify();
      send(res, { body: { ok: true } });
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const auth = req.headers.authorization;
    const call: ApiCall = {
      method,
      args: parseArgs(raw, req.headers['content-type']),
      token: auth?.startsWith('Bearer ') ? auth.slice(7) : undefined,
    };
    calls.push(call);
    notify();
    const queued = scripted.get(method)?.shift();
    if (queued) return send(res, queued);
    const handler = handlers.get(method) ?? defaults[method] ?? (() => ({ ok: true }));
    const answer = handler(call.args, call);
    send(res, 'body' in answer && typeof answer.body === 'object' ? (answer as Scripted) : { body: answer });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const count = (key: string) =>
    key.startsWith('hook:')
      ? hooks.filter((h) => h.id === key.slice(5)).length
      : calls.filter((c) => c.method === key).length;

  return {
    apiUrl: `${base}/api/`,
    calls,
    hooks,
    responseUrl: (id) => `${base}/hooks/${id}`,
    on: (method, handler) => handlers.set(method, handler),
    failHook: (id, status = 404) => failingHooks.set(id, status),
    failChannel: (channel, error) => failingChannels.set(channel, error),
    once: (method, response) => scripted.set(method, [...(scripted.get(method) ?? []), response]),
    callsOf: (method) => calls.filter((c) => c.method === method),
    messagesIn: (channel) => [...(channels.get(channel) ?? [])],
    upload: (filename) => uploads.get(filename),
    hooksOf: (id) => hooks.filter((h) => h.id === id),
    waitFor: async (key, n = 1, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (count(key) < n) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`stand-in: waited ${timeoutMs} ms for ${n} × ${key}, saw ${count(key)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
