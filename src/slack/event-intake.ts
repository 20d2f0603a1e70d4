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
import type { IncomingEvent } from '../storage/event-inbox-repository.js';
import type { Settlement } from '../use-cases/event-inbox.js';
import { eventCallbackSchema, parsed } from './envelopes.js';

/**
 * Durable intake at the Slack edge (docs/decisions/0003-durable-intake.md). Bolt acknowledges an
 * Events API request before its listeners run, and Slack never sends an acknowledged event again:
 * so every event callback is stored before Bolt sees it, in `processEvent`, the one method both
 * receivers (HTTP and Socket Mode) hand each request to. What the listeners came to is recorded
 * after them; the inbox delivers again what was not done.
 */

/**
 * The inbox, as the app uses it (wired in main.ts from use-cases/event-inbox.ts). The events that
 * arrive in one turn of the event loop are stored in one transaction, and the outcomes of the
 * attempts that end in one turn recorded in one: a commit each, not one per event; when both come
 * in the same turn, one commit for both (`together`).
 */
export type EventIntake = {
  /**
   * Stores events, each `new`, or `seen` (stored before: a retry), in their order. Throws when they
   * cannot be stored, and then none is.
   */
  receive(events: readonly IncomingEvent[]): ReadonlyArray<'new' | 'seen'>;
  /** Records what attempts came to. */
  settle(settlements: readonly Settlement[]): void;
  /**
   * Runs `work` (a `receive`, then a `settle`) in one transaction whose write lock the first write
   * takes: nothing of it is stored when it throws. Without it, each runs in its own.
   */
  together?<T>(work: () => T): T;
};

type Arriving = {
  readonly event: IncomingEvent;
  readonly stored: (how: 'new' | 'seen') => void;
  readonly failed: (error: unknown) => void;
};

type Ending = { readonly settlement: Settlement; readonly recorded: () => void };

const events = (arrived: readonly Arriving[]) => arrived.map((one) => one.event);

/**
 * Set by the HTTP receiver (`customPropertiesExtractor`, once Bolt has verified the signature) on a
 * request whose signature it has seen within Slack's five minutes: a replay, refused with 401.
 */
export const replayedProperty = 'replayedRequest';

/** A signed request seen before (`replayedProperty`): answered 401, never processed. */
class ReplayedRequestError extends Error {
  override name = 'ReplayedRequestError';
}

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

/**
 * Bolt's filters that open every listener's chain, each with the test it makes of a request's
 * arguments (as Bolt 5's `middleware/builtin` makes it): a request passes one of them, its kind, or
 * none. test/slack/listener-kinds.test.ts sends a request of every kind and checks that it reaches
 * exactly its own listeners (a test that drifted from Bolt's filter would misroute one).
 */
const kindFilters: ReadonlyMap<unknown, (args: AnyMiddlewareArgs) => boolean> = new Map<
  unknown,
  (args: AnyMiddlewareArgs) => boolean
>([
  [onlyActions, (args) => 'action' in args && Boolean(args.action)],
  [onlyCommands, (args) => 'command' in args && Boolean(args.command)],
  [onlyEvents, (args) => 'event' in args && args.event !== undefined],
  [onlyOptions, (args) => 'options' in args && Boolean(args.options)],
  [onlyShortcuts, (args) => 'shortcut' in args && Boolean(args.shortcut)],
  [onlyViewActions, (args) => 'view' in args],
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

/** A listener's chain after its kind filter, and the event type it listens to (`app.event('reaction_added')`), if named. */
type Listed = { readonly chain: Chain; readonly eventType: string | undefined };

/**
 * The chains of one kind, run as Bolt runs every listener of a request: all at once, a single
 * failure rethrown as it is, several as one MultipleListenerError. An event runs only the chains of
 * its type, and those named by a pattern: Bolt's `matchEventType`, which opens each chain of
 * `app.event(type)`, ends the others at once without a side effect.
 */
function runKind(listed: readonly Listed[]): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const type = (args as { event?: { type?: unknown } }).event?.type;
    const chains =
      type === undefined
        ? listed.map(({ chain }) => chain)
        : listed.flatMap(({ chain, eventType }) =>
            eventType === undefined || eventType === type ? [chain] : [],
          );
    // One chain (a command's, most events'): its failure is rethrown as it is, as below.
    const [only] = chains;
    if (chains.length === 1 && only) return runChain(only, args);
    const settled = await Promise.allSettled(chains.map((chain) => runChain(chain, args)));
    const failures = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new MultipleListenerError(failures);
  };
}

