import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { defaultBodyLimit, HTTPModuleFunctions, type Logger } from '@slack/bolt';

/** Slack signs with the time of sending; Bolt refuses older than this, we refuse newer too. */
const signatureWindowMs = 5 * 60_000;

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/**
 * Whether a form body may have a `payload` field: one of its names is `payload`, or is
 * percent-encoded (`p%61yload` is one too), read as `URLSearchParams` reads them (a leading `?`
 * dropped). Looks at the names only, decoding nothing: a slash
 * command's values (its response_url, its text) are left to Bolt, which decodes them once.
 */
function mayHavePayload(raw: string): boolean {
  for (const field of (raw.startsWith('?') ? raw.slice(1) : raw).split('&')) {
    const end = field.indexOf('=');
    const name = end === -1 ? field : field.slice(0, end);
    if (name === 'payload' || name.includes('%')) return true;
  }
  return false;
}

/**
 * A form body's `payload`, or the JSON body: an object, as every Slack request body is. Read as
 * Bolt's receiver reads it: a form only when its type is exactly the form's, anything else (any
 * other type, a charset, none) as JSON. JSON that opens with `{` is an object or does not parse at
 * all, which Bolt answers 400 by itself: so the text is not parsed here (Bolt parses it once).
 */
function isObjectBody(raw: string, contentType: string | undefined): boolean {
  const asObject = (text: string) => text.trimStart().startsWith('{');
  if (contentType !== 'application/x-www-form-urlencoded') return asObject(raw);
  if (!mayHavePayload(raw)) return true; // a slash command: nothing here to decode
  const payload = new URLSearchParams(raw).get('payload');
  return payload === null || asObject(payload);
}

/**
 * Slack's signature of a request (`v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<body>` with the
 * signing secret), checked as Bolt checks it: no more than five minutes old, compared in constant
 * time. (Bolt's own helper compares with a fresh random key for each request, which cost more than
 * the rest of the guard; its receiver still checks every request that gets past this one.)
 */
function signedBySlack(
  secret: string,
  signature: unknown,
  timestamp: number,
  body: string,
  at: number,
): signature is string {
  if (typeof signature !== 'string' || !signature.startsWith('v0=') || Number.isNaN(timestamp)) return false;
  if (timestamp < Math.floor(at / 1000) - signatureWindowMs / 1000) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex'));
  const given = Buffer.from(signature.slice('v0='.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `ssl_check=1` in a form body: Slack checking the app's certificate, unsigned. */
function isSslCheck(raw: string, contentType: string | undefined): boolean {
  return (
    contentType === 'application/x-www-form-urlencoded' && new URLSearchParams(raw).get('ssl_check') === '1'
  );
}

/**
 * Every request to the events endpoint is checked here before Bolt's HTTP receiver sees it:
 * - its signature (with Slack's signing secret, at most five minutes old, as Bolt checks it): 401
 *   otherwise, at once. Bolt's receiver keeps its own check on as well (the project's rule: Bolt's
 *   signature verification stays on), so a request this guard let through is verified twice.
 *   Slack's unsigned SSL check goes on to Bolt, its body reduced to `ssl_check=1`;
 * - a signed body Slack never sends (`null`, `payload=null`, a number) throws inside Bolt's receiver,
 *   outside any handler, and ends the process: answered 400 here;
 * - a timestamp more than five minutes in the future (Bolt checks only the past): 401;
 * - the same signed request twice within those five minutes (a replay): 401. Slack's own retries of
 *   an event (`x-slack-retry-num`) pass: whether Slack signs them anew is not documented, and events
 *   are deduplicated by their event id anyway; commands and interactions are never retried.
 * The body is read once here (within Bolt's size limit) and handed on already buffered.
 */
export function guardRequests(
  inner: RequestListener,
  options: { signingSecret: string; path: string; logger: Logger; now?: () => number },
): RequestListener {
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  // Kept in the order requests arrived, so in about the order they expire: the oldest go first, and
  // the look stops at the first one still in its window (not a walk over five minutes of requests
  // each time). One that arrived late with an older timestamp goes a little after its time: by
  // then its signature no longer verifies anyway.
  const forgetOld = (at: number) => {
    for (const [signature, until] of seen) {
      if (until > at) return;
      seen.delete(signature);
    }
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    // Read as Bolt's receiver reads it (a URL), unless it is the path itself.
    const path = req.url === options.path ? req.url : new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== options.path) return inner(req, res);
    void (async () => {
      let raw: Buffer;
      try {
        raw = (await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit)).rawBody;
      } catch (error) {
        refuse(res, HTTPModuleFunctions.isRawBodyError(error) ? 413 : 400);
        return;
      }
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const signature = req.headers['x-slack-signature'];
      const at = now();
      if (Number.isFinite(timestamp) && timestamp * 1000 > at + signatureWindowMs) {
        options.logger.warn('refused a request signed in the future');
        return refuse(res, 401);
      }
      const body = raw.toString('utf8');
      if (!signedBySlack(options.signingSecret, signature, timestamp, body, at)) {
        if (isSslCheck(body, req.headers['content-type'])) {
          // Slack's SSL check, the one request it does not sign: Bolt answers it, with nothing else
          // the body may carry (as Bolt's own check does).
          (req as IncomingMessage & { rawBody: Buffer }).rawBody = Buffer.from('ssl_check=1');
          return inner(req, res);
        }
        options.logger.warn('refused a request whose signature does not verify');
        return refuse(res, 401);
      }
      forgetOld(at);
      if (seen.has(signature) && req.headers['x-slack-retry-num'] === undefined) {
        options.logger.warn('refused a replayed request');
        return refuse(res, 401);
      }
      seen.set(signature, timestamp * 1000 + signatureWindowMs);
      if (!isObjectBody(body, req.headers['content-type'])) {
        options.logger.warn('refused a signed request whose body is not an object');
        return refuse(res, 400);
      }
      inner(req, res);
    })().catch((error: unknown) => {
      options.logger.error('request guard failed:', error);
      if (!res.headersSent) refuse(res, 500);
    });
  };
}
