import { chmodSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import type { DeliverySettings, SlackSettings, StorageSettings } from './config.js';
import { analyseAnswer } from './domain/coach.js';
import { formatDeckError, type Library } from './domain/deck.js';
import { publicHolidayOn } from './domain/holidays.js';
import { redelivery } from './domain/redelivery-policy.js';
import { defaultWeights, type ReactionWeights } from './domain/scoring.js';
import { countedIntake, countedRecords, observedPoster, type RecordCounter } from './metrics/instrument.js';
import { createMetrics } from './metrics/metrics.js';
import {
  type DailyScheduler,
  startDailyScheduler,
  type Ticker,
  watchPasses,
} from './scheduler/daily-scheduler.js';
import { createPurgeWorker, type PurgeWorker } from './scheduler/purge-worker.js';
import { type App, createSlackApp, type Logger } from './slack/app.js';
import {
  type BotIdentity,
  BotIdentityPendingError,
  checkBotTokenLater,
  identityToCome,
  verifyBotToken,
} from './slack/bot-token.js';
import { slackDailyPoster } from './slack/daily-poster.js';
import { httpFetch } from './slack/http-fetch.js';
import { sqliteInstallationStore } from './slack/installation-store.js';
import { registerListeners } from './slack/listeners/index.js';
import { checkEveryRequest } from './slack/listeners/request-checks.js';
import { createLogger } from './slack/logger.js';
import { onboardingPosters } from './slack/onboarding-poster.js';
import { slackPairsPoster } from './slack/pairs-poster.js';
import { slackPeople } from './slack/people.js';
import {
  clientsPerTeam,
  createDeliveryClient,
  createLookupClient,
  observedFetch,
} from './slack/web-client.js';
import { welcome, welcomeAfterInstall } from './slack/welcome.js';
import { createAnswerRepository } from './storage/answer-repository.js';
import { createBotIdentityRepository } from './storage/bot-identity-repository.js';
import { createCardRepository } from './storage/card-repository.js';
import { createChannelSettingsRepository } from './storage/channel-settings-repository.js';
import { type Checkpointer, startCheckpointer } from './storage/checkpointer.js';
import {
  appBusyTimeoutMs,
  busyTimeoutOf,
  checkpoint,
  type Db,
  isHealthy,
  type LockWatch,
  openDatabase,
  openExistingDatabase,
  watchLock,
} from './storage/database.js';
import { createDeckCacheRepository } from './storage/deck-cache-repository.js';
import { keptLater, loadDecks, readPrebuiltDecks } from './storage/deck-files.js';
import { createEventInboxRepository } from './storage/event-inbox-repository.js';
import { groupCommit } from './storage/group-commit.js';
import {
  createInstallationRepository,
  type InstallationRepository,
} from './storage/installation-repository.js';
import { createLeaderboardRepository } from './storage/leaderboard-repository.js';
import { type Migration, migrate, migrationsId, readMigrations } from './storage/migrate.js';
import { createOnboardingRepository } from './storage/onboarding-repository.js';
import { createOutboxRepository } from './storage/outbox-repository.js';
import { createOutboxStats } from './storage/outbox-stats-repository.js';
import { createPairsRepository } from './storage/pairs-repository.js';
import { createPersonalDataRepository } from './storage/personal-data-repository.js';
import { createPracticeRepository } from './storage/practice-repository.js';
import { createPurgeJobRepository } from './storage/purge-job-repository.js';
import { createReminderRepository } from './storage/reminder-repository.js';
import { createReviewRepository } from './storage/review-repository.js';
import { createSharedQuestionRepository } from './storage/shared-question-repository.js';
import { createStoryRepository } from './storage/story-repository.js';
import { createSubscriptionRepository } from './storage/subscription-repository.js';
import { createThreadAnswerRepository } from './storage/thread-answer-repository.js';
import { createWorkspaceDeliveryRepository } from './storage/workspace-delivery-repository.js';
import { createWorkspaceRepository } from './storage/workspace-repository.js';
import type { SessionIo } from './terminal/practice-session.js';
import type { CoachDeps } from './use-cases/coaching.js';
import type { PracticeDeps } from './use-cases/deps.js';
import {
  type InboxDeps,
  inOneCommit,
  type Redeliver,
  type RedeliveryReport,
  receiveEvents,
  redeliverEvents,
  settleEvents,
} from './use-cases/event-inbox.js';
import type { OnboardingDeps } from './use-cases/onboarding.js';
import {
  type DispatcherDeps,
  type DispatchOptions,
  type DispatchReport,
  dispatchWhilePlanning,
} from './use-cases/outbox-dispatcher.js';
import { type PairsDeps, type PairsPoster, pairsKinds, planPairsRounds } from './use-cases/pairs.js';
import type { People, ReviewDeps } from './use-cases/peer-review.js';
import type { PersonalDataDeps } from './use-cases/personal-data.js';
import {
  type DailyPoster,
  dailyPostKinds,
  type PlanDeps,
  type PlanReport,
  planDailyPosts,
  planDailyPostsInTurns,
} from './use-cases/plan-daily-posts.js';
import { purgeBatch } from './use-cases/purge-jobs.js';
import type { StoryDeps } from './use-cases/stories.js';
import type { SubscriptionDeps } from './use-cases/subscriptions.js';
import type { ThreadDeps } from './use-cases/thread-answers.js';
import { classifyStoredReplies } from './use-cases/thread-answers.js';
import type { WorkspaceDeps } from './use-cases/workspaces.js';

/**
 * The composition root: settings → database → migrations → decks → repositories → Slack app →
 * listeners → scheduler → start. The only module that wires things together.
 */

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));
/** The shipped decks as parsed by `npm run build`, beside the bundle (none beside src/: parsed as usual). */
const prebuiltDecksFile = fileURLToPath(new URL('./parsed-decks.json', import.meta.url));
/**
 * A new database with exactly these migrations applied, made by `npm run build` beside the bundle:
 * a first start copies it instead of applying them (none beside src/: they are applied as usual).
 */
