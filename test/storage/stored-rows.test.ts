import type { Installation } from '@slack/bolt';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextCard } from '../../src/domain/spaced-repetition.js';
import { migrationsDir } from '../../src/main.js';
import { sqliteInstallationStore } from '../../src/slack/installation-store.js';
import { createAnswerRepository } from '../../src/storage/answer-repository.js';
import { createCardRepository } from '../../src/storage/card-repository.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { createInstallationRepository } from '../../src/storage/installation-repository.js';
import { createLeaderboardRepository } from '../../src/storage/leaderboard-repository.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createOutboxRepository } from '../../src/storage/outbox-repository.js';
import { createPersonalDataRepository } from '../../src/storage/personal-data-repository.js';
import { createPracticeRepository } from '../../src/storage/practice-repository.js';
import { createReminderRepository } from '../../src/storage/reminder-repository.js';
import { createReviewRepository } from '../../src/storage/review-repository.js';
import { StoredDataError } from '../../src/storage/rows.js';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.js';
import { createThreadAnswerRepository } from '../../src/storage/thread-answer-repository.js';

/**
 * Rows cross into the domain through its schemas: stored text (times, days, enums, JSON) comes back
 * as the domain's values, and a row changed outside the app into something the domain has no word
 * for is an error naming the table and the field, not a value that is wrong further on.
 */
let db: Db;
const T = 'T1';
const now = Date.parse('2026-11-24T08:00:00Z');

beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db, readMigrations(migrationsDir));
});

/** Writes what the schema's CHECKs would refuse: only a hand edit of the file gets such rows in. */
function tamper(sql: string, ...params: unknown[]) {
  db.pragma('ignore_check_constraints = ON');
  db.prepare(sql).run(...params);
  db.pragma('ignore_check_constraints = OFF');
}

function readError(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(StoredDataError);
    return (error as Error).message;
  }
  throw new Error('expected the row to be refused');
}

describe('subscriptions and reminders', () => {
  it('come back with their time of day, weekdays, holidays, pause and skips as domain values', () => {
    const subscriptions = createSubscriptionRepository(db);
    subscriptions.save({
      teamId: T,
      channelId: 'C1',
      time: '07:05',
      timeZone: 'Europe/Berlin',
      days: [5, 1, 3],
      holidays: 'DE-BY',
      createdBy: 'U1',
      at: now,
    });
    subscriptions.skip(T, 'C1', '2026-12-24');
    subscriptions.pause(T, 'C1', '2027-01-04', 'paused by <@U1>');
    expect(subscriptions.find(T, 'C1')).toEqual({
      teamId: T,
      channelId: 'C1',
      createdBy: 'U1',
      time: { hour: 7, minute: 5 },
      timeZone: 'Europe/Berlin',
      days: [1, 3, 5],
      effectiveFrom: now,
      paused: true,
      pausedUntil: '2027-01-04',
      pauseReason: 'paused by <@U1>',
      holidays: 'DE-BY',
      skips: new Set(['2026-12-24']),
    });
    // The narrow read the post-lag metric makes for each post: the same time and zone.
    expect(subscriptions.postingTime(T, 'C1')).toEqual({
      time: { hour: 7, minute: 5 },
      timeZone: 'Europe/Berlin',
    });
    expect(subscriptions.postingTime(T, 'C9')).toBeUndefined();

    const reminders = createReminderRepository(db);
    reminders.set({ teamId: T, userId: 'U1', time: '18:30', timeZone: 'Asia/Tokyo', at: now });
    expect(reminders.ofTeam(T)).toEqual([
      { teamId: T, userId: 'U1', time: { hour: 18, minute: 30 }, timeZone: 'Asia/Tokyo', effectiveFrom: now },
    ]);
  });

  it('refuse days that are not ISO weekdays, times that are not times of day and holidays that are no calendar', () => {
    const subscriptions = createSubscriptionRepository(db);
    subscriptions.save({
      teamId: T,
      channelId: 'C1',
      time: '09:00',
      timeZone: 'UTC',
      days: [1],
      holidays: null,
      createdBy: 'U1',
      at: now,
    });
    db.prepare(`UPDATE subscriptions SET days = '1,8' WHERE channel_id = 'C1'`).run();
    expect(readError(() => subscriptions.find(T, 'C1'))).toMatch(/subscriptions[\s\S]*days/);
    db.prepare(`UPDATE subscriptions SET days = '1', post_time = '25:00' WHERE channel_id = 'C1'`).run();
    expect(readError(() => subscriptions.ofTeam(T))).toMatch(/subscriptions[\s\S]*time/);
    expect(readError(() => subscriptions.postingTime(T, 'C1'))).toMatch(/subscriptions[\s\S]*time/);
    // The table takes only upper-case codes; the reader only codes of a country and a region.
    expect(() =>
      db.prepare(`UPDATE subscriptions SET holidays = 'de' WHERE channel_id = 'C1'`).run(),
    ).toThrow(/CHECK/);
    db.prepare(
      `UPDATE subscriptions SET post_time = '09:00', holidays = 'DE-BY-X' WHERE channel_id = 'C1'`,
    ).run();
    expect(readError(() => subscriptions.find(T, 'C1'))).toMatch(/subscriptions[\s\S]*holidays/);

    const reminders = createReminderRepository(db);
    reminders.set({ teamId: T, userId: 'U1', time: '08:00', timeZone: 'UTC', at: now });
    db.prepare(`UPDATE reminders SET remind_time = '24:00'`).run();
    expect(readError(() => reminders.ofTeam(T))).toMatch(/reminders[\s\S]*time/);
  });
});

