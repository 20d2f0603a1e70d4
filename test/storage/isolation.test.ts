import { describe, expect, it } from 'vitest';
import { nextCard } from '../../src/domain/spaced-repetition.js';
import { migrationsDir } from '../../src/main.js';
import { createAnswerRepository } from '../../src/storage/answer-repository.js';
import { createCardRepository } from '../../src/storage/card-repository.js';
import { createChannelSettingsRepository } from '../../src/storage/channel-settings-repository.js';
import { openDatabase } from '../../src/storage/database.js';
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
import { createWorkspaceRepository } from '../../src/storage/workspace-repository.js';

/**
 * Tenant isolation, repository by repository: workspaces A and B use the same channel and user ids;
 * whatever is read for A is A's alone.
 */
const db = openDatabase(':memory:');
migrate(db, readMigrations(migrationsDir));
const repos = {
  practice: createPracticeRepository(db),
  answers: createAnswerRepository(db),
  shared: createSharedQuestionRepository(db),
  subscriptions: createSubscriptionRepository(db),
  outbox: createOutboxRepository(db),
  threads: createThreadAnswerRepository(db),
  reviews: createReviewRepository(db),
  leaderboard: createLeaderboardRepository(db),
  cards: createCardRepository(db),
  reminders: createReminderRepository(db),
  settings: createChannelSettingsRepository(db),
  personal: createPersonalDataRepository(db),
  workspaces: createWorkspaceRepository(db),
};
const C = 'C1';
const U = 'U1';
const ts = '1700000000.000100';

function seed(team: 'TA' | 'TB') {
  const mark = team === 'TA' ? 'a' : 'b';
  repos.practice.record({
    teamId: team,
    userId: U,
    questionId: `q-${mark}`,
    kind: 'rating',
    rating: team === 'TA' ? 4 : 1,
    source: 'slack',
    at: 1,
  });
  repos.answers.save({
    teamId: team,
    userId: U,
    questionId: `q-${mark}`,
    situation: mark,
    task: mark,
    action: mark,
    result: mark,
    at: 1,
  });
  const claim = repos.shared.claim({
    teamId: team,
    channelId: C,
    questionId: `q-${mark}`,
    sharedBy: U,
    at: 1,
    since: 0,
  });
  if (claim.claimed) repos.shared.markPosted(team, claim.id, ts);
  repos.subscriptions.save({
    teamId: team,
    channelId: C,
    time: team === 'TA' ? '08:00' : '17:00',
    timeZone: 'UTC',
    days: [1],
    holidays: team === 'TA' ? 'DE' : null,
    createdBy: U,
    at: 1,
  });
  repos.outbox.add({
    teamId: team,
    channelId: C,
    localDate: '2026-11-24',
    questionId: `q-${mark}`,
    round: 1,
    at: 1,
  });
  repos.threads.add({
    teamId: team,
    channelId: C,
    messageTs: ts,
    threadTs: '1.1',
    userId: U,
    questionId: `q-${mark}`,
    source: 'reply',
    kind: 'answer' as const,
    text: mark,
    createdAt: 1,
  });
  repos.reviews.addReactionEvent({
    teamId: team,
    channelId: C,
    messageTs: ts,
    reactorId: 'U2',
    reaction: 'star',
    action: 'added',
    eventId: 'Ev1',
    eventTime: 1,
    at: 1,
  });
  repos.reviews.setPoints({
    teamId: team,
    channelId: C,
    messageTs: ts,
    reactorId: 'U2',
    authorId: U,
    points: team === 'TA' ? 3 : 1,
    at: 1,
  });
  repos.reviews.saveReview({
    teamId: team,
    channelId: C,
    messageTs: ts,
    reviewerId: 'U2',
    authorId: U,
    situation: 5,
    task: 5,
    action: 5,
    result: team === 'TA' ? 5 : 1,
    comment: mark,
    at: 1,
  });
  repos.cards.save(team, U, `q-${mark}`, nextCard(undefined, 3, 1), 1);
  repos.reminders.set({
    teamId: team,
    userId: U,
    time: team === 'TA' ? '08:00' : '09:00',
    timeZone: 'UTC',
    at: 1,
  });
  repos.settings.setCoach(team, C, team === 'TA');
}
seed('TA');
seed('TB');

describe('workspace A never reads workspace B’s rows', () => {
  it.each([
    ['practice', () => [...repos.practice.lastSeen('TA', U).keys()], ['q-a']],
    ['practice events', () => repos.practice.eventsOf('TA', U).map((e) => e.rating), [4]],
    ['answers', () => repos.answers.ofUser('TA', U).map((a) => a.situation), ['a']],
    ['shared questions', () => repos.shared.find('TA', C, ts)?.questionId, 'q-a'],
    ['subscriptions', () => repos.subscriptions.find('TA', C)?.time, { hour: 8, minute: 0 }],
    ['subscriptions per team', () => repos.subscriptions.ofTeam('TA').length, 1],
    ['subscription holidays', () => repos.subscriptions.find('TA', C)?.holidays, 'DE'],
    ['outbox', () => repos.outbox.find('TA', C, '2026-11-24')?.questionId, 'q-a'],
    ['outbox rounds', () => [...repos.outbox.round('TA', C).used], ['q-a']],
    ['thread answers', () => repos.threads.find('TA', C, ts)?.text, 'a'],
    ['reaction points', () => repos.reviews.answerPoints('TA', C, ts), 3],
    ['reaction ledger', () => repos.reviews.reactionEvents('TA', C, ts, 'U2').length, 1],
    ['leaderboard', () => repos.leaderboard.answerers('TA', C, 0, 10).map((r) => r.points), [3]],
    ['user totals', () => repos.leaderboard.userTotals('TA', U).reviewsReceived.map((r) => r.result), [5]],
    ['cards', () => [...repos.cards.dueTimes('TA', U).keys()], ['q-a']],
    ['reminders', () => repos.reminders.ofTeam('TA').map((r) => r.time.hour), [8]],
    ['channel settings', () => repos.settings.coachEnabled('TA', C), true],
    ['export', () => repos.personal.exportRows('TA', U).privateAnswers.map((a) => a.situation), ['a']],
  ] as const)('%s', (_name, read, expected) => {
    expect(read()).toEqual(expected);
  });

  it('deleting a user or purging a workspace in A leaves B whole', () => {
    const count = () =>
      repos.workspaces
        .tables()
        .reduce(
          (n, t) =>
            n + (db.prepare(`SELECT count(*) AS n FROM ${t} WHERE team_id = 'TB'`).get() as { n: number }).n,
          0,
        );
    const before = count();
    db.transaction(() => repos.personal.deleteUser('TA', U))();
    db.transaction(() => repos.workspaces.purge('TA'))();
    expect(count()).toBe(before);
    for (const table of repos.workspaces.tables()) {
      expect(
        (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE team_id = 'TA'`).get() as { n: number }).n,
        table,
      ).toBe(0);
    }
  });
});
