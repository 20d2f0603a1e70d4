import { defaultWeights, type ReactionWeights } from '../../src/domain/scoring.js';
import { coreOn, migrationsDir, realClock } from '../../src/main.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import type { CoachDeps } from '../../src/use-cases/coaching.js';
import type { PracticeDeps } from '../../src/use-cases/deps.js';
import type { OnboardingDeps } from '../../src/use-cases/onboarding.js';
import type { PairsDeps } from '../../src/use-cases/pairs.js';
import type { People, Person, ReviewDeps } from '../../src/use-cases/peer-review.js';
import type { PersonalDataDeps } from '../../src/use-cases/personal-data.js';
import type { StoryDeps } from '../../src/use-cases/stories.js';
import type { SubscriptionDeps } from '../../src/use-cases/subscriptions.js';
import type { ThreadDeps } from '../../src/use-cases/thread-answers.js';
import type { WorkspaceDeps } from '../../src/use-cases/workspaces.js';
import { sampleStoriesDir } from '../support/fixtures.js';

/**
 * The use cases' dependencies as main.ts builds them (`coreOn`): the real repositories on an
 * in-memory SQLite database with the real migrations, and the sample deck. Ports to Slack are faked
 * by each test.
 */

const decks = loadDecks(sampleStoriesDir);
if (!decks.ok) throw new Error('the sample deck does not load');
const { library } = decks;

export type World = {
  readonly db: Db;
  readonly practice: PracticeDeps;
  readonly subscriptions: SubscriptionDeps;
  readonly personal: PersonalDataDeps;
  readonly reviews: ReviewDeps;
  readonly workspaces: WorkspaceDeps;
  readonly threads: ThreadDeps;
  readonly coach: CoachDeps;
  readonly onboarding: OnboardingDeps;
  readonly pairs: PairsDeps;
  readonly stories: StoryDeps;
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
  const core = coreOn(db, library, { ...realClock, random: () => 0 });
  return {
    db,
    practice: core.practice,
    subscriptions: core.subscriptions,
    personal: core.personal,
    reviews: core.reviewDeps(weights, people),
    workspaces: core.workspaces,
    threads: { ...core.threads, weights },
    coach: core.coach,
    onboarding: core.onboarding,
    pairs: core.pairs,
    stories: core.stories,
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