const newDatabaseFile = (migrations: readonly Migration[]) =>
  fileURLToPath(new URL(`./new-database-${migrationsId(migrations)}.db`, import.meta.url));

export class StartupError extends Error {
  override name = 'StartupError';
}

export type Clock = { now: () => number; random: () => number; sleep: (ms: number) => Promise<void> };
export const realClock: Clock = {
  now: () => Date.now(),
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type Core = {
  readonly db: Db;
  readonly library: Library;
  readonly practice: PracticeDeps;
  readonly subscriptions: SubscriptionDeps;
  readonly threads: ThreadDeps;
  dailyDeps(poster: DailyPoster, pairsPoster: PairsPoster): DailyPassDeps;
  /** Mock interviews in pairs: rounds, members, groups, feedback. */
  readonly pairs: PairsDeps;
  /** Each user's own STAR stories (the story bank). */
  readonly stories: StoryDeps;
  reviewDeps(weights: ReactionWeights, people: People): ReviewDeps;
  readonly personal: PersonalDataDeps;
  readonly coach: CoachDeps;
  readonly installations: InstallationRepository;
  readonly workspaces: WorkspaceDeps;
  /** The messages sent once: the welcome, channel introductions, the help after a mention. */
  readonly onboarding: OnboardingDeps;
  /** The event inbox: events stored before they are acknowledged, until they are done. */
  readonly inbox: InboxDeps;
  /** Large deletes (uninstall, forget-me) in batches, in the background: woken by `startApp`. */
  readonly purges: PurgeWorker;
  /** Another process holding the write lock: once met, the connection stops waiting for it. */
  readonly lock: LockWatch;
  close(): void;
};

/**
 * Opens and migrates the database, loads the decks (refusing any error; unchanged decks from the
 * database, shipped ones as parsed by the build), builds repositories. The connection waits
 * `busyTimeoutMs` for another's lock (default: patient, for the command line); with
 * `checkpointThread`, WAL checkpoints run in a thread of their own instead of in its commits. With
 * `keepDecksLater`, the decks parsed now are written to the database only at `keepParsedDecks()`
 * (the app: once it listens); otherwise at once.
 */
export function openCore(
  settings: StorageSettings,
  clock: Clock = realClock,
  options: {
    busyTimeoutMs?: number;
    logger?: Logger;
    checkpointThread?: boolean;
    records?: RecordCounter;
    keepDecksLater?: boolean;
  } = {},
): Core & { keepParsedDecks(): void } {
  let migrations: Migration[];
  try {
    migrations = readMigrations(migrationsDir);
  } catch (error) {
    throw new StartupError(`${settings.dbPath}: ${(error as Error).message}`);
  }
  const db = openDatabase(settings.dbPath, { ...options, template: newDatabaseFile(migrations) });
  try {
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw new StartupError(`${settings.dbPath}: ${(error as Error).message}`);
  }
  // Decks unchanged since their last parse are read from the database (migration 0015), the shipped
  // decks as the build parsed them; only the others are parsed.
  const cache = options.keepDecksLater
    ? keptLater(createDeckCacheRepository(db))
    : { cache: createDeckCacheRepository(db), keep: () => {} };
  const decks = loadDecks(settings.storiesDir, {
    cache: cache.cache,
    // The running code's file: decks parsed by the build of this very code are read as its own.
    prebuilt: readPrebuiltDecks(prebuiltDecksFile, fileURLToPath(import.meta.url)),
    now: clock.now,
  });
  if (!decks.ok) {
    db.close();
    throw new StartupError(
      `the story decks in ${settings.storiesDir} have errors, so nothing is served:\n${decks.errors.map(formatDeckError).join('\n')}`,
    );
  }
  const logger = options.logger;
  const checkpointer =
    options.checkpointThread && !db.memory
      ? startCheckpointer(db, settings.dbPath, {
          onError: (error) =>
            logger?.warn(`WAL checkpoints are back in the app's connection: ${error.message}`),
        })
      : undefined;
  const core = coreOn(db, decks.library, clock, { ...options, checkpointer });
  // Replies stored before answers were told from comments (migration 0011) get their kind first.
  const classified = classifyStoredReplies(core.threads);
  if (classified > 0) logger?.info(`told answers from comments in ${classified} earlier thread replies`);
  return { ...core, keepParsedDecks: cache.keep };
}

/**
 * The repositories on an open, migrated database, and what each use case needs of them (the
 * use-case tests build their world with it too, on an in-memory database).
 */
export function coreOn(
  db: Db,
  library: Library,
  clock: Clock,
  options: {
    logger?: Logger | undefined;
    checkpointer?: Checkpointer | undefined;
    /** Counts the answers and reactions recorded (the app's metrics). */
    records?: RecordCounter | undefined;
  } = {},
): Core {
  const { checkpointer } = options;
  const counted = countedRecords(options.records);
  // IMMEDIATE: take the write lock up front, so a read-then-write never fails on a busy snapshot.
  // One transaction function for all (making one per call, as `db.transaction(fn)` does, cost more
  // than a small transaction's statements).
  const inTransaction = db.transaction(<T>(fn: () => T): T => fn());
  const atomically = <T>(fn: () => T): T => inTransaction.immediate(fn) as T;
  // One group commit for the connection: the writes of one turn (views, reactions) share a commit.
  const later = groupCommit(db);
  const lock = watchLock(db, { busyTimeoutMs: busyTimeoutOf(db) });
  const jobs = createPurgeJobRepository(db);
  const personalData = createPersonalDataRepository(db);
  const workspaces = createWorkspaceRepository(db);
  const purges = createPurgeWorker({
    // A closed database (the core closed under it) leaves nothing to do.
    batch: (limit) =>
      db.open ? purgeBatch({ jobs, workspaces, personalData, atomically }, limit) : { kind: 'idle' },
    checkpoint: () => (checkpointer ? checkpointer.truncate() : !db.open || checkpoint(db)),
    // Between batches: the WAL copied first if the purge has filled it, then a turn of the event loop.
    ...(checkpointer
      ? {
          pause: async () => {
            await checkpointer.keepUp();
            await new Promise((resolve) => setImmediate(resolve));
          },
        }
      : {}),
    busy: lock.busy,
    logger: options.logger ?? createLogger('warn'),
    sleep: clock.sleep,
  });
  const practiceRepository = createPracticeRepository(db);
  const shared = createSharedQuestionRepository(db);
  const subscriptions = createSubscriptionRepository(db);
  const outbox = createOutboxRepository(db);
  const threadAnswers = counted.threadAnswers(createThreadAnswerRepository(db));
  const leaderboard = createLeaderboardRepository(db);
  const reminders = createReminderRepository(db);
  const cards = createCardRepository(db);
  const reviewRepository = counted.reviews(createReviewRepository(db));
  const installations = createInstallationRepository(db);
  const answers = counted.answers(createAnswerRepository(db));
  const workspaceDelivery = createWorkspaceDeliveryRepository(db);
  const pairsDeps: PairsDeps = {
    pairs: createPairsRepository(db),
    subscriptions,
    outbox,
    library,
    practice: practiceRepository,
    atomically,
    random: clock.random,
    now: clock.now,
  };
  return {
    db,
    library,
    practice: {
      library,
      practice: practiceRepository,
      cards,
      answers,
      shared,
      threadAnswers,
      atomically,
      later,
      random: clock.random,
    },
    subscriptions: { subscriptions, outbox, holidays: publicHolidayOn },
    threads: {
      library,
      outbox,
      shared,
      threadAnswers,
      practice: practiceRepository,
      reviews: reviewRepository,
      weights: defaultWeights,
      atomically,
    },
    personal: { library, personalData, reminders, jobs, purges, atomically, pairs: pairsDeps.pairs },
    coach: { threadAnswers, answers, channelSettings: createChannelSettingsRepository(db), subscriptions },
    installations,
    onboarding: { onboarding: createOnboardingRepository(db), subscriptions, atomically },
    inbox: {
      inbox: createEventInboxRepository(db),
      installedSince: (teamId, at) => installations.installedSince(teamId, at),
      atomically,
      now: clock.now,
    },
    workspaces: {
      workspaces,
      delivery: workspaceDelivery,
      installations,
      jobs,
      purges,
      atomically,
    },
    reviewDeps: (weights, people) => ({
      reviews: reviewRepository,
      threadAnswers,
      leaderboard,
      subscriptions,
      weights,
      people,
      atomically,
      later,
    }),
    pairs: pairsDeps,
    stories: { stories: createStoryRepository(db), library, threadAnswers, atomically },
    dailyDeps: (poster, pairsPoster) => ({
      pairs: pairsDeps,
      plan: {
        library,
        subscriptions,
        outbox,
        reminders,
        holidays: publicHolidayOn,
        atomically,
        random: clock.random,
        now: clock.now,
      },
      dispatch: {
        outbox,
        workspaceDelivery,
        // Every outbox kind and its sender; a new kind (mock-interview rounds, say) is added here.
        kinds: new Map([
          ...dailyPostKinds({
            library,
            subscriptions,
            reminders,
            leaderboard,
            cards,
            poster,
            holidays: publicHolidayOn,
            now: clock.now,
          }),
          ...pairsKinds({ ...pairsDeps, poster: pairsPoster }),
        ]),
        lookup: poster,
        now: clock.now,
        sleep: clock.sleep,
      },
    }),
    purges,
    lock,
    close: () => {
      purges.stop();
      lock.stop();
      checkpointer?.close();
      db.close();
    },
  };
}

export type PassOptions = DispatchOptions & { readonly dryRun?: boolean };
export type PassReport = PlanReport & DispatchReport;
/** The daily pass: the planner's and the outbox dispatcher's dependencies. */
type DailyPassDeps = {
  readonly plan: PlanDeps;
  readonly pairs: PairsDeps;
  readonly dispatch: DispatcherDeps;
};

/**
 * One daily pass as if at `at`: plan what is due (questions, recaps, reminders), and deliver the
 * outbox (unless a dry run), sending each commit of the plan while the rest is planned. The cron
 * tick, `star daily` and the tests all run this.
 */
async function runDailyPass(deps: DailyPassDeps, at: number, options: PassOptions = {}): Promise<PassReport> {
  if (options.dryRun) {
    const planned = planDailyPosts(deps.plan, at, { dryRun: true });
    return { ...planned, posted: [], failed: [], waiting: [], pausedWorkspaces: [] };
  }
  const { planned, dispatched } = await dispatchWhilePlanning(
    deps.dispatch,
    async (committed) => {
      const planned = await planDailyPostsInTurns(deps.plan, at, committed, options.signal);
      // Mock-interview rounds and their nudges (a round's groups are drawn once: never in a dry run).
      for (const p of planPairsRounds(deps.pairs, at))
        planned.planned.push({
          teamId: p.teamId,
          channelId: p.channelId,
          localDate: p.localDate,
          questionId: p.what,
        });
      committed();
      return planned;
    },
    options,
  );
  return { ...planned, ...dispatched };
}

export type RunningApp = {
  readonly app: App;
  /** The HTTP port actually listened on (useful with PORT=0). */
  readonly port: number;
  /** Resolves when no listener is still working after its ack (tests wait on it). */
  idle(): Promise<void>;
  /** Runs one daily pass now, as the scheduler does each minute. */
  runDailyPass(at: number, options?: PassOptions): Promise<PassReport>;
  /**
   * Delivers again the stored events that are due (their lease or back-off has ended), as the app
   * does at start-up and every `redelivery.everyMs`. Passes run one at a time.
   */
  redeliverEvents(): Promise<RedeliveryReport>;
  /**
   * Resolves once the app has stopped by itself: it checks SLACK_BOT_TOKEN right after listening,
   * and stops when Slack refuses it (or, at a first start, when Slack cannot be asked: there is no
   * stored identity to serve with), with the error that says why (`star serve` then exits 1).
   * Never resolves otherwise.
   */
  readonly halted: Promise<StartupError>;
  stop(): Promise<void>;
};

/**
 * Web API clients per workspace, from its bot token: for deliveries (no automatic retries: the
 * outbox decides), and for looking people up (who they are, remembered for an hour).
 */
function slackClients(
  settings: Pick<DeliverySettings, 'botToken' | 'apiUrl'>,
  core: Core,
  logger: Logger,
  now: () => number,
  fetch?: ReturnType<typeof observedFetch>,
) {
  const tokenFor = (teamId: string) => settings.botToken ?? core.installations.botTokenForTeam(teamId);
  const lookup = clientsPerTeam({
    tokenFor,
    make: (token) => createLookupClient({ token, apiUrl: settings.apiUrl, logger, fetch }),
  });
  const delivery = clientsPerTeam({
    tokenFor,
    make: (token) => createDeliveryClient({ token, apiUrl: settings.apiUrl, logger, fetch }),
  });
  return { delivery, people: slackPeople(lookup, now, createLeaderboardRepository(core.db)) };
}

/** Starts the Slack app (HTTP or Socket Mode) and, unless told not to, the daily scheduler. */
export async function startApp(
  settings: SlackSettings,
  options: {
    logger?: Logger;
    clock?: Clock;
    scheduler?: boolean;
    /** Redelivers stored events on a timer (default true; the pass at start-up runs regardless). */
    redeliveryTimer?: boolean;
    /** Wraps the daily poster (tests simulate crashes with it). */
    decoratePoster?: (poster: DailyPoster) => DailyPoster;
    /** Ticks the scheduler (default: node-cron, once a minute; tests tick it themselves). */
    ticker?: Ticker;
  } = {},
): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  const clock = options.clock ?? realClock;
  // GET /metrics: the outbox counted at each scrape, the rest counted through the ports wired below.
  const metrics = createMetrics(new Registry(), {
    outboxRows: () => outboxStats.byStateAndKind(clock.now()),
    processMetrics: true,
    onCollectError: (error) => logger.warn(`metrics: the outbox could not be counted: ${error.message}`),
  });
  // Every Web API request over node:http with keep-alive (about half the CPU of Node's fetch a call).
  const slackHttp = httpFetch();
  const slackFetch = observedFetch(metrics.apiCall, slackHttp.fetch);
  // Requests wait at most a moment for another process's lock (then: "busy, try again").
  const core = openCore(settings, clock, {
    busyTimeoutMs: appBusyTimeoutMs,
    logger,
    checkpointThread: true,
    records: metrics,
    keepDecksLater: true, // written once the app listens
  });
  const outboxStats = createOutboxStats(core.db);
  // GET /healthz: the database answers, the scheduler (when it runs) completed a pass lately, and a
  // first start's bot token has been checked.
  const passes = options.scheduler === false ? undefined : watchPasses(clock.now());
  const health = () =>
    [
      isHealthy(core.db) ? undefined : 'database: does not answer',
      passes?.problem(clock.now()),
      comingIdentity && !comingIdentity.known() ? 'slack: checking the bot token (auth.test)' : undefined,
    ].filter((problem) => problem !== undefined);
  const installationStore = sqliteInstallationStore(core.installations, clock.now);
  // One workspace (SLACK_BOT_TOKEN): the bot's identity. The app listens at once and checks the token
  // right after (`checkBotTokenLater`): a restart with a token whose identity was stored serves with
  // that identity meanwhile; a first start (or a new token) has none yet, so its requests wait for
  // the check (`identityToCome`), and /healthz says 503 until it has answered.
  const botToken = settings.botToken;
  const identities = createBotIdentityRepository(core.db);
  const verifyToken = (token: string) =>
    verifyBotToken(createLookupClient({ token, apiUrl: settings.apiUrl, logger, fetch: slackFetch }));
  const rememberIdentity = (token: string, identity: BotIdentity) => {
    if (!identity.teamId) return; // a token of no workspace: nothing stored, each start waits for the check
    try {
      identities.remember(token, { ...identity, teamId: identity.teamId }, clock.now());
    } catch (error) {
      core.lock.busy(error);
      logger.warn(
        `the bot's identity was not stored (the next start checks the token first): ${(error as Error).message}`,
      );
    }
  };
  const findIdentity = (token: string) => {
    try {
      return identities.find(token);
    } catch (error) {
      core.lock.busy(error); // not readable now (another process's lock): check the token first
      logger.warn(`the bot's stored identity could not be read: ${(error as Error).message}`);
      return undefined;
    }
  };
  const knownIdentity = botToken ? findIdentity(botToken) : undefined;
  const comingIdentity = botToken && !knownIdentity ? identityToCome() : undefined;
  // The welcome, channel introductions and the help after a mention: each sent once.
  const firstContact = {
    onboarding: core.onboarding,
    posterFor: onboardingPosters({ apiUrl: settings.apiUrl, logger, fetch: slackFetch }),
    logger,
    now: clock.now,
  };
  const { app, idle, redeliver, track } = createSlackApp({
    settings,
    logger,
    health,
    metrics,
    fetch: slackFetch,
    installationStore,
    onInstalled: welcomeAfterInstall(firstContact),
    ...(knownIdentity ? { botIdentity: knownIdentity } : {}),
    ...(comingIdentity ? { pendingBotIdentity: comingIdentity.within } : {}),
    onEnterpriseTeam: (teamId, enterpriseId) => {
      try {
        core.installations.linkTeam(teamId, `E:${enterpriseId}`);
      } catch (error) {
        if (!core.lock.busy(error)) throw error; // linked on a later request
      }
    },
    intake: countedIntake(
      {
        receive: (events) => {
          try {
            return receiveEvents(core.inbox, events);
          } catch (error) {
            core.lock.busy(error); // a lock held elsewhere: the next events are refused without waiting
            throw error;
          }
        },
        settle: (settlements) => settleEvents(core.inbox, settlements),
        together: (work) => inOneCommit(core.inbox, work),
      },
      metrics,
    ),
  });
  const { delivery, people } = slackClients(settings, core, logger, clock.now, slackFetch);
  const reviews = core.reviewDeps(settings.reactionWeights, people);
  registerListeners(app, {
    practice: core.practice,
    subscriptions: core.subscriptions,
    threads: { ...core.threads, weights: settings.reactionWeights },
    reviews,
    personal: core.personal,
    coach: core.coach,
    workspaces: core.workspaces,
    onboarding: core.onboarding,
    onboardingPoster: firstContact.posterFor,
    channelSettings: {
      subscriptions: core.subscriptions,
      coach: core.coach,
      plan: {
        library: core.library,
        outbox: core.subscriptions.outbox,
        atomically: core.practice.atomically,
        random: clock.random,
        now: clock.now,
      },
      pairs: core.pairs,
    },
    pairs: core.pairs,
    stories: core.stories,
    // "Post today's question now": a pass at once rather than at the next minute (claims keep it once).
    sendSoon: () => {
      track(() => runPass(clock.now())).catch((error: unknown) =>
        logger.error('sending at once failed:', error),
      );
    },
    now: clock.now,
  });
  app.use(
    checkEveryRequest({
      busy: core.lock.busy,
      workspaces: core.workspaces,
    }),
  );

  // Each post Slack takes: its lag behind the minute it was scheduled for.
  const poster = observedPoster(slackDailyPoster(delivery, people), {
    schedules: {
      subscriptions: { postingTime: core.subscriptions.subscriptions.postingTime },
      reminders: core.personal.reminders,
    },
    now: clock.now,
    metrics,
  });
  const daily = core.dailyDeps(
    options.decoratePoster ? options.decoratePoster(poster) : poster,
    slackPairsPoster(delivery),
  );
  const runPass = async (at: number, passOptions?: PassOptions) => {
    const report = await patiently(() => runDailyPass(daily, at, passOptions), {
      busy: core.lock.busy,
      clock,
      signal: passOptions?.signal,
    });
    for (const post of report.posted)
      logger.info(`daily question posted to ${post.channelId} (${post.localDate})`);
    for (const failure of report.failed) {
      logger.warn(
        `daily question to ${failure.channelId} failed: ${failure.error}${failure.paused ? ' (channel paused)' : ''}`,
      );
    }
    return report;
  };

  let port = settings.port;
  try {
    const started = await app.start(settings.port);
    const address = (started as Server | undefined)?.address?.();
    if (address && typeof address === 'object') port = (address as AddressInfo).port;
  } catch (error) {
    core.close();
    throw error;
  }
  logger.info(
    `STAR Partner is up (${settings.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${port}, /slack/events`}), serving ${core.library.questions.length} questions from ${core.library.decks.length} deck(s)`,
  );
  // The decks this start parsed (or read from the build's), written for the next start's sake.
  core.keepParsedDecks();
  // The rest starts once the app listens; none of it is needed to answer a request. (The scheduler's
  // first look at the clock is the process's first Intl.DateTimeFormat: ICU's set-up, tens of ms.)
  // With a bot token, checked after listening, it waits for that check: a post sent with a token
  // Slack then refuses would pause the workspace's delivery until someone there uses the app.
  let scheduler: DailyScheduler | undefined;
  const redeliveries = redeliveryRunner(core.inbox, redeliver, logger, options.redeliveryTimer !== false);
  core.purges.wake(); // the jobs a stop or a crash left unfinished (local work: it needs no token)
  let background = false;
  const startBackground = () => {
    if (background) return;
    background = true;
    scheduler =
      options.scheduler === false
        ? undefined
        : startDailyScheduler({
            runPass: (at, signal) => runPass(at, { signal }),
            logger,
            ...(options.ticker ? { ticker: options.ticker } : {}),
            onPassEnd: (pass) => {
              const at = clock.now();
              passes?.ended(pass, at);
              metrics.schedulerPass({ seconds: pass.ms / 1000, ok: pass.ok, endedAt: at });
            },
          });
    redeliveries.start();
    // One workspace: Slack does not say who installed the app, so only a configured installer is welcomed.
    if (settings.botToken && settings.installerUserId) {
      const { botToken, installerUserId: userId } = settings;
      const teamId = (knownIdentity ?? comingIdentity?.known())?.teamId;
      if (teamId)
        track(() => welcome(firstContact, { teamId, userId, botToken })).catch(() => {}); // logged there
      else logger.warn('auth.test named no workspace: the installer is not welcomed');
    }
  };
  // The coach's patterns compile on first use (~0.3 s): do it now, not in a user's first request.
  setImmediate(() => analyseAnswer({ text: 'I rewrote the cache, so p95 fell from 900 ms to 120 ms.' }));

  let stopped: Promise<void> | undefined;
  const stop = () => {
    // Within the 10 s a shutdown gets: the scheduler and the redelivery timer start nothing new (a
    // send or a redelivery in flight gets up to 5 s), requests stop, listeners still working after
    // their ack finish, the database closes. An event cut short is delivered again after a restart.
    stopped ??= (async () => {
      tokenCheck?.stop();
      comingIdentity?.fail(new BotIdentityPendingError()); // requests waiting for it: "try again"
      background = true; // nothing starts any more
      const scheduling = Promise.all([scheduler?.stop(), redeliveries.stop()]);
      await app.stop();
      await Promise.race([scheduling, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await idle(3_000);
      core.close();
      slackHttp.close();
    })();
    return stopped;
  };
  // The token is checked now. Refused (or, at a first start, not checked at all: Slack out of reach)
  // → the app stops, with the message that says why (`star serve` exits 1); a stored identity goes.
  let halt: (error: StartupError) => void = () => {};
  const halted = new Promise<StartupError>((resolve) => {
    halt = resolve;
  });
  const tokenCheck = botToken
    ? checkBotTokenLater({
        verify: () => verifyToken(botToken),
        known: knownIdentity,
        onChecked: (identity) => {
          comingIdentity?.settle(identity); // requests waiting for it go on
          rememberIdentity(botToken, identity);
        },
        onTrusted: startBackground,
        onStop: (error) => {
          logger.error(error.message);
          comingIdentity?.fail(error);
          if (knownIdentity) {
            try {
              identities.forget(botToken, knownIdentity.teamId);
            } catch (forgetError) {
              core.lock.busy(forgetError);
              logger.warn(`the bot's stored identity was not removed: ${(forgetError as Error).message}`);
            }
          }
          stop()
            .catch((stopError: unknown) => logger.error('could not stop cleanly:', stopError))
            .finally(() => halt(new StartupError(error.message)));
        },
        logger,
        track,
      })
    : undefined;
  if (!tokenCheck) startBackground();

  return {
    app,
    port,
    idle: async () => {
      await idle(10_000);
      await core.purges.idle(10_000);
    },
    runDailyPass: runPass,
    redeliverEvents: redeliveries.pass,
    halted,
    stop,
  };
}

