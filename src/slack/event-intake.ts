import {
  type AllMiddlewareArgs,
  type AnyMiddlewareArgs,
  App,
  type AppOptions,
  type CodedError,
  ErrorCode,
  HTTPModuleFunctions,
  type Logger,
  type Middleware,
  MultipleListenerError,
  onlyActions,
  onlyCommands,
  onlyEvents,
  onlyOptions,
  onlyShortcuts,
  onlyViewActions,
  type ReceiverEvent,
} from '@slack/bolt';
import type { AttemptOutcome } from '../domain/redelivery-policy.js';
import type { InboxKey, IncomingEvent } from '../storage/event-inbox-repository.js';
import { eventCallbackSchema, parsed } from './envelopes.js';

/**
 * Durable intake at the Slack edge (docs/decisions/0003-durable-intake.md). Bolt acknowledges an
 * Events API request before its listeners run, and Slack never sends an acknowledged event again:
 * so every event callback is stored before Bolt sees it, in `processEvent`, the one method both
 * receivers (HTTP and Socket Mode) hand each request to. What the listeners came to is recorded
 * after them; the inbox delivers again what was not done.
 */

/** The inbox, as the app uses it (wired in main.ts from use-cases/event-inbox.ts). */
export type EventIntake = {
  /** Stores an event: `new`, or `seen` (stored before: a retry). Throws when it cannot be stored. */
  receive(event: IncomingEvent): 'new' | 'seen';
  /** Records what attempt `attempt` of an event came to. */
  settle(key: InboxKey, attempt: number, outcome: AttemptOutcome): void;
};

/** An event callback that could not be stored: it must not be acknowledged, so Slack sends it again. */
class EventNotStoredError extends Error {
  override name = 'EventNotStoredError';
}

/**
 * The inbox row of a request body, if it is an Events API callback. Its key names the workspace
 * whose installation Bolt authorizes the event for, read as Bolt reads it (`authorizations[0]`, else
 * the outer `team_id`), or the org of an org-wide install: the workspace whose data the event is, so
 * that purging it removes the row. (In Slack Connect the outer `team_id` is the acting user's own
 * workspace, which may not even have installed the app.) The key is never an authorization: the
 * event is processed for the workspace Bolt authorizes.
 */
function incomingEvent(body: unknown): IncomingEvent | undefined {
  // Commands and interactions (most requests) are not: told without a failed parse, which costs.
  if ((body as { type?: unknown } | null)?.type !== 'event_callback') return undefined;
  const callback = parsed(eventCallbackSchema, body);
  const authorized = callback?.authorizations?.[0];
  const teamId =
    authorized?.team_id ?? authorized?.enterprise_id ?? callback?.team_id ?? callback?.enterprise_id;
  if (!callback || !teamId) return undefined;
  return {
    teamId,
    eventId: callback.event_id,
    eventType: callback.event.type,
    body: JSON.stringify(body),
  };
}

type Chain = Middleware<AnyMiddlewareArgs>[];
type ChainArgs = AnyMiddlewareArgs & AllMiddlewareArgs;

/** Bolt's filters that open every listener's chain: a request passes one of them (its kind) or none. */
const kindFilters: ReadonlySet<unknown> = new Set([
  onlyActions,
  onlyCommands,
  onlyEvents,
  onlyOptions,
  onlyShortcuts,
  onlyViewActions,
]);

/** One chain run as Bolt runs a listener's: each middleware's `next` calls the one after, the last gets a no-op. */
function runChain(chain: Chain, args: ChainArgs): Promise<void> {
  let called = -1;
  const invoke = async (index: number): Promise<void> => {
    if (called >= index) throw new Error('next() called multiple times');
    called = index;
    const middleware = chain[index];
    if (!middleware) return;
    const last = index === chain.length - 1;
    await middleware({ ...args, next: last ? () => Promise.resolve() : () => invoke(index + 1) });
  };
  return invoke(0);
}

/**
 * The chains of one kind, run as Bolt runs every listener of a request: all at once, a single
 * failure rethrown as it is, several as one MultipleListenerError.
 */
function runKind(chains: readonly Chain[]): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const settled = await Promise.allSettled(chains.map((chain) => runChain(chain, args)));
    const failures = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new MultipleListenerError(failures);
  };
}

/**
 * Bolt runs each request through the chain of every listener registered, each opened by its kind's
 * filter (a command through the chains of some fifty actions, views and events, with a copy of the
 * arguments per middleware): measured, a bare Bolt app given 48 more listeners took about 40% more
 * CPU per command, and in this app it was the largest single cost of a command in a burst (see
 * docs/benchmarks.md). Here the chains of one kind stay behind one filter, so a request runs only
 * its own kind's chains, each exactly as before (after the filter it already passed). Chains
 * without a known kind filter are left to Bolt as they are.
 */
