import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  type AppOptions,
  type Authorize,
  asCodedError,
  type CodedError,
  type CustomRoute,
  ErrorCode,
  HTTPReceiver,
  type InstallationStore,
  type Logger,
  type webApi,
} from '@slack/bolt';
import { type CallbackOptions, defaultCallbackSuccess, InstallProvider } from '@slack/oauth';
import type { SlackSettings } from '../config.js';
import { busyMessage } from './blocks/busy.js';
import { context, message, sections } from './blocks/kit.js';
import { BotIdentityPendingError, BotTokenError } from './bot-token.js';
import { parsed, responseUrlSchema } from './envelopes.js';
import { type EventIntake, IntakeApp, intakeErrorHandler, replayedProperty } from './event-intake.js';
import { guardRequests, replayMemory } from './request-guard.js';
import { sendToResponseUrl } from './response-url.js';
import { botScopes } from './scopes.js';

export type { App, Logger };

type BotIds = { readonly botId: string; readonly botUserId: string };

/**
 * How long a request that came during the first check of SLACK_BOT_TOKEN waits for it: Slack wants
 * an answer within 3 s, and auth.test takes a fraction of a second when Slack is well.
 */
const identityWaitMs = 2_000;

/** Bolt's authorization with one token whose bot ids are still to come (`pendingBotIdentity`). */
function authorizeOnceKnown(
  botToken: string,
  pending: (waitMs: number) => Promise<BotIds>,
): Authorize<boolean> {
  return async ({ isEnterpriseInstall }) => {
    const { botId, botUserId } = await pending(identityWaitMs);
    return { isEnterpriseInstall, botToken, botId, botUserId };
  };
}

export type SlackAppOptions = {
  readonly settings: SlackSettings;
  /** With OAuth: where installations (and their tokens) are kept. */
  readonly installationStore?: InstallationStore;
  /** The bot's ids from auth.test (single-workspace mode): Bolt then makes no call of its own. */
  readonly botIdentity?: BotIds;
  /**
   * Single-workspace mode while the first check of the token is under way (a first start): each
   * request waits for the bot's ids at most `waitMs` (`identityWaitMs`), then is answered as when the
   * app is busy (`BotIdentityPendingError`), or as a failure when the check failed.
   */
  readonly pendingBotIdentity?: (waitMs: number) => Promise<BotIds>;
  /** A request came from a workspace served by an org-wide install. */
  readonly onEnterpriseTeam?: (teamId: string, enterpriseId: string) => void;
  readonly logger: Logger;
  /**
   * Answers GET /healthz: what keeps the app from serving now (the database does not answer, the
   * scheduler is late), each as "what: why"; none when it is healthy. Called on every poll: keep it cheap.
   */
  readonly health: () => readonly string[];
  /** Answers GET /metrics on the same port (Prometheus text), behind `settings.metricsToken` when set. */
  readonly metrics?: { scrape(): Promise<{ contentType: string; body: string }> };
  /** How every Web API client of the app makes its requests (`observedFetch`); default: the global fetch. */
  readonly fetch?: webApi.FetchFunction;
  /** Where Events API callbacks are stored before they are acknowledged (durable intake). */
  readonly intake?: EventIntake;
  /**
   * With OAuth: called after each successful install, once the installation is stored and the
   * browser has its page (the welcome DM). Counted by `idle`, so a shutdown lets it finish.
   */
  readonly onInstalled?: (installation: unknown) => Promise<void>;
};

/** GET /healthz: 200 `{"ok":true}`, or 503 `{"ok":false,"reason":"…"}` naming each problem. */
function healthRoute(health: () => readonly string[]): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      let problems: readonly string[];
      try {
        problems = health();
      } catch (error) {
        problems = [`health check: ${(error as Error).message}`];
      }
      const ok = problems.length === 0;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(ok ? { ok } : { ok, reason: problems.join('; ') }));
    },
  };
}