/**
 * Redelivery of stored events: one pass now (start-up) and, with `timer`, one every
 * `redelivery.everyMs`; passes never overlap (a tick during a pass is skipped, an explicit pass waits
 * for the one running). What each pass did is logged.
 */
function redeliveryRunner(inbox: InboxDeps, deliver: Redeliver, logger: Logger, timer: boolean) {
  let pending = 0;
  let last: Promise<unknown> = Promise.resolve();
  const once = async (): Promise<RedeliveryReport> => {
    const report = await redeliverEvents(inbox, deliver);
    for (const event of report.done)
      logger.info(`event ${event.eventId} (${event.eventType}) delivered again`);
    for (const event of report.retrying)
      logger.warn(`event ${event.eventId} (${event.eventType}) failed again: it is tried later`);
    for (const event of report.gaveUp) {
      logger.error(
        `event ${event.eventId} (${event.eventType}) of ${event.teamId} failed ${redelivery.maxAttempts} times: given up`,
      );
    }
    for (const event of report.stale)
      logger.info(
        `event ${event.eventId} (${event.eventType}) not replayed: the app was installed again since`,
      );
    for (const event of report.dropped)
      logger.info(`event ${event.eventId} (${event.eventType}) dropped: ${event.teamId} has no installation`);
    return report;
  };
  const pass = (): Promise<RedeliveryReport> => {
    pending += 1;
    const next = last.then(once).finally(() => {
      pending -= 1;
    });
    last = next.catch((error: unknown) => logger.error('redelivering stored events failed:', error));
    return next;
  };
  const tick = () => {
    if (pending === 0) pass().catch(() => {}); // logged in `last`
  };
  let interval: NodeJS.Timeout | undefined;
  return {
    pass,
    /** The pass at start-up, then one every `redelivery.everyMs` (with `timer`). */
    start: () => {
      tick();
      interval = timer ? setInterval(tick, redelivery.everyMs) : undefined;
      interval?.unref();
    },
    stop: async () => {
      if (interval) clearInterval(interval);
      await last;
    },
  };
}

