import { beforeEach, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/main.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { StoredDataError } from '../../src/storage/rows.js';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.js';

/**
 * A workspace read whole (its skipped days in one query) and a channel read alone agree; any change
 * to a row or its skipped days shows at the next read; a row changed outside the app into something
 * the domain has no word for is refused; each reader gets its own copy.
 */
let db: Db;
const T = 'T1';
const now = Date.parse('2026-11-24T08:00:00Z');

beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db, readMigrations(migrationsDir));
});

function subscribe(repo: ReturnType<typeof createSubscriptionRepository>, channelId: string, teamId = T) {
  repo.save({
    teamId,
    channelId,
    time: '09:00',
    timeZone: 'Europe/Berlin',
    days: [1, 2, 3, 4, 5],
    holidays: null,
    createdBy: 'U1',
    at: now,
  });
}

describe('subscriptions read again', () => {
  it('a workspace read whole and a channel read alone give the same subscriptions, skips included', () => {
    const subscriptions = createSubscriptionRepository(db);
    for (const channel of ['C1', 'C2', 'C3']) subscribe(subscriptions, channel);
    subscribe(subscriptions, 'C1', 'T2');
    subscriptions.skip(T, 'C2', '2026-12-24');
    subscriptions.skip(T, 'C2', '2026-12-23');
    subscriptions.skip('T2', 'C1', '2026-12-31');
    const whole = subscriptions.ofTeam(T);
    expect(whole.map((s) => [s.channelId, [...s.skips].sort()])).toEqual([
      ['C1', []],
      ['C2', ['2026-12-23', '2026-12-24']],
      ['C3', []],
    ]);
    for (const sub of whole) expect(subscriptions.find(T, sub.channelId)).toEqual(sub);
    expect([...(subscriptions.find('T2', 'C1')?.skips ?? [])]).toEqual(['2026-12-31']);
  });

  it('a pause, a skip, a new time or an unsubscribe shows at the next read', () => {
    const subscriptions = createSubscriptionRepository(db);
    subscribe(subscriptions, 'C1');
    expect(subscriptions.find(T, 'C1')?.paused).toBe(false);
    subscriptions.pause(T, 'C1', null, 'Slack refused the post: not_in_channel');
    expect(subscriptions.find(T, 'C1')).toMatchObject({ paused: true, pauseReason: expect.any(String) });
    subscriptions.resume(T, 'C1');
    subscriptions.skip(T, 'C1', '2026-12-01');
    expect(subscriptions.ofTeam(T)[0]).toMatchObject({ paused: false, skips: new Set(['2026-12-01']) });
    subscriptions.save({
      teamId: T,
      channelId: 'C1',
      time: '10:15',
      timeZone: 'Asia/Tokyo',
      days: [1],
      holidays: 'DE',
      createdBy: 'U2',
      at: now + 1,
    });
    expect(subscriptions.find(T, 'C1')).toMatchObject({
      time: { hour: 10, minute: 15 },
      timeZone: 'Asia/Tokyo',
      days: [1],
      holidays: 'DE',
      createdBy: 'U1',
    });
    subscriptions.remove(T, 'C1');
    expect(subscriptions.find(T, 'C1')).toBeUndefined();
    expect(subscriptions.ofTeam(T)).toEqual([]);
  });

  it('a row read once and then changed outside the app into nonsense is refused', () => {
    const subscriptions = createSubscriptionRepository(db);
    subscribe(subscriptions, 'C1');
    expect(subscriptions.find(T, 'C1')?.days).toEqual([1, 2, 3, 4, 5]);
    db.pragma('ignore_check_constraints = ON');
    db.prepare(`UPDATE subscriptions SET days = '1,9' WHERE team_id = ? AND channel_id = ?`).run(T, 'C1');
    db.pragma('ignore_check_constraints = OFF');
    expect(() => subscriptions.find(T, 'C1')).toThrow(StoredDataError);
    expect(() => subscriptions.ofTeam(T)).toThrow(StoredDataError);
  });

  it('what it hands out cannot be changed by one reader for the next', () => {
    const subscriptions = createSubscriptionRepository(db);
    subscribe(subscriptions, 'C1');
    const first = subscriptions.find(T, 'C1');
    expect(Object.isFrozen(first)).toBe(true);
    (first?.skips as Set<string> | undefined)?.add('2026-12-24');
    expect(subscriptions.find(T, 'C1')?.skips.has('2026-12-24')).toBe(false);
    expect(subscriptions.ofTeam(T)[0]?.skips.has('2026-12-24')).toBe(false);
  });
});