function groupListenersByKind(app: App): void {
  const listeners = (app as unknown as { listeners?: unknown }).listeners;
  if (!Array.isArray(listeners)) return; // another Bolt: it runs every chain itself, as before
  const byKind = new Map<unknown, Chain[]>();
  const append = Array.prototype.push.bind(listeners) as (chain: Chain) => number;
  listeners.push = (...chains: Chain[]): number => {
    for (const chain of chains) {
      const [filter, ...rest] = chain;
      if (!kindFilters.has(filter) || rest.length === 0) {
        append(chain);
        continue;
      }
      let kind = byKind.get(filter);
      if (!kind) {
        kind = [];
        byKind.set(filter, kind);
        append([filter as Middleware<AnyMiddlewareArgs>, runKind(kind)]);
      }
      kind.push(rest);
    }
    return listeners.length;
  };
}

/**
 * Bolt's App, storing each event callback before Bolt acknowledges it. A callback already stored (a
 * retry from Slack) is acknowledged and left to the inbox. One that cannot be stored (the database
 * stays locked past the intake's short wait) is not acknowledged: HTTP answers 503
 * (`intakeErrorHandler`), Socket Mode leaves the envelope unacknowledged; Slack sends it again.
 *
 * It also counts the requests still being processed, outcome recorded included (`idle`): listeners
 * go on after the ack (response_url replies, modal posts), and a shutdown lets them finish before
 * the database closes.
 */
export class IntakeApp extends App {
  readonly #intake: EventIntake | undefined;
  readonly #log: Logger;
  /** Requests whose processing reached the error handler, by their body: a listener threw, or authorization failed. */
  readonly #failed = new WeakMap<object, AttemptOutcome>();
  #running = 0;
  readonly #whenIdle: Array<() => void> = [];

  constructor(options: AppOptions & { readonly logger: Logger }, intake: EventIntake | undefined) {
    super(options);
    groupListenersByKind(this);
    this.#intake = intake;
    this.#log = options.logger;
  }

  override processEvent(event: ReceiverEvent): Promise<void> {
    return this.#counted(() => this.#receive(event));
  }

  /** Delivers a stored event (its JSON body) through the listeners again; Slack has had its acknowledgement. */
  redeliver(body: string): Promise<AttemptOutcome> {
    return this.#counted(async () => {
      let parsedBody: ReceiverEvent['body'];
      try {
        parsedBody = JSON.parse(body) as ReceiverEvent['body'];
      } catch (error) {
        this.#log.error('a stored event does not read as JSON:', (error as Error).message);
        return 'failed';
      }
      return this.#attempt({ body: parsedBody, ack: async () => {} });
    });
  }

  /** Runs background work (a welcome after an install, say), counted as a request by `idle`. */
  track<T>(work: () => Promise<T>): Promise<T> {
    return this.#counted(work);
  }

  /** The error handler saw this request fail (called from `app.error`). */
  noteFailure(body: unknown, error: CodedError): void {
    if (typeof body !== 'object' || body === null) return;
    this.#failed.set(body, error.code === ErrorCode.AuthorizationError ? 'unauthorized' : 'failed');
  }

  /** Resolves when no request is being processed, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#whenIdle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async #counted<T>(work: () => Promise<T>): Promise<T> {
    this.#running += 1;
    try {
      return await work();
    } finally {
      this.#running -= 1;
      if (this.#running === 0) for (const resolve of this.#whenIdle.splice(0)) resolve();
    }
  }

  async #receive(event: ReceiverEvent): Promise<void> {
    const incoming = this.#intake ? incomingEvent(event.body) : undefined;
    if (!this.#intake || !incoming) return super.processEvent(event);
    let fresh: boolean;
    try {
      fresh = this.#intake.receive(incoming) === 'new';
    } catch (error) {
      this.#log.warn(
        `${incoming.eventType} event ${incoming.eventId} could not be stored (${(error as Error).message}): not acknowledged, so Slack sends it again`,
      );
      throw new EventNotStoredError((error as Error).message, { cause: error });
    }
    if (!fresh) return event.ack();
    this.#settle(incoming, 1, await this.#attempt(event));
  }

  async #attempt(event: ReceiverEvent): Promise<AttemptOutcome> {
    try {
      await super.processEvent(event);
    } catch (error) {
      this.#log.error('an event failed outside its listeners:', error);
      return 'failed';
    }
    return this.#failed.get(event.body) ?? 'done';
  }

  #settle(key: InboxKey, attempt: number, outcome: AttemptOutcome): void {
    try {
      this.#intake?.settle(key, attempt, outcome);
    } catch (error) {
      // The row stays open: it is delivered again when its lease ends (listeners are idempotent).
      this.#log.warn(`could not record that event ${key.eventId} is ${outcome}: ${(error as Error).message}`);
    }
  }
}

/**
 * The HTTP receiver's answer when `processEvent` throws: 503 for an event that could not be stored
 * (acknowledged as handled here, so Bolt does not also report it unacknowledged), Bolt's own
 * answer otherwise.
 */
export const intakeErrorHandler: typeof HTTPModuleFunctions.defaultProcessEventErrorHandler = async (
  args,
) => {
  if (!(args.error instanceof EventNotStoredError)) {
    return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  }
  if (!args.response.headersSent) {
    args.response.writeHead(503);
    args.response.end();
  }
  return true;
};