/** Whether `header` is `Bearer <token>`, compared in constant time (both sides hashed to one length). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

/**
 * GET /metrics: the metrics in Prometheus' text format. With a token, a request without
 * `Authorization: Bearer <token>` gets 401. A failed scrape answers 500 (the route never throws:
 * Socket Mode's server does not catch).
 */
function metricsRoute(
  metrics: NonNullable<SlackAppOptions['metrics']>,
  token: string | undefined,
  logger: Logger,
): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (req: IncomingMessage, res: ServerResponse) => {
      if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' });
        res.end('a bearer token is required\n');
        return;
      }
      metrics.scrape().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          res.end(body);
        },
        (error: Error) => {
          logger.error('GET /metrics failed:', error.message);
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics are not available\n');
        },
      );
    },
  };
}

const notInstalled = message('STAR Partner is not installed here', [
  ...sections(':wave: STAR Partner is not installed in this workspace. Ask an admin to install it.'),
]);

const sorry = message('Something went wrong', [
  ...sections(':warning: Something went wrong on our side. Nothing you saved was lost: please try again.'),
  context('If it keeps happening, tell the admin who runs STAR Partner.'),
]);

/**
 * An authorization that failed because the first check of SLACK_BOT_TOKEN had not answered in time
 * (the user is asked to try again, as when the app is busy) or failed (the app stops: a failure).
 */
function tokenCheckFailure(error: CodedError) {
  const original = (error as { original?: unknown }).original;
  if (original instanceof BotIdentityPendingError)
    return {
      cause: original,
      why: 'SLACK_BOT_TOKEN was still being checked with Slack',
      reply: busyMessage(),
    };
  if (original instanceof BotTokenError)
    return {
      cause: original,
      why: `SLACK_BOT_TOKEN could not be checked (${original.message})`,
      reply: sorry,
    };
  return undefined;
}

/**
 * Creates the Bolt app: HTTP mode (commands, interactions and events on /slack/events, requests
 * verified with the signing secret) or Socket Mode when an app token is set. Every Web API call goes
 * to `settings.apiUrl` when it is set. Listeners are registered by the caller.
 */
export type SlackApp = {
  readonly app: App;
  /** Resolves when no listener is running (acknowledged requests may still be working after the ack). */
  idle(timeoutMs: number): Promise<void>;
  /** Delivers a stored event (its JSON body) through the listeners again: what it came to. */
  redeliver: IntakeApp['redeliver'];
  /** Runs background work counted by `idle` (a shutdown waits for it). */
  track: IntakeApp['track'];
};

/** Where Slack sends the browser back after an install (manifest.yml's redirect URL). */
const oauthRedirectPath = '/slack/oauth_redirect';

/** Where Slack sends requests (manifest.yml): commands, interactions and events. */
const eventsPath = '/slack/events';

/**
 * Bolt's own install flow (/slack/install → Slack → the redirect), with its state check against
 * forged redirects, in HTTP and in Socket Mode.
 */
function installFlow(
  oauth: NonNullable<SlackSettings['oauth']>,
  installationStore: InstallationStore | undefined,
  clientOptions: webApi.WebClientOptions,
  callbackOptions: CallbackOptions,
) {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: [...botScopes],
    ...(installationStore ? { installationStore } : {}),
    installerOptions: {
      directInstall: false,
      stateVerification: true,
      redirectUriPath: oauthRedirectPath,
      callbackOptions,
      clientOptions,
    },
  };
}

/**
 * What an install's redirect ends with: Bolt's own page (back to Slack), then `onInstalled`, which
 * never fails the install (the page is already sent).
 */
