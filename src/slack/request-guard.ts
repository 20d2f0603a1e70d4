import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { defaultBodyLimit, HTTPModuleFunctions, isValidSlackRequest, type Logger } from '@slack/bolt';

/** Slack signs with the time of sending; Bolt refuses older than this, we refuse newer too. */
const signatureWindowMs = 5 * 60_000;

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** A form body's `payload`, or the JSON body: an object, as every Slack request body is. */
function isObjectBody(raw: string, contentType: string | undefined): boolean {
  const asObject = (text: string) => {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  };
  if (contentType?.startsWith('application/json')) return asObject(raw);
  const payload = new URLSearchParams(raw).get('payload');
  return payload === null || asObject(payload);
}

/**
 * What Bolt's HTTP receiver lets through and should not, checked before it sees a request to the
 * events endpoint:
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
  const forgetOld = (at: number) => {
    for (const [signature, until] of seen) if (until <= at) seen.delete(signature);
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
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
      const signed =
        typeof signature === 'string' &&
        isValidSlackRequest({
          signingSecret: options.signingSecret,
          body,
          headers: {
            'x-slack-signature': signature,
            'x-slack-request-timestamp': timestamp,
          },
        });
      if (signed) {
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
      }
      // Unsigned or badly signed requests go on to Bolt, which answers them 401.
      inner(req, res);
    })().catch((error: unknown) => {
      options.logger.error('request guard failed:', error);
      if (!res.headersSent) refuse(res, 500);
    });
  };
}
