import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manifestBotEvents, manifestBotScopes } from './manifest-schema/index.js';
import { messageErrors, viewErrors } from './slack-contract/block-kit.js';
import { type ConversationSetup, createConversations } from './slack-contract/conversations.js';
import { undeliverable } from './slack-contract/events.js';
import { createResponseUrls, createTriggers } from './slack-contract/interactivity.js';
import { methodScopes, missingScope } from './slack-contract/scopes.js';

/**
 * A loopback stand-in for Slack: the Web API under /api/<method> (what SLACK_API_URL points at) and
 * response_url endpoints under /hooks/<id>. It records every call so tests can assert what reached
 * "Slack", and answers as Slack does: a payload that breaks one of Slack's rules is refused with
 * Slack's error code and HTTP status before anything a test scripted (Block Kit and message size,
 * the scopes manifest.yml grants, conversations and membership, conversations.history's limits for
 * apps outside the Marketplace, trigger_id and response_url lifetimes, revoked tokens). What it
 * refuses is kept in `refusals`, so a test can say which refusal it expected.
 */

/** conversations.history for apps outside the Marketplace (Slack changelog 2025-05-29): 1 a minute, 15 a page. */
const historyLimits = { perMinute: 1, pageSize: 15 } as const;

type ApiCall = {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  /** How the arguments came: a form (WebClient's way) or a JSON body. */
  body?: 'form' | 'json';
};
type HookCall = { id: string; body: Record<string, unknown> };
type Scripted = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };
type Refusal = { method: string; error: string; details: string[] };
type StoredMessage = {
  ts: string;
  text: unknown;
  blocks?: unknown;
  metadata?: unknown;
  thread_ts?: unknown;
  bot_id?: string;
  /** The person who wrote it (messages the test writes as people: mentions). */
  user?: string;
};
type Handler = (args: Record<string, unknown>, call: ApiCall) => Scripted | Record<string, unknown>;