function installCallbacks(
  onInstalled: SlackAppOptions['onInstalled'],
  track: <T>(work: () => Promise<T>) => Promise<T>,
  logger: Logger,
): CallbackOptions {
  return {
    // Read when an install completes: reading it at start-up would load @slack/oauth (with
    // jsonwebtoken and semver) into every app, OAuth or not (the bundle loads it lazily).
    success: (installation, options, req, res) => defaultCallbackSuccess(installation, options, req, res),
    ...(onInstalled
      ? {
          successAsync: async (installation) => {
            try {
              await track(() => onInstalled(installation));
            } catch (error) {
              logger.warn('after an install:', (error as Error).message);
            }
          },
        }
      : {}),
  };
}

/**
 * HTTP mode: Bolt's receiver, behind a guard for what it lets through (`guardRequests`). With
 * OAuth, its own install flow (/slack/install → Slack → the redirect) keeps its state check
 * against forged redirects; installs that Slack starts itself (Install to Workspace on the app's
 * settings page, the App Directory, an org admin's page) come back to the redirect without any
 * `state` (bolt-js #1355, node-slack-sdk #1338): those are completed by a second installer that
 * does not look for one, with the same store.
 */
function httpReceiver(
  settings: SlackSettings,
  installationStore: InstallationStore | undefined,
  logger: Logger,
  customRoutes: CustomRoute[],
  callbackOptions: CallbackOptions,
  clientOptions: webApi.WebClientOptions,
): HTTPReceiver {
  const { signingSecret, oauth } = settings;
  if (!signingSecret) throw new Error('HTTP mode needs the signing secret');
  const firstSight = replayMemory();
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: [eventsPath],
    ...(oauth ? installFlow(oauth, installationStore, clientOptions, callbackOptions) : {}),
    customRoutes,
    logger,
    logLevel: logger.getLevel(),
    port: settings.port,
    // An event that could not be stored before its acknowledgement is answered 503 (Slack retries it).
    processEventErrorHandler: intakeErrorHandler,
    // Called once Bolt has verified the signature: a replay is marked, and refused (`IntakeApp`).
    customPropertiesExtractor: (req) => (firstSight(req) ? {} : { [replayedProperty]: true }),
  });
  const guarded = guardRequests(receiver.requestListener, { signingSecret, path: eventsPath, logger });
  if (!oauth) {
    receiver.requestListener = guarded;
    return receiver;
  }
  const slackStarted = new InstallProvider({
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateVerification: false,
    ...(installationStore ? { installationStore } : {}),
    clientOptions,
    logger,
  });
  receiver.requestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === oauthRedirectPath && !url.searchParams.has('state')) {
      slackStarted.handleCallback(req, res, callbackOptions).catch((error: Error) => {
        logger.error('an install started by Slack failed:', error.message);
      });
      return;
    }
    guarded(req, res);
  };
  return receiver;
}