/** The listeners of one kind: the test of its filter, and its chains run as Bolt runs them. */
type Kind = {
  readonly accepts: (args: AnyMiddlewareArgs) => boolean;
  readonly run: Middleware<AnyMiddlewareArgs>;
};

/**
 * The one listener Bolt sees for every kind: a request runs the chains of the kinds whose filter it
 * passes (one, in practice), failures reported as Bolt reports its listeners' (one rethrown as it
 * is, several as one MultipleListenerError).
 */
function runKinds(kinds: readonly Kind[]): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const matching = kinds.filter((kind) => kind.accepts(args));
    const [only] = matching;
    if (matching.length === 1 && only) return only.run(args);
    const settled = await Promise.allSettled(matching.map((kind) => kind.run(args)));
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
 * docs/benchmarks.md). Here the chains of every kind stay behind one listener, which tests the
 * request's kind as the kind filters do and runs only that kind's chains, each exactly as before
 * (after the filter it passed), and of an event only those of its type (`runKind`). Chains without
 * a known kind filter are left to Bolt as they are.
 */
function groupListenersByKind(app: App): void {
  const listeners = (app as unknown as { listeners?: unknown }).listeners;
  if (!Array.isArray(listeners)) return; // another Bolt: it runs every chain itself, as before
  const byKind = new Map<unknown, Listed[]>();
  const kinds: Kind[] = [];
  const append = Array.prototype.push.bind(listeners) as (chain: Chain) => number;
  // The event type `app.event` is registering, while it registers (its chain names it only in a closure).
  let registering: string | undefined;
  const event = app.event.bind(app) as (name: string | RegExp, ...rest: unknown[]) => void;
  (app as unknown as { event: typeof event }).event = (name, ...rest) => {
    registering = typeof name === 'string' ? name : undefined;
    try {
      event(name, ...rest);
    } finally {
      registering = undefined;
    }
  };
  listeners.push = (...chains: Chain[]): number => {
    for (const chain of chains) {
      const [filter, ...rest] = chain;
      const accepts = kindFilters.get(filter);
      if (!accepts || rest.length === 0) {
        append(chain);
        continue;
      }
      let kind = byKind.get(filter);
      if (!kind) {
        kind = [];
        byKind.set(filter, kind);
        if (kinds.length === 0) append([runKinds(kinds)]);
        kinds.push({ accepts, run: runKind(kind) });
      }
      kind.push({ chain: rest, eventType: filter === onlyEvents ? registering : undefined });
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
  /** Events to store at the end of this turn of the event loop, together. */
  #arriving: Arriving[] = [];
  /** Outcomes to record at the end of this turn of the event loop, together. */
  #ending: Ending[] = [];
  /** Whether the end of this turn will store what arrived and record what ended (`#flush`). */
  #flushing = false;

  constructor(options: AppOptions & { readonly logger: Logger }, intake: EventIntake | undefined) {
    super(options);
    groupListenersByKind(this);
    this.#intake = intake;
    this.#log = options.logger;
  }

  override processEvent(event: ReceiverEvent): Promise<void> {
    if (event.customProperties?.[replayedProperty] === true)
      return Promise.reject(new ReplayedRequestError('a replayed request'));
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
      fresh = (await this.#store(incoming)) === 'new';
    } catch (error) {
      this.#log.warn(
        `${incoming.eventType} event ${incoming.eventId} could not be stored (${(error as Error).message}): not acknowledged, so Slack sends it again`,
      );
      throw new EventNotStoredError((error as Error).message, { cause: error });
    }
    if (!fresh) return event.ack();
    await this.#settle({ key: incoming, attempt: 1, outcome: await this.#attempt(event) });
  }

  /**
   * Stores an event with the others that arrive in this turn of the event loop (the requests read
   * in one poll), in one transaction after them: no event waits more than that turn, none is
   * acknowledged before its commit, and all of them fail together.
   */
  #store(event: IncomingEvent): Promise<'new' | 'seen'> {
    return new Promise((stored, failed) => {
      this.#arriving.push({ event, stored, failed });
      this.#flushSoon();
    });
  }

  /**
   * Records an attempt's outcome with the others that end in this turn of the event loop, in one
   * transaction. A recording that fails leaves its rows open: they are delivered again when their
   * lease ends (listeners are idempotent).
   */
  #settle(settlement: Settlement): Promise<void> {
    return new Promise((recorded) => {
      this.#ending.push({ settlement, recorded });
      this.#flushSoon();
    });
  }

  #flushSoon(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    setImmediate(() => this.#flush());
  }

  /**
   * The end of a turn: what arrived is stored and what ended recorded, in one commit when there are
   * both (events arrive while others end: each commit writes the inbox's pages once for both). The
   * arrivals are acknowledged only after that commit, as ever; they wait for no listener, only for
   * the outcomes' small updates. Should the shared transaction fail, the arrivals fail (as alone)
   * and the outcomes are tried again in a transaction of their own.
   */
  #flush(): void {
    this.#flushing = false;
    const arrived = this.#arriving;
    const ended = this.#ending;
    this.#arriving = [];
    this.#ending = [];
    const intake = this.#intake;
    if (!intake?.together || arrived.length === 0 || ended.length === 0) {
      if (arrived.length > 0) this.#storeArrived(arrived, () => intake?.receive(events(arrived)) ?? []);
      if (ended.length > 0) this.#recordEnded(ended);
      return;
    }
    let settleFailure: unknown;
    const { together } = intake;
    const stored = this.#storeArrived(arrived, () =>
      together(() => {
        const results = intake.receive(events(arrived));
        try {
          intake.settle(ended.map((one) => one.settlement));
        } catch (error) {
          settleFailure = error;
        }
        return results;
      }),
    );
    if (!stored) {
      this.#recordEnded(ended); // the shared transaction failed: the outcomes on their own
      return;
    }
    if (settleFailure !== undefined) this.#settleFailed(ended, settleFailure);
    for (const one of ended) one.recorded();
  }

  /** Stores arrivals with `store` and settles their promises; false when `store` threw. */
  #storeArrived(arrived: readonly Arriving[], store: () => ReadonlyArray<'new' | 'seen'>): boolean {
    let results: ReadonlyArray<'new' | 'seen'>;
    try {
      results = store();
    } catch (error) {
      for (const one of arrived) one.failed(error);
      return false;
    }
    arrived.forEach((one, i) => {
      const how = results[i];
      if (how) one.stored(how);
      else one.failed(new Error('the inbox gave no answer for the event'));
    });
    return true;
  }

  #recordEnded(ended: readonly Ending[]): void {
    try {
      this.#intake?.settle(ended.map((one) => one.settlement));
    } catch (error) {
      this.#settleFailed(ended, error);
    }
    for (const one of ended) one.recorded();
  }

  #settleFailed(ended: readonly Ending[], error: unknown): void {
    const ids = ended.map((one) => one.settlement.key.eventId).join(', ');
    this.#log.warn(`could not record what events ${ids} came to: ${(error as Error).message}`);
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
}

/**
 * The HTTP receiver's answer when `processEvent` throws: 503 for an event that could not be stored,
 * 401 for a replayed request (each acknowledged as handled here, so Bolt does not also report it
 * unacknowledged), Bolt's own answer otherwise.
 */
export const intakeErrorHandler: typeof HTTPModuleFunctions.defaultProcessEventErrorHandler = async (
  args,
) => {
  if (args.error instanceof ReplayedRequestError) {
    args.logger.warn('refused a replayed request');
    if (!args.response.headersSent) {
      args.response.writeHead(401);
      args.response.end();
    }
    return true;
  }
  if (!(args.error instanceof EventNotStoredError)) {
    return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  }
  if (!args.response.headersSent) {
    args.response.writeHead(503);
    args.response.end();
  }
  return true;
};
