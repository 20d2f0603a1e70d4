import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { defaultBodyLimit, HTTPModuleFunctions, type Logger } from '@slack/bolt';

/**
 * Slack signs with the time of sending; Bolt refuses a timestamp more than this before the current
 * second (so it accepts one until the end of the second after: `replayMemory` keeps it that long),
 * we refuse one more than this after now too.
 */
const signatureWindowMs = 5 * 60_000;

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/**
 * Whether a form body may have a `payload` field: one of its names is `payload`, or is
 * percent-encoded (`p%61yload` is one too), read as Bolt reads them (`node:querystring`: a leading
 * `?` is part of the first name). Looks at the names only, decoding nothing: a slash command's
 * values (its response_url, its text) are left to Bolt, which decodes them once.
 */
function mayHavePayload(raw: string): boolean {
  // Field by field, by position: no copy of the body, nor of each field (every slash command's form
  // passes through here).
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf('&', start);
    if (end === -1) end = raw.length;
    let nameEnd = raw.indexOf('=', start);
    if (nameEnd === -1 || nameEnd > end) nameEnd = end;
    if (nameEnd - start === 'payload'.length && raw.startsWith('payload', start)) return true;
    const percent = raw.indexOf('%', start);
    if (percent !== -1 && percent < nameEnd) return true;
    start = end + 1;
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
  // Exactly as Bolt reads it: only a lone `payload` is parsed (two of them leave the form as it is).
  const { payload } = parseForm(raw);
  return typeof payload !== 'string' || asObject(payload);
}

/**
 * Slack's signature of a request (`v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<body>` with the
 * signing secret), checked as Bolt checks it: no more than five minutes old, compared in constant
 * time. Only for a body this guard refuses (400 when signed, 401 when not): every request it lets
 * through is verified by Bolt's receiver, once.
 */
function signedBySlack(
  secret: KeyObject,
  signature: unknown,
  timestamp: number,
  body: string,
  at: number,
): signature is string {
  if (typeof signature !== 'string' || !signature.startsWith('v0=') || Number.isNaN(timestamp)) return false;
  if (timestamp < Math.floor(at / 1000) - signatureWindowMs / 1000) return false;
  // Compared as bytes (the given hex decoded, no hex encoding of ours): the header is already known
  // to be `v0=` and 64 lower-case hex digits (`signatureForm`), which is what the length check
  // below guards again.
  if (signature.length !== signatureLength) return false;
  const given = Buffer.from(signature.slice('v0='.length), 'hex');
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `v0=` and 64 hex digits. */
const signatureLength = 'v0='.length + 64;

/**
 * A signature header as Slack writes it. Bolt reads only what lies between the first and second
 * `=` (`v0=<hash>=anything` verifies): refused here, so that the one text a verified request can
 * carry is the one the replay memory keeps.
 */
const signatureForm = /^v0=[0-9a-f]{64}$/;

/** `ssl_check=1` in a form body: Slack checking the app's certificate, unsigned. */
function isSslCheck(raw: string, contentType: string | undefined): boolean {
  return contentType === 'application/x-www-form-urlencoded' && parseForm(raw).ssl_check === '1';
}

/**
 * Every request to the events endpoint is checked here before Bolt's HTTP receiver sees it:
 * - a timestamp more than five minutes in the future (Bolt checks only the past): 401;
 * - a signature header that is not `v0=` and 64 hex digits (Bolt would ignore what follows a
 *   second `=`, and a replay could hide behind it): 401;
 * - a body Slack never sends (`null`, `payload=null`, a number) throws inside Bolt's receiver, once
 *   its signature verifies, outside any handler, and ends the process: answered 400 here when it is
 *   signed (checked here, as Bolt checks it: at most five minutes old), 401 when it is not; such a
 *   body that is Slack's unsigned SSL check goes on to Bolt reduced to `ssl_check=1` (an SSL check
 *   whose body is an object goes on as it is: Bolt itself reduces it before anything reads it).
 * Every other request's signature is Bolt's to verify (its receiver answers 401 when it does not),
 * once: Bolt's check is the one the project keeps on, and a second one here cost a lone request
 * about a sixth of what the app adds to it. Replays are refused after that check (`replayMemory`).
 * The body is read once here (within Bolt's size limit) and handed on already buffered.
 */
export function guardRequests(
  inner: RequestListener,
  options: { signingSecret: string; path: string; logger: Logger; now?: () => number },
): RequestListener {
  const now = options.now ?? Date.now;
  // The key made once, not from the secret's text on every request that needs it.
  const secret = createSecretKey(Buffer.from(options.signingSecret, 'utf8'));
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
      const at = now();
      if (Number.isFinite(timestamp) && timestamp * 1000 > at + signatureWindowMs) {
        options.logger.warn('refused a request signed in the future');
        return refuse(res, 401);
      }
      const signature = req.headers['x-slack-signature'];
      if (signature !== undefined && !(typeof signature === 'string' && signatureForm.test(signature))) {
        options.logger.warn('refused a request whose signature is not in the form Slack writes');
        return refuse(res, 401);
      }
      const body = raw.toString('utf8');
      if (isObjectBody(body, req.headers['content-type'])) return inner(req, res);
      if (signedBySlack(secret, signature, timestamp, body, at)) {
        options.logger.warn('refused a signed request whose body is not an object');
        return refuse(res, 400);
      }
      if (isSslCheck(body, req.headers['content-type'])) {
        // Slack's SSL check, the one request it does not sign: Bolt answers it, with nothing else
        // the body may carry (as Bolt's own check does).
        (req as IncomingMessage & { rawBody: Buffer }).rawBody = Buffer.from('ssl_check=1');
        return inner(req, res);
      }
      options.logger.warn('refused a request whose signature does not verify');
      return refuse(res, 401);
    })().catch((error: unknown) => {
      options.logger.error('request guard failed:', error);
      if (!res.headersSent) refuse(res, 500);
    });
  };
}

/**
 * Whether a request Bolt's receiver has verified is seen here for the first time: false for the same
 * signed request twice within Slack's five minutes (a replay, refused with 401: `IntakeApp`). Called
 * once Bolt's check of the signature passed (its `customPropertiesExtractor`), so only a signature
 * that verified is remembered: a forged request never keeps a real one out. Slack's own retries of
 * an event (`x-slack-retry-num` on a JSON body) pass: whether Slack signs them anew is not
 * documented, and events are deduplicated by their event id anyway. The header is not signed, so it
 * exempts nothing else: commands and interactions (forms) are never retried by Slack.
 */
export function replayMemory(now: () => number = Date.now): (req: IncomingMessage) => boolean {
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
  return (req) => {
    const signature = req.headers['x-slack-signature'];
    if (typeof signature !== 'string') return true; // not signed: Bolt let it through unverified (an SSL check)
    forgetOld(now());
    const eventRetry =
      req.headers['x-slack-retry-num'] !== undefined &&
      req.headers['content-type'] !== 'application/x-www-form-urlencoded';
    if (seen.has(signature) && !eventRetry) return false;
    // Until Bolt refuses it as too old: a timestamp before the current second minus five minutes,
    // so it is still accepted during the whole second after the five minutes end.
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    seen.set(signature, (Math.floor(timestamp) + 1) * 1000 + signatureWindowMs);
    return true;
  };
}
