import { defaultWeights, type ReactionWeights } from '../../src/domain/scoring.js';
import { migrationsDir } from '../../src/main.js';
import { createAnswerRepository } from '../../src/storage/answer-repository.js';
import { createCardRepository } from '../../src/storage/card-repository.js';
import { createChannelSettingsRepository } from '../../src/storage/channel-settings-repository.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { createInstallationRepository } from '../../src/storage/installation-repository.js';
import { createLeaderboardRepository } from '../../src/storage/leaderboard-repository.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createOutboxRepository } from '../../src/storage/outbox-repository.js';
import { createPersonalDataRepository } from '../../src/storage/personal-data-repository.js';
import { createPracticeRepository } from '../../src/storage/practice-repository.js';
import { createReminderRepository } from '../../src/storage/reminder-repository.js';
import { createReviewRepository } from '../../src/storage/review-repository.js';
import { createSharedQuestionRepository } from '../../src/storage/shared-question-repository.js';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.js';
import { createThreadAnswerRepository } from '../../src/storage/thread-answer-repository.js';
import { createWorkspaceDeliveryRepository } from '../../src/storage/workspace-delivery-repository.js';
import { createWorkspaceRepository } from '../../src/storage/workspace-repository.js';
import type { CoachDeps } from '../../src/use-cases/coaching.js';
import type { PracticeDeps } from '../../src/use-cases/deps.js';
import type { People, Person, ReviewDeps } from '../../src/use-cases/peer-review.js';
import type { PersonalDataDeps } from '../../src/use-cases/personal-data.js';
import type { SubscriptionDeps } from '../../src/use-cases/subscriptions.js';
import type { ThreadDeps } from '../../src/use-cases/thread-answers.js';
import type { WorkspaceDeps } from '../../src/use-cases/workspaces.js';
import { sampleStoriesDir } from '../support/fixtures.js';

/**
 * The use cases' dependencies as main.ts builds them: the real repositories on an in-memory SQLite
 * database with the real migrations, and the sample deck. Ports to Slack are faked by each test.
 */

const decks = loadDecks(sampleStoriesDir);
if (!decks.ok) throw new Error('the sample deck does not load');
export const { library } = decks;

export type World = {
  readonly db: Db;
  readonly practice: PracticeDeps;
  readonly subscriptions: SubscriptionDeps;
  readonly personal: PersonalDataDeps;
  readonly reviews: ReviewDeps;
  readonly workspaces: WorkspaceDeps;
  readonly threads: ThreadDeps;
  readonly coach: CoachDeps;
};

/**
 * A fresh migrated database and everything on it; close `db` when done. `weights` are the reaction
 * weights (STAR_REACTION_WEIGHTS), shared by peer review and thread replies as in main.ts.
 */
export function inMemoryWorld(
  people: People = knownPeople({}),
  weights: ReactionWeights = defaultWeights,
): World {
  const db = openDatabase(':memory:');
  migrate(db, readMigrations(migrationsDir));
  const atomically = <T>(fn: () => T): T => db.transaction(fn).immediate();
  const subscriptions = createSubscriptionRepository(db);
  const threadAnswers = createThreadAnswerRepository(db);
  const practiceRepository = createPracticeRepository(db);
  const outbox = createOutboxRepository(db);
  const shared = createSharedQuestionRepository(db);
  const answers = createAnswerRepository(db);
  const reviews = createReviewRepository(db);
  return {
    db,
    practice: {
      library,
      practice: practiceRepository,
      cards: createCardRepository(db),
      answers,
      shared,
      threadAnswers,
      atomically,
      random: () => 0,
    },
    subscriptions: { subscriptions, outbox },
    personal: {
      personalData: createPersonalDataRepository(db),
      reminders: createReminderRepository(db),
      atomically,
    },
    reviews: {
      reviews,
      threadAnswers,
      leaderboard: createLeaderboardRepository(db),
      subscriptions,
      weights,
      people,
      atomically,
    },
    workspaces: {
      workspaces: createWorkspaceRepository(db),
      delivery: createWorkspaceDeliveryRepository(db),
      installations: createInstallationRepository(db),
      atomically,
    },
    threads: {
      library,
      outbox,
      shared,
      threadAnswers,
      practice: practiceRepository,
      reviews,
      weights,
      atomically,
    },
    coach: { threadAnswers, answers, channelSettings: createChannelSettingsRepository(db) },
  };
}

/**
 * People as Slack would describe them: `known` maps a user id to what users.info says; anyone else
 * is someone Slack could not tell us about. Every lookup is recorded in `lookups`.
 */
export function knownPeople(
  known: Record<string, Partial<Person>>,
): People & { readonly lookups: Array<[string, string]> } {
  const lookups: Array<[string, string]> = [];
  return {
    lookups,
    async lookup(teamId, userId) {
      lookups.push([teamId, userId]);
      const person = known[userId];
      return person
        ? { userId, name: person.name ?? userId, isBot: person.isBot ?? false, ...person }
        : { userId, name: 'a teammate', isBot: undefined };
    },
  };
}