export type SlackStandIn = {
  readonly apiUrl: string;
  readonly calls: ApiCall[];
  readonly hooks: HookCall[];
  /** Every call the contract refused as Slack would, with why. */
  readonly refusals: Refusal[];
  /**
   * The refusals since the last take, and forgets them. Each end-to-end file checks after every
   * test that nothing was refused that the test did not expect (and take) itself.
   */
  takeRefusals(): Refusal[];
  /** A response_url the stand-in accepts and records (5 posts within 30 minutes from now). */
  responseUrl(id: string): string;
  /** Answers `method` with `handler` from now on (until reset). */
  on(method: string, handler: Handler): void;
  /** Declares a conversation: a private channel the bot was invited to, an archived one, a group DM, … */
  conversation(id: string, setup: ConversationSetup): void;
  /** The bot is removed from a channel (it no longer reads it, and cannot post in a private one). */
  removeBot(channel: string): void;
  /**
   * The bot is added to a public or private channel: invited by `inviter`, or joining by itself
   * (no inviter). It becomes a member, and the result is the `member_joined_channel` event Slack
   * sends the app (to wrap in an event callback), about the bot user `botUserId` (default UBOT, as
   * auth.test says). Throws when Slack would send none (events.ts).
   */
  botJoins(
    channel: string,
    options?: { inviter?: string; token?: string; botUserId?: string },
  ): Record<string, unknown>;
  /**
   * A person writes a message mentioning the bot in `channel` (in the thread `threadTs`): Slack
   * keeps it and sends the app the returned `app_mention` event. Throws when Slack would send
   * none: the bot is not in the channel, or the app lacks the subscription or its scope.
   */
  mention(
    channel: string,
    options: { user: string; text?: string; threadTs?: string; token?: string },
  ): Record<string, unknown>;
  /** Every call with `token` answers `error` from now on (token_revoked, invalid_auth, account_inactive). */
  revokeToken(token: string, error?: string): void;
  /** The token works again (the account was reactivated, or the same token reissued). */
  restoreToken(token: string): void;
  /** The workspace of a token and the scopes it was granted (default: T1, the manifest's bot scopes). */
  grant(token: string, grant: { teamId: string; scopes?: readonly string[] }): void;
  /** Lets conversations.history be called again now (as if a minute had passed). */
  resetHistoryLimit(): void;
  /** Makes chat.postMessage to `channel` fail with `error` (channel_not_found, not_in_channel, …). */
  failChannel(channel: string, error: string): void;
  /** Makes the response_url `id` answer with this HTTP status (an expired one answers 404). */
  failHook(id: string, status?: number): void;
  /**
   * The next `times` calls of `method` are done (a post lands in its channel) but their replies are
   * lost: HTTP 500, as when Slack processed a request and failed before answering.
   */
  loseReplies(method: string, times?: number): void;
  /** Answers the next call of `method` once with `response`, then as before. */
  once(method: string, response: Scripted): void;
  /**
   * Calls of `method` from now on are recorded but not answered until the returned `release` is
   * called (a Slack that hangs); then they are answered as usual.
   */
  hold(method: string): () => void;
  callsOf(method: string): ApiCall[];
  /** Messages Slack accepted in a channel (top level and replies), oldest first. */
  messagesIn(channel: string): StoredMessage[];
  /** The content of a file uploaded with files.uploadV2, by file name. */
  upload(filename: string): string | undefined;
  /**
   * A person sends a file in their DM with the app (its Messages tab): Slack keeps it and sends the
   * app the returned `message` event (subtype file_share, channel_type im), whose file's
   * url_private_download the stand-in serves to a token granted files:read (Slack's "Working with
   * files": a Bearer token in the Authorization header). Throws when Slack would send no event
   * (the app lacks message.im or im:history).
   */
  shareFileInDm(
    user: string,
    file: { name: string; content: string; token?: string },
  ): Record<string, unknown>;
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

/**
 * The methods the app may call with a JSON body: write methods, which Slack reads JSON for
 * (docs.slack.dev/apis/web-api, "JSON-encoded bodies"); read methods take form fields or a query.
 */
const jsonBodyMethods = new Set([
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'chat.delete',
  'views.open',
  'views.push',
  'views.update',
  'views.publish',
]);

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

/**
 * `now` is Slack's clock: the ts of the messages it takes and conversations.history's rate limit
 * (a test with a simulated clock passes its own). Trigger ids and response_urls keep real time, as
 * requests are signed with it. `latencyMs`: every Web API call is answered this long after it
 * arrives (the benchmarks' Slack that answers in 100 ms; default 0): its arguments are checked on
 * arrival, and it is answered once `latencyMs` has passed since then, whatever the checks (or a
 * `hold` on its method) took
 * (checked after the wait, each answer came its own checks' time late, and answers due in the same
 * millisecond queued behind each other's checks). `answered`, with `latencyMs`: told of each Web API
 * call's time from its arrival to its answer written (ms), so a benchmark can tell Slack's part of a
 * call's time from the caller's.
 */
export async function startSlackStandIn(
  options: { now?: () => number; latencyMs?: number; answered?: (method: string, ms: number) => void } = {},
): Promise<SlackStandIn> {
  const clock = options.now ?? Date.now;
  const calls: ApiCall[] = [];
  const hooks: HookCall[] = [];
  const refusals: Refusal[] = [];
  const handlers = new Map<string, Handler>();
  const scripted = new Map<string, Scripted[]>();
  const waiters: Array<() => void> = [];
  const failingHooks = new Map<string, number>();
  const failingChannels = new Map<string, string>();
  const losing = new Map<string, number>();
  /** Files uploaded through files.uploadV2: name → content. */
  const uploads = new Map<string, string>();
  /** Files people shared with the app: download path → content. */
  const sharedFiles = new Map<string, string>();
  let files = 0;
  let base = '';
  const conversations = createConversations();
  const triggers = createTriggers();
  const responseUrls = createResponseUrls();
  const manifestScopes = manifestBotScopes();
  const grants = new Map<string, { teamId: string; scopes: ReadonlySet<string> }>();
  const revoked = new Map<string, string>();
  /** When each workspace last called conversations.history (its one call a minute). */
  const historyCalls = new Map<string, number>();
  /** Messages "in" each conversation, for conversations.history and chat.update. */
  const channels = new Map<string, StoredMessage[]>();
  /** Message timestamps as Slack makes them: seconds.microseconds, unique and increasing. */
  let micros = 0;
  const nextTs = () => {
    // Unique and increasing, unless the test's clock jumped back (a new test): then from there.
    const at = Math.floor(clock() * 1000);
    micros = at > micros || micros - at > 1e6 ? at : micros + 1;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };
  const grantOf = (token: string | undefined) =>
    (token && grants.get(token)) || { teamId: 'T1', scopes: new Set(manifestScopes) };
  const subscribedEvents = manifestBotEvents();
  /** Throws when Slack would not send the app this event (a test asking for one is wrong). */
  const deliverable = (
    subscription: string,
    token: string | undefined,
    conversation: { type: Parameters<typeof undeliverable>[0]['conversation']; botMember: boolean },
  ) => {
    const why = undeliverable({
      subscription,
      subscribed: subscribedEvents,
      granted: grantOf(token).scopes,
      conversation: conversation.type,
      botMember: conversation.botMember,
    });
    if (why) throw new Error(`Slack would send no such event: ${why}`);
  };

  const defaults: Record<string, Handler> = {
    'auth.test': (_args, call) => ({
      ok: true,
      user_id: 'UBOT',
      bot_id: 'BBOT',
      team_id: grantOf(call.token).teamId,
      user: 'star-partner',
      url: 'https://example.slack.com/',
    }),
    'chat.postMessage': (args) => {
      const refused = failingChannels.get(String(args.channel));
      if (refused) return { ok: false, error: refused };
      const id = nextTs();
      // A post to a user id lands in the app's DM with them.
      const channel = conversations.postTarget(String(args.channel), true);
      const where = channel.ok ? channel.conversation.id : String(args.channel);
      const stored: StoredMessage = {
        ts: id,
        text: args.text,
        blocks: args.blocks,
        metadata: args.metadata,
        thread_ts: args.thread_ts,
        bot_id: 'BBOT',
      };
      channels.set(where, [...(channels.get(where) ?? []), stored]);
      return { ok: true, channel: where, ts: id, message: { text: args.text, ts: id } };
    },
    'chat.update': (args) => {
      const stored = channels.get(String(args.channel))?.find((m) => m.ts === args.ts);
      if (!stored) return { ok: false, error: 'message_not_found' };
      if (stored.bot_id !== 'BBOT') return { ok: false, error: 'cant_update_message' };
      Object.assign(stored, { text: args.text, blocks: args.blocks });
      return { ok: true, channel: args.channel, ts: args.ts };
    },
    'conversations.history': (args) => {
      const oldest = Number(args.oldest ?? 0);
      const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
      const inclusive = args.inclusive === true || args.inclusive === 'true';
      const inRange = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
      const all = (channels.get(String(args.channel)) ?? [])
        .filter((m) => inRange(Number(m.ts)) && m.thread_ts === undefined)
        .map((m) => (args.include_all_metadata ? m : { ts: m.ts, text: m.text, bot_id: m.bot_id }))
        .reverse();
      const limit = Math.min(Number(args.limit ?? 100) || 100, historyLimits.pageSize);
      const messages = all.slice(0, limit);
      const hasMore = all.length > limit;
      return {
        ok: true,
        messages,
        has_more: hasMore,
        ...(hasMore ? { response_metadata: { next_cursor: `after:${messages.at(-1)?.ts}` } } : {}),
      };
    },
    'chat.postEphemeral': () => ({ ok: true, message_ts: nextTs() }),
    'views.open': (args) => ({ ok: true, view: { id: 'V1', ...(args.view as object) } }),
    'views.update': (args) => ({ ok: true, view: { id: args.view_id ?? 'V1', ...(args.view as object) } }),
    'views.push': (args) => ({ ok: true, view: { id: 'V2', ...(args.view as object) } }),
    'users.info': (args) => ({ ok: true, user: { id: args.user, name: 'tester', tz: 'Europe/Berlin' } }),
    'conversations.info': (args) => {
      const found = conversations.conversation(String(args.channel));
      return found.ok ? { ok: true, channel: conversations.info(found.conversation) } : found;
    },
    'conversations.join': (args) => {
      const joined = conversations.join(String(args.channel));
      return joined.ok ? { ok: true, channel: conversations.info(joined.conversation) } : joined;
    },
    // One user: the app's DM with them; 2 to 8: a group DM of them and the bot (docs.slack.dev/reference/
    // methods/conversations.open: "not_enough_users", "too_many_users: Needs at most 8 users").
    'conversations.open': (args) => {
      const users = String(args.users ?? '')
        .split(',')
        .filter(Boolean);
      if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
      if (users.length > 8) return { ok: false, error: 'too_many_users' };
      if (users.length === 1)
        return { ok: true, channel: { id: conversations.appDm(users[0] as string).id } };
      return { ok: true, channel: { id: conversations.groupDm(users).id } };
    },
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
    'oauth.v2.access': () => ({ ok: false, error: 'invalid_code' }),
  };

  /**
   * The rules Slack applies before it does anything: a refusal (status and body) or undefined.
   * Scripted answers come after these, as Slack would never have reached them.
   */
  const contract = (method: string, args: Record<string, unknown>, call: ApiCall): Scripted | undefined => {
    const refuse = (
      error: string,
      details: string[] = [],
      status = 200,
      headers?: Record<string, string>,
    ) => {
      refusals.push({ method, error, details });
      return {
        status,
        ...(headers ? { headers } : {}),
        body: {
          ok: false,
          error,
          ...(details.length ? { response_metadata: { messages: details.map((d) => `[ERROR] ${d}`) } } : {}),
        },
      };
    };
    if (!(method in methodScopes)) return refuse('unknown_method');
    // Slack reads a JSON body only for its write methods, and only with the token in the
    // Authorization header (docs.slack.dev/apis/web-api, "JSON-encoded bodies"); a read method
    // sees no arguments in one.
    if (call.body === 'json' && !jsonBodyMethods.has(method))
      return refuse('invalid_arguments', [`${method} does not read a JSON body`]);
    if (method === 'oauth.v2.access') return undefined;
    if (method !== 'apps.connections.open') {
      if (!call.token) return refuse('not_authed');
      const revocation = revoked.get(call.token);
      if (revocation) return refuse(revocation);
    }
    const grant = grantOf(call.token);
    const channelArg = typeof args.channel === 'string' ? args.channel : undefined;
    const scope = missingScope(
      method,
      grant.scopes,
      channelArg ? conversations.typeOf(channelArg) : undefined,
    );
    if (scope) return refuse('missing_scope', [`needed: ${scope}`]);

    switch (method) {
      case 'chat.postMessage':
      case 'chat.postEphemeral':
      case 'chat.update': {
        if (!channelArg) return refuse('channel_not_found');
        if (method === 'chat.postEphemeral' && typeof args.user !== 'string') return refuse('user_not_found');
        const target =
          method === 'chat.update'
            ? conversations.conversation(channelArg)
            : conversations.postTarget(channelArg, grant.scopes.has('chat:write.public'));
        if (!target.ok) return refuse(target.error);
        if (method === 'chat.postEphemeral' && !target.conversation.botMember)
          return refuse('channel_not_found');
        const problem = messageErrors({ text: args.text, blocks: args.blocks }, 'chat');
        if (problem) return refuse(problem.error, problem.details);
        return undefined;
      }
      case 'conversations.open': {
        const many =
          String(args.users ?? '')
            .split(',')
            .filter(Boolean).length > 1;
        if (many && !grant.scopes.has('mpim:write')) return refuse('missing_scope', ['needed: mpim:write']);
        if (!many && !grant.scopes.has('im:write')) return refuse('missing_scope', ['needed: im:write']);
        return undefined;
      }
      case 'views.open':
      case 'views.push': {
        const triggerError = triggers.exchange(args.trigger_id);
        if (triggerError) return refuse(triggerError);
        const problems = viewErrors(args.view);
        return problems.length ? refuse('invalid_arguments', problems) : undefined;
      }
      case 'views.update':
      case 'views.publish': {
        if (method === 'views.publish' && typeof args.user_id !== 'string')
          return refuse('invalid_arguments');
        // views.update: "Either view_id or external_id is required" (docs.slack.dev/reference/methods/views.update).
        if (
          method === 'views.update' &&
          typeof args.view_id !== 'string' &&
          typeof args.external_id !== 'string'
        )
          return refuse('invalid_arguments', ['views.update needs view_id or external_id']);
        const problems = viewErrors(args.view);
        return problems.length ? refuse('invalid_arguments', problems) : undefined;
      }
      case 'conversations.history': {
        // It takes a conversation id, never a user id; and the bot reads only where it is a member.
        const found = conversations.conversation(channelArg ?? '');
        if (!found.ok) return refuse(found.error);
        if (!found.conversation.botMember) return refuse('not_in_channel');
        const last = historyCalls.get(grant.teamId);
        const now = clock();
        if (last !== undefined && now >= last && now - last < 60_000 / historyLimits.perMinute) {
          const wait = Math.ceil((60_000 - (now - last)) / 1000);
          return refuse('ratelimited', [], 429, { 'retry-after': String(wait) });
        }
        historyCalls.set(grant.teamId, now);
        return undefined;
      }
      case 'conversations.info':
      case 'conversations.join':
        return channelArg ? undefined : refuse('channel_not_found');
      case 'users.info':
        return typeof args.user === 'string' ? undefined : refuse('user_not_found');
      default:
        return undefined;
    }
  };

  /** Methods whose calls wait for a release (`hold`). */
  const held = new Map<string, { promise: Promise<void>; release: () => void }>();
  const releaseAll = () => {
    for (const hold of held.values()) hold.release();
    held.clear();
  };

  const notify = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };

  const send = (res: ServerResponse, response: Scripted) => {
    res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
    res.end(JSON.stringify(response.body));
  };

  const server: Server = createServer(async (req, res) => {
    const arrivedAt = performance.now();
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
    if (url.pathname.startsWith('/files-pri/')) {
      const content = sharedFiles.get(url.pathname);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      const refuse = (error: string, status: number) => {
        refusals.push({ method: `download ${url.pathname}`, error, details: [] });
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      };
      // Without a token Slack answers with its sign-in page; a token needs files:read.
      if (!token || revoked.has(token)) return refuse('not_authed', 200);
      if (!grantOf(token).scopes.has('files:read')) return refuse('missing_scope', 403);
      if (content === undefined) return refuse('file_not_found', 404);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(content);
      return;
    }
    if (url.pathname.startsWith('/hooks/')) {
      const id = url.pathname.slice('/hooks/'.length);
      const status = failingHooks.get(id);
      if (status) {
        send(res, { status, body: { ok: false, error: 'expired_url' } });
        return;
      }
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const spent = responseUrls.use(id);
      if (spent) {
        refusals.push({ method: `response_url ${id}`, error: spent, details: [] });
        send(res, { status: 404, body: { ok: false, error: spent } });
        return;
      }
      // A message that breaks Block Kit's rules is refused with HTTP 400 (Bolt's respond() throws).
      const problem = body.delete_original ? undefined : messageErrors(body, 'response_url');
      if (problem) {
        refusals.push({ method: `response_url ${id}`, error: problem.error, details: problem.details });
        send(res, { status: 400, body: { ok: false, error: problem.error } });
        return;
      }
      hooks.push({ id, body });
      notify();
      send(res, { body: { ok: true } });
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const auth = req.headers.authorization;
    const contentType = req.headers['content-type'];
    const json = contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
    const args = parseArgs(raw, contentType);
    const call: ApiCall = {
      method,
      args,
      // Slack takes the token from the Authorization header, or from a form's `token` field; never
      // from a JSON body.
      token: auth?.startsWith('Bearer ')
        ? auth.slice(7)
        : !json && typeof args.token === 'string'
          ? args.token
          : undefined,
      ...(json ? { body: 'json' as const } : {}),
    };
    calls.push(call);
    notify();
    await held.get(method)?.promise;
    const refused = contract(method, call.args, call);
    if (options.latencyMs) {
      const { answered } = options;
      if (answered) res.once('finish', () => answered(method, performance.now() - arrivedAt));
      const left = options.latencyMs - (performance.now() - arrivedAt);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
    if (refused) return send(res, refused);
    // A JSON body without its charset is read, with a warning (Slack's `missing_charset`).
    const warning = json && !/charset=utf-8/i.test(contentType ?? '') ? 'missing_charset' : undefined;
    const queued = scripted.get(method)?.shift();
    if (queued) return send(res, queued);
    const handler = handlers.get(method) ?? defaults[method] ?? (() => ({ ok: true }));
    const answer = handler(call.args, call);
    const response =
      'body' in answer && typeof answer.body === 'object' ? (answer as Scripted) : { body: answer };
    const lose = losing.get(method) ?? 0;
    if (lose > 0) {
      losing.set(method, lose - 1);
      return send(res, { status: 500, body: { ok: false, error: 'internal_error' } });
    }
    // Tokens Slack hands out through OAuth belong to the workspace they were issued for.
    const issued = response.body as { ok?: unknown; access_token?: unknown; team?: { id?: unknown } | null };
    if (method === 'oauth.v2.access' && issued.ok === true && typeof issued.access_token === 'string') {
      const teamId = typeof issued.team?.id === 'string' ? issued.team.id : 'T1';
      if (!grants.has(issued.access_token))
        grants.set(issued.access_token, { teamId, scopes: new Set(manifestScopes) });
    }
    send(
      res,
      warning
        ? { ...response, body: { ...response.body, warning, response_metadata: { warnings: [warning] } } }
        : response,
    );
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
    refusals,
    takeRefusals: () => refusals.splice(0),
    responseUrl: (id) => {
      responseUrls.issue(id);
      return `${base}/hooks/${id}`;
    },
    on: (method, handler) => handlers.set(method, handler),
    conversation: (id, setup) => {
      conversations.declare(id, setup);
    },
    removeBot: (channel) => conversations.leave(channel),
    botJoins: (channel, options = {}) => {
      const found = conversations.declare(channel, {});
      if (found.type === 'im') throw new Error(`${channel}: a bot is never added to a DM between people`);
      found.botMember = true;
      deliverable('member_joined_channel', options.token, found);
      const teamId = grantOf(options.token).teamId;
      return {
        type: 'member_joined_channel',
        user: options.botUserId ?? 'UBOT',
        channel,
        channel_type: found.type === 'public' ? 'C' : 'G',
        team: teamId,
        ...(options.inviter ? { inviter: options.inviter } : {}),
        event_ts: nextTs(),
      };
    },
    mention: (channel, options) => {
      const found = conversations.declare(channel, {});
      deliverable('app_mention', options.token, found);
      const ts = nextTs();
      const text = `<@UBOT> ${options.text ?? 'hi'}`;
      const stored: StoredMessage = {
        ts,
        text,
        user: options.user,
        ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      };
      channels.set(channel, [...(channels.get(channel) ?? []), stored]);
      return {
        type: 'app_mention',
        user: options.user,
        text,
        ts,
        channel,
        event_ts: ts,
        ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      };
    },
    revokeToken: (token, error = 'token_revoked') => revoked.set(token, error),
    restoreToken: (token) => revoked.delete(token),
    loseReplies: (method, times = 1) => losing.set(method, (losing.get(method) ?? 0) + times),
    grant: (token, grant) =>
      grants.set(token, { teamId: grant.teamId, scopes: new Set(grant.scopes ?? manifestScopes) }),
    resetHistoryLimit: () => historyCalls.clear(),
    failHook: (id, status = 404) => failingHooks.set(id, status),
    failChannel: (channel, error) => failingChannels.set(channel, error),
    once: (method, response) => scripted.set(method, [...(scripted.get(method) ?? []), response]),
    hold: (method) => {
      let release = () => {};
      const promise = new Promise<void>((resolve) => {
        release = resolve;
      });
      const hold = { promise, release };
      held.set(method, hold);
      return () => {
        if (held.get(method) === hold) held.delete(method);
        hold.release();
      };
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    messagesIn: (channel) => {
      const target = conversations.postTarget(channel, true);
      return [...(channels.get(target.ok ? target.conversation.id : channel) ?? [])];
    },
    upload: (filename) => uploads.get(filename),
    shareFileInDm: (user, file) => {
      const dm = conversations.appDm(user);
      deliverable('message.im', file.token, { type: 'im', botMember: true });
      const id = `F${++files}`;
      const teamId = grantOf(file.token).teamId;
      const path = `/files-pri/${teamId}-${id}/download/${encodeURIComponent(file.name)}`;
      sharedFiles.set(path, file.content);
      const ts = nextTs();
      const stored: StoredMessage = { ts, text: '', user };
      channels.set(dm.id, [...(channels.get(dm.id) ?? []), stored]);
      return {
        type: 'message',
        subtype: 'file_share',
        text: '',
        user,
        upload: true,
        display_as_bot: false,
        files: [
          {
            id,
            name: file.name,
            title: file.name,
            mimetype: 'text/markdown',
            filetype: 'markdown',
            size: Buffer.byteLength(file.content),
            user,
            url_private: `${base}${path.replace('/download', '')}`,
            url_private_download: `${base}${path}`,
          },
        ],
        ts,
        channel: dm.id,
        event_ts: ts,
        channel_type: 'im',
      };
    },
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
      releaseAll();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
