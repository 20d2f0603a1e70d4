import { chmodSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { DeliverySettings, SlackSettings, StorageSettings } from './config.js';
import { formatDeckError, type Library } from './domain/deck.js';
import { defaultWeights, type ReactionWeights } from './domain/scoring.js';
import { type DailyScheduler, startDailyScheduler } from './scheduler/daily-scheduler.js';
import { type App, createSlackApp, type Logger, verifyBotToken } from './slack/app.js';
import { slackDailyPoster } from './slack/daily-poster.js';
import { sqliteInstallationStore } from './slack/installation-store.js';
import { registerListeners } from './slack/listeners/index.js';
import { createLogger } from './slack/logger.js';
import { slackPeople } from './slack/people.js';
import { clientsPerTeam, createDeliveryClient, createLookupClient } from './slack/web-client.js';
import { createAnswerRepository } from './storage/answer-repository.js';
import { createCardRepository } from './storage/card-repository.js';
import { createChannelSettingsRepository } from './storage/channel-settings-repository.js';
import { type Db, isHealthy, openDatabase, openExistingDatabase } from './storage/database.js';
import { loadDecks } from './storage/deck-files.js';
import {
  createInstallationRepository,
  type InstallationRepository,
} from './storage/installation-repository.js';
import { createLeaderboardRepository } from './storage/leaderboard-repository.js';
import { migrate, readMigrations } from './storage/migrate.js';
import { createOutboxRepository } from './storage/outbox-repository.js';
import { createPersonalDataRepository } from './storage/personal-data-repository.js';
import { createPracticeRepository } from './storage/practice-repository.js';
import { createReminderRepository } from './storage/reminder-repository.js';
import { createReviewRepository } from './storage/review-repository.js';
import { createSharedQuestionRepository } from './storage/shared-question-repository.js';
import { createSubscriptionRepository } from './storage/subscription-repository.js';
import { createThreadAnswerRepository } from './storage/thread-answer-repository.js';
import { createWorkspaceDeliveryRepository } from './storage/workspace-delivery-repository.js';
import { createWorkspaceRepository } from './storage/workspace-repository.js';
import { practiceSession, type SessionIo } from './terminal/practice-session.js';
import type { CoachDeps } from './use-cases/coaching.js';
import type { PracticeDeps } from './use-cases/deps.js';
import {
  type DispatcherDeps,
  type DispatchOptions,
  type DispatchReport,
  dispatchOutbox,
} from './use-cases/outbox-dispatcher.js';
import type { People, ReviewDeps } from './use-cases/peer-review.js';
import type { PersonalDataDeps } from './use-cases/personal-data.js';
import {
  type DailyPoster,
  dailyPostKinds,
  type PlanDeps,
  type PlanReport,
  planDailyPosts,
} from './use-cases/plan-daily-posts.js';
import type { SubscriptionDeps } from './use-cases/subscriptions.js';
import type { ThreadDeps } from './use-cases/thread-answers.js';
import type { WorkspaceDeps } from './use-cases/workspaces.js';

/**
 * The composition root: settings → decks → database → migrations → repositories → Slack app →
 * listeners → scheduler → start. The only module that wires things together.
 */

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

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
  dailyDeps(poster: DailyPoster): DailyPassDeps;
  reviewDeps(weights: ReactionWeights, people: People): ReviewDeps;
  readonly personal: PersonalDataDeps;
  readonly coach: CoachDeps;
  readonly installations: InstallationRepository;
  readonly workspaces: WorkspaceDeps;
  close(): void;
};

/** Loads the decks (refusing any error), opens and migrates the database, builds repositories. */
export function openCore(settings: StorageSettings, clock: Clock = realClock): Core {
  const decks = loadDecks(settings.storiesDir);
  if (!decks.ok) {
    throw new StartupError(
      `the story decks in ${settings.storiesDir} have errors, so nothing is served:\n${decks.errors.map(formatDeckError).join('\n')}`,
    );
  }
  const db = openDatabase(settings.dbPath);
  try {
    migrate(db, readMigrations(migrationsDir));
  } catch (error) {
    db.close();
    throw new StartupError(`${settings.dbPath}: ${(error as Error).message}`);
  }
  return coreOn(db, decks.library, clock);
}

/**
 * The repositories on an open, migrated database, and what each use case needs of them (the
 * use-case tests build their world with it too, on an in-memory database).
 */
export function coreOn(db: Db, library: Library, clock: Clock): Core {
  // IMMEDIATE: take the write lock up front, so a read-then-write never fails on a busy snapshot.
  const atomically = <T>(fn: () => T): T => db.transaction(fn).immediate();
  const practiceRepository = createPracticeRepository(db);
  const shared = createSharedQuestionRepository(db);
  const subscriptions = createSubscriptionRepository(db);
  const outbox = createOutboxRepository(db);
  const threadAnswers = createThreadAnswerRepository(db);
  const leaderboard = createLeaderboardRepository(db);
  const reminders = createReminderRepository(db);
  const cards = createCardRepository(db);
  const reviewRepository = createReviewRepository(db);
  const installations = createInstallationRepository(db);
  const answers = createAnswerRepository(db);
  const workspaceDelivery = createWorkspaceDeliveryRepository(db);
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
      random: clock.random,
    },
    subscriptions: { subscriptions, outbox },
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
    personal: { personalData: createPersonalDataRepository(db), reminders, atomically },
    coach: { threadAnswers, answers, channelSettings: createChannelSettingsRepository(db) },
    installations,
    workspaces: {
      workspaces: createWorkspaceRepository(db),
      delivery: workspaceDelivery,
      installations,
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
    }),
    dailyDeps: (poster) => ({
      plan: { library, subscriptions, outbox, reminders, atomically, random: clock.random, now: clock.now },
      dispatch: {
        outbox,
        workspaceDelivery,
        // Every outbox kind and its sender; a new kind (mock-interview rounds, say) is added here.
        kinds: dailyPostKinds({
          library,
          subscriptions,
          reminders,
          leaderboard,
          cards,
          poster,
          now: clock.now,
        }),
        lookup: poster,
        now: clock.now,
        sleep: clock.sleep,
      },
    }),
    close: () => db.close(),
  };
}