describe('enum text', () => {
  it('is read back as the domain enum, and text it has no word for is refused', () => {
    const answers = createThreadAnswerRepository(db);
    const answer = {
      teamId: T,
      channelId: 'C1',
      messageTs: '1.2',
      threadTs: '1.1',
      userId: 'U1',
      questionId: 'q1',
      source: 'modal' as const,
      kind: 'answer' as const,
      text: 'an answer',
      createdAt: now,
    };
    answers.add(answer);
    expect(answers.find(T, 'C1', '1.2')).toEqual({ ...answer, editedAt: null });
    tamper(`UPDATE thread_answers SET source = 'email'`);
    expect(readError(() => answers.find(T, 'C1', '1.2'))).toMatch(/thread_answers[\s\S]*source/);

    const practice = createPracticeRepository(db);
    practice.record({
      teamId: T,
      userId: 'U1',
      questionId: 'q1',
      kind: 'rating',
      rating: 3,
      source: 'slack',
      at: 1,
    });
    tamper(`UPDATE practice_events SET rating = 9`);
    expect(readError(() => practice.eventsOf(T, 'U1'))).toMatch(/practice_events[\s\S]*rating/);
    expect(readError(() => createPersonalDataRepository(db).exportRows(T, 'U1'))).toMatch(
      /practice_events[\s\S]*rating/,
    );

    const outbox = createOutboxRepository(db);
    outbox.add({ teamId: T, channelId: 'C1', localDate: '2026-11-24', questionId: 'q1', round: 1, at: now });
    tamper(`UPDATE daily_outbox SET status = 'lost'`);
    expect(readError(() => outbox.find(T, 'C1', '2026-11-24'))).toMatch(/daily_outbox[\s\S]*status/);

    const reviews = createReviewRepository(db);
    reviews.addReactionEvent({
      teamId: T,
      channelId: 'C1',
      messageTs: '1.2',
      reactorId: 'U2',
      reaction: 'star',
      action: 'added',
      eventId: 'Ev1',
      eventTime: 1,
      at: now,
    });
    expect(reviews.reactionEvents(T, 'C1', '1.2', 'U2')).toEqual([
      { reaction: 'star', action: 'added', eventTime: 1 },
    ]);
    tamper(`UPDATE reaction_events SET action = 'changed'`);
    expect(readError(() => reviews.reactionEvents(T, 'C1', '1.2', 'U2'))).toMatch(
      /reaction_events[\s\S]*action/,
    );
  });

  it('a rubric score out of 1 to 5 is refused where reviews are read', () => {
    const reviews = createReviewRepository(db);
    reviews.saveReview({
      teamId: T,
      channelId: 'C1',
      messageTs: '1.2',
      reviewerId: 'U2',
      authorId: 'U1',
      situation: 4,
      task: 3,
      action: 5,
      result: 2,
      comment: 'More numbers',
      at: now,
    });
    const leaderboard = createLeaderboardRepository(db);
    expect(leaderboard.userTotals(T, 'U1').reviewsReceived).toEqual([
      { situation: 4, task: 3, action: 5, result: 2, comment: 'More numbers', reviewerId: 'U2', at: now },
    ]);
    tamper(`UPDATE rubric_reviews SET task = 7`);
    expect(readError(() => leaderboard.userTotals(T, 'U1'))).toMatch(/rubric_reviews[\s\S]*task/);
  });

  it('saved answers come back as written', () => {
    const answers = createAnswerRepository(db);
    const parts = { situation: ' s ', task: 't', action: 'a', result: 'r' };
    const id = answers.save({ teamId: T, userId: 'U1', questionId: 'q1', at: now, ...parts });
    expect(answers.find(T, id)).toEqual({
      id,
      teamId: T,
      userId: 'U1',
      questionId: 'q1',
      ...parts,
      createdAt: now,
      postedChannelId: null,
      postedTs: null,
    });
  });
});

