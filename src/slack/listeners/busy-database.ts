import type { AnyMiddlewareArgs } from '@slack/bolt';
import { busyMessage, busyText } from '../blocks/busy.js';
import { parsed, responseUrlSchema } from '../envelopes.js';
import { sendToResponseUrl } from '../response-url.js';
import type { MiddlewareArgs } from './request-checks.js';

type Ack = (response?: unknown) => Promise<void>;

/** Bolt wraps the failures of several listeners of one request in one error. */
const failures = (error: unknown): unknown[] => {
  const originals = (error as { originals?: unknown } | null)?.originals;
  return Array.isArray(originals) ? originals : [error];
};

/** The block id of a modal's first input (its state is keyed by them), where a form error can be shown. */
function firstInput(body: unknown): string | undefined {
  const values = (body as { view?: { state?: { values?: Record<string, unknown> } } }).view?.state?.values;
  return Object.keys(values ?? {})[0];
}

/**
 * When another process holds the database longer than a request may wait (`busy` says SQLite gave
 * up), the user is told kindly to try again, at once: in the acknowledgement when it has not gone
 * yet (a modal stays open, with the words under its first field, so nothing typed is lost), else
 * through the response_url. Events are not answered here: the failure goes on to the error handler,
 * and the event inbox delivers them again. (In Socket Mode a second ack is ignored rather than
 * refused, so a reply after an ack there is not sent.) Called by `checkEveryRequest` with what the
 * listeners threw; anything it does not answer is thrown again.
 */
export async function replyWhenDatabaseBusy(
  args: MiddlewareArgs,
  error: unknown,
  busy: (error: unknown) => boolean,
): Promise<void> {
  const ack = (args as AnyMiddlewareArgs & { ack?: Ack }).ack;
  if (!ack || !failures(error).some(busy)) throw error;
  args.logger.warn('the database is locked by another process: the user was asked to try again');
  const body = args.body as { type?: string; command?: string };
  const input = body.type === 'view_submission' ? firstInput(body) : undefined;
  const inAck =
    body.command !== undefined
      ? { response_type: 'ephemeral', ...busyMessage() }
      : input !== undefined
        ? { response_action: 'errors', errors: { [input]: busyText } }
        : undefined;
  try {
    await ack(inAck);
    if (inAck) return;
  } catch {
    // acknowledged already: the reply goes through the response_url
  }
  const url = parsed(responseUrlSchema, args.body)?.response_url;
  if (url !== undefined)
    await sendToResponseUrl(url, {
      replace_original: false,
      response_type: 'ephemeral',
      ...busyMessage(),
    });
}