export type PassOptions = DispatchOptions & { readonly dryRun?: boolean };
export type PassReport = PlanReport & DispatchReport;
/** The daily pass: the planner's and the outbox dispatcher's dependencies. */
type DailyPassDeps = { readonly plan: PlanDeps; readonly dispatch: DispatcherDeps };

/**
 * One daily pass as if at `at`: plan what is due (questions, recaps, reminders), then deliver the
 * outbox (unless a dry run). The cron tick, `star daily` and the tests all run this.
 */
async function runDailyPass(deps: DailyPassDeps, at: number, options: PassOptions = {}): Promise<PassReport> {
  const planned = planDailyPosts(deps.plan, at, { dryRun: options.dryRun });
  if (options.dryRun) return { ...planned, posted: [], failed: [], waiting: [], pausedWorkspaces: [] };
  return { ...planned, ...(await dispatchOutbox(deps.dispatch, options)) };
}

export type RunningApp = {
  readonly app: App;
  /** The HTTP port actually listened on (useful with PORT=0). */
  readonly port: number;
  /** Resolves when no listener is still working after its ack (tests wait on it). */
  idle(): Promise<void>;
  /** Runs one daily pass now, as the scheduler does each minute. */
  runDailyPass(at: number, options?: PassOptions): Promise<PassReport>;
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
) {
  const tokenFor = (teamId: string) => settings.botToken ?? core.installations.botTokenForTeam(teamId);
  const lookup = clientsPerTeam({
    tokenFor,
    make: (token) => createLookupClient({ token, apiUrl: settings.apiUrl, logger }),
  });
  const delivery = clientsPerTeam({
    tokenFor,
    make: (token) => createDeliveryClient({ token, apiUrl: settings.apiUrl, logger }),
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
    /** Wraps the daily poster (tests simulate crashes with it). */
    decoratePoster?: (poster: DailyPoster) => DailyPoster;
  } = {},
): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  const clock = options.clock ?? realClock;
  const core = openCore(settings, clock);
  const healthy = () => isHealthy(core.db);
  const installationStore = sqliteInstallationStore(core.installations, clock.now);
  let botIdentity: { botId: string; botUserId: string } | undefined;
  if (settings.botToken) {
    try {
      botIdentity = await verifyBotToken(
        createLookupClient({ token: settings.botToken, apiUrl: settings.apiUrl, logger }),
      );
    } catch (error) {
      core.close();
      throw new StartupError((error as Error).message);
    }
  }
  const { app, idle } = createSlackApp({
    settings,
    logger,
    healthy,
    installationStore,
    ...(botIdentity ? { botIdentity } : {}),
    onEnterpriseTeam: (teamId, enterpriseId) => core.installations.linkTeam(teamId, `E:${enterpriseId}`),
  });
  const { delivery, people } = slackClients(settings, core, logger, clock.now);
  const reviews = core.reviewDeps(settings.reactionWeights, people);
  registerListeners(app, {
    practice: core.practice,
    subscriptions: core.subscriptions,
    threads: { ...core.threads, weights: settings.reactionWeights },
    reviews,
    personal: core.personal,
    coach: core.coach,
    workspaces: core.workspaces,
    now: clock.now,
  });

  const poster = slackDailyPoster(delivery, people);
  const daily = core.dailyDeps(options.decoratePoster ? options.decoratePoster(poster) : poster);
  const runPass = async (at: number, passOptions?: PassOptions) => {
    const report = await runDailyPass(daily, at, passOptions);
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
  const scheduler: DailyScheduler | undefined =
    options.scheduler === false
      ? undefined
      : startDailyScheduler({ runPass: (at, signal) => runPass(at, { signal }), logger });
  logger.info(
    `STAR Partner is up (${settings.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${port}, /slack/events`}), serving ${core.library.questions.length} questions from ${core.library.decks.length} deck(s)`,
  );

  let stopped: Promise<void> | undefined;
  return {
    app,
    port,
    idle: () => idle(10_000),
    runDailyPass: runPass,
    stop: () => {
      // Within the 10 s a shutdown gets: the scheduler starts no new sends (a send in flight gets
      // up to 5 s), requests stop, listeners still working after their ack finish, the database closes.
      stopped ??= (async () => {
        const scheduling = scheduler?.stop();
        await app.stop();
        await Promise.race([scheduling, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
        await idle(3_000);
        core.close();
      })();
      return stopped;
    },
  };
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
    return await runDailyPass(core.dailyDeps(slackDailyPoster(delivery, people)), at, options);
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

/** `star backup FILE`: an online backup (SQLite's backup API), consistent even while the app writes. */
export async function backupDatabase(settings: StorageSettings, file: string): Promise<{ pages: number }> {
  let db: Db;
  try {
    db = openExistingDatabase(settings.dbPath);
  } catch {
    throw new StartupError(`there is no database at ${settings.dbPath}: start the app once, or set STAR_DB`);
  }
  try {
    const result = await db.backup(file).catch((error: Error) => {
      throw new StartupError(`cannot write the backup to ${file}: ${error.message}`);
    });
    chmodSync(file, 0o600); // it holds the workspaces' tokens
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}