describe('stored JSON', () => {
  it('an FSRS card comes back with its dates; a card that is not one is refused', () => {
    const cards = createCardRepository(db);
    const card = nextCard(undefined, 3, now);
    cards.save(T, 'U1', 'q1', card, now);
    expect(cards.find(T, 'U1', 'q1')).toEqual(card);
    db.prepare(`UPDATE review_cards SET card = '{"due":"soon"}'`).run();
    expect(() => cards.find(T, 'U1', 'q1')).toThrow(/due/);
  });

  const installation: Installation<'v2', false> = {
    team: { id: T, name: 'Team' },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: 'U0' },
    bot: { token: 'xoxb-1', scopes: ['chat:write'], id: 'B1', userId: 'UB' },
    appId: 'A1',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
  const query = { teamId: T, enterpriseId: undefined, isEnterpriseInstall: false };

  it('an installation goes back to Bolt as Bolt stored it, fields we do not read included', async () => {
    const store = sqliteInstallationStore(createInstallationRepository(db), () => now);
    const stored = { ...installation, metadata: 'kept', incomingWebhook: { url: 'https://hooks' } };
    await store.storeInstallation(stored);
    expect(await store.fetchInstallation(query)).toEqual(JSON.parse(JSON.stringify(stored)));
  });

  it('takes null as absent, as Bolt does', async () => {
    const store = sqliteInstallationStore(createInstallationRepository(db), () => now);
    await store.storeInstallation(installation);
    db.prepare(
      `UPDATE installations SET installation = json_set(installation, '$.enterprise', json('null'))`,
    ).run();
    expect((await store.fetchInstallation(query)).enterprise).toBeNull();
  });

  it('an installation whose token or ids are not what Bolt reads is refused, naming the field', async () => {
    const store = sqliteInstallationStore(createInstallationRepository(db), () => now);
    await store.storeInstallation(installation);
    db.prepare(`UPDATE installations SET installation = json_set(installation, '$.bot.token', 42)`).run();
    await expect(store.fetchInstallation(query)).rejects.toThrow(/stored installation[\s\S]*bot\.token/);
    db.prepare(`UPDATE installations SET installation = 'null'`).run();
    await expect(store.fetchInstallation(query)).rejects.toThrow(/stored installation/);
  });
});