export function createSlackApp({
  settings,
  logger,
  health,
  metrics,
  fetch,
  installationStore,
  onEnterpriseTeam,
  botIdentity,
  pendingBotIdentity,
  intake,
  onInstalled,
}: SlackAppOptions): SlackApp {
  // One workspace with a bot token, or many through Bolt's OAuth install flow
  // (/slack/install, /slack/oauth_redirect) with installations on SQLite.
  // /healthz and /metrics: on PORT in HTTP mode and in Socket Mode alike.
  const customRoutes = [
    healthRoute(health),
    ...(metrics ? [metricsRoute(metrics, settings.metricsToken, logger)] : []),
  ];
  const oauth = settings.oauth;
  // Every Web API client made for the app (Bolt's, the installers'): Slack's address, and how to call it.
  const webApiOptions: webApi.WebClientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    ...(fetch ? { fetch } : {}),
  };
  // The app does not exist yet when the receiver is made: work after an install is counted once it does.
  let made: IntakeApp | undefined;
  const callbackOptions = installCallbacks(onInstalled, (work) => (made ? made.track(work) : work()), logger);
  const credentials: AppOptions = oauth
    ? settings.mode === 'socket'
      ? installFlow(oauth, installationStore, webApiOptions, callbackOptions)
      : {}
    : pendingBotIdentity && settings.botToken && !botIdentity
      ? { authorize: authorizeOnceKnown(settings.botToken, pendingBotIdentity) }
      : {
          token: settings.botToken,
          ...(botIdentity ? { botId: botIdentity.botId, botUserId: botIdentity.botUserId } : {}),
        };
  const common: AppOptions = {
    ...credentials,
    ...(settings.mode === 'socket'
      ? { customRoutes }
      : {
          receiver: httpReceiver(
            settings,
            installationStore,
            logger,
            customRoutes,
            callbackOptions,
            webApiOptions,
          ),
        }),
    logger,
    // Bolt sets its logger to its own level (info) unless told: the operator's LOG_LEVEL holds.
    logLevel: logger.getLevel(),
    // No listener keeps state per conversation (`context.updateConversation`); Bolt's default store
    // would look each request's conversation up, and make an Error for every one not found.
    convoStore: false,
    extendedErrorHandler: true,
    clientOptions: {
      ...webApiOptions,
      // A user is waiting: retry briefly, never for Slack's default half hour, and hand a 429 back
      // (the user is told to try again in a minute) instead of sleeping through its Retry-After.
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
      rejectRateLimitedCalls: true,
    },
  };
  const app =
    settings.mode === 'socket'
      ? new IntakeApp(
          { ...common, logger, socketMode: true, appToken: settings.appToken, port: settings.port },
          intake,
        )
      : new IntakeApp({ ...common, logger }, intake);
  made = app;

  // Workspaces of an org-wide install are remembered, so scheduled work finds the org's token.
  if (settings.oauth && onEnterpriseTeam) {
    app.use(async ({ context, next }) => {
      if (context.isEnterpriseInstall && context.enterpriseId && context.teamId) {
        onEnterpriseTeam(context.teamId, context.enterpriseId);
      }
      await next();
    });
  }

  // One place for unexpected failures: log them, and tell the user instead of leaving them waiting.
  type FailedRequest = { error: CodedError; logger: Logger; body?: unknown };
  app.error(async ({ error, logger: log, body }: FailedRequest) => {
    const tokenCheck = error.code === ErrorCode.AuthorizationError ? tokenCheckFailure(error) : undefined;
    // An event that failed is delivered again from the inbox; one that came while the bot token was
    // being checked too (no authorization failure: those of a workspace without an installation go).
    app.noteFailure(body, tokenCheck ? asCodedError(tokenCheck.cause) : error);
    const url = parsed(responseUrlSchema, body)?.response_url;
    if (tokenCheck) {
      // A first start still checking SLACK_BOT_TOKEN (or failing to): events come again from the inbox.
      log.warn(
        `a request came while ${tokenCheck.why}: ${url !== undefined ? 'the user was told' : 'not answered'}`,
      );
      // Not awaited: the request already waited for the check, and Bolt acknowledges it only after this.
      if (url !== undefined)
        void app.track(() =>
          sendToResponseUrl(url, {
            replace_original: false,
            response_type: 'ephemeral',
            ...tokenCheck.reply,
          }),
        ); // (it never rejects: a failed send is `false`)
      return;
    }
    if (error.code === ErrorCode.AuthorizationError) {
      // A workspace without an installation (uninstalled, or never installed): say so, no stack.
      log.warn('request from a workspace without an installation');
      if (url !== undefined) {
        await sendToResponseUrl(url, {
          replace_original: false,
          response_type: 'ephemeral',
          ...notInstalled,
        });
      }
      return;
    }
    log.error('listener failed:', error.original ?? error);
    if (url !== undefined) {
      await sendToResponseUrl(url, { replace_original: false, response_type: 'ephemeral', ...sorry });
    }
  });
  return {
    app,
    idle: (timeoutMs) => app.idle(timeoutMs),
    redeliver: (body) => app.redeliver(body),
    track: (work) => app.track(work),
  };
}