/**
 * Background work in the app's process, made patient without blocking it: when another process
 * holds the database (SQLite busy), `work` is run again after a pause (0.1 s, doubling, at most 2 s),
 * for up to `forMs` (default 30 s) or until `signal` aborts. For work that is safe to repeat: a daily
 * pass plans each post once, and a post in doubt is looked up before anything is sent again.
 */
async function patiently<T>(
  work: () => Promise<T>,
  options: {
    busy: (error: unknown) => boolean;
    clock: Clock;
    signal?: AbortSignal | undefined;
    forMs?: number;
  },
): Promise<T> {
  const giveUpAt = options.clock.now() + (options.forMs ?? 30_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!options.busy(error) || options.signal?.aborted || options.clock.now() >= giveUpAt) throw error;
      await options.clock.sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
}

/** `star daily`: one pass as if at `at`, on the same database, safe beside a running app. */
export async function runDailyOnce(
  settings: DeliverySettings,
  at: number,
  options: PassOptions & { logger?: Logger; clock?: Clock } = {},
): Promise<PassReport> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  const core = openCore(settings, options.clock ?? realClock);
  try {
    const { delivery, people } = slackClients(settings, core, logger, (options.clock ?? realClock).now);
    return await runDailyPass(
      core.dailyDeps(slackDailyPoster(delivery, people), slackPairsPoster(delivery)),
      at,
      options,
    );
  } finally {
    core.close();
  }
}

