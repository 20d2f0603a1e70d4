import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { App, Logger } from '@slack/bolt';
import type { SlackSettings, StorageSettings } from './config.js';
import { formatDeckError, type Library } from './domain/deck.js';
import { createLogger } from './logger.js';
import { createSlackApp } from './slack/app.js';
import { registerListeners } from './slack/listeners/index.js';
import { createAnswerRepository } from './storage/answer-repository.js';
import { type Db, openDatabase } from './storage/database.js';
import { loadDecks } from './storage/deck-files.js';
import { migrate, readMigrations } from './storage/migrate.js';
import { createPracticeRepository } from './storage/practice-repository.js';
import { createSharedQuestionRepository } from './storage/shared-question-repository.js';
import type { PracticeDeps } from './use-cases/deps.js';

/**
 * The composition root: settings → database → migrations → decks → repositories → Slack app →
 * listeners → start. The only module that wires things together.
 */

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

export class StartupError extends Error {
  override name = 'StartupError';
}

export type Core = {
  readonly db: Db;
  readonly library: Library;
  readonly practice: PracticeDeps;
  close(): void;
};

export type Clock = { now: () => number; random: () => number };
const realClock: Clock = { now: () => Date.now(), random: Math.random };

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
  const practice: PracticeDeps = {
    library: decks.library,
    practice: createPracticeRepository(db),
    answers: createAnswerRepository(db),
    shared: createSharedQuestionRepository(db),
    atomically: (fn) => db.transaction(fn)(),
    random: clock.random,
  };
  return { db, library: decks.library, practice, close: () => db.close() };
}

export type RunningApp = {
  readonly app: App;
  /** The HTTP port actually listened on (useful with PORT=0). */
  readonly port: number;
  stop(): Promise<void>;
};

/** Starts the Slack app (HTTP or Socket Mode) on an opened core. */
export async function startApp(
  settings: SlackSettings,
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  const clock = options.clock ?? realClock;
  const core = openCore(settings, clock);
  const healthy = () => {
    try {
      return core.db.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  };
  const app = createSlackApp({ settings, logger, healthy });
  registerListeners(app, { practice: core.practice, now: clock.now });

  let port = settings.port;
  try {
    const started = await app.start(settings.port);
    const address = (started as Server | undefined)?.address?.();
    if (address && typeof address === 'object') port = (address as AddressInfo).port;
  } catch (error) {
    core.close();
    throw error;
  }
  const questions = core.library.questions.length;
  logger.info(
    `STAR Partner is up (${settings.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${port}, /slack/events`}), serving ${questions} questions from ${core.library.decks.length} deck(s)`,
  );

  let stopped: Promise<void> | undefined;
  return {
    app,
    port,
    stop: () => {
      stopped ??= (async () => {
        await app.stop();
        core.close();
      })();
      return stopped;
    },
  };
}