/** `star practice`: the practice loop in a terminal, recorded in workspace "local" as the given user. */
export async function runTerminalPractice(
  settings: StorageSettings,
  options: { user: string; filter?: string | undefined; io: SessionIo; clock?: Clock },
): Promise<{ practiced: number }> {
  const clock = options.clock ?? realClock;
  // Imported here, not at the top: the terminal's modules are not worth loading for `star serve`.
  const { practiceSession } = await import('./terminal/practice-session.js');
  const core = openCore(settings, clock);
  try {
    return await practiceSession(core.practice, {
      who: { teamId: 'local', userId: options.user },
      filter: options.filter,
      now: clock.now,
      io: options.io,
    });
  } finally {
    core.close();
  }
}

/**
 * `star backup FILE`: an online backup (SQLite's backup API), consistent even while the app writes.
 * After its first step it copies every page in one step, that is in one read transaction: copied a
 * hundred pages at a time, a backup starts again whenever another connection writes, so beside an
 * app that writes every few seconds it never ended. A reader holds no lock a writer needs (WAL).
 */
export async function backupDatabase(settings: StorageSettings, file: string): Promise<{ pages: number }> {
  let db: Db;
  try {
    db = openExistingDatabase(settings.dbPath);
  } catch {
    throw new StartupError(`there is no database at ${settings.dbPath}: start the app once, or set STAR_DB`);
  }
  try {
    const result = await db
      .backup(file, { progress: ({ totalPages }) => totalPages })
      .catch((error: Error) => {
        throw new StartupError(`cannot write the backup to ${file}: ${error.message}`);
      });
    chmodSync(file, 0o600); // it holds the workspaces' tokens
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}
