import { describe, expect, it, vi } from 'vitest';
import { migrationsDir } from '../../src/main.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createOutboxRepository } from '../../src/storage/outbox-repository.js';
import { createOutboxStats } from '../../src/storage/outbox-stats-repository.js';

const hour = 3_600_000;
const now = Date.parse('2026-11-24T09:00:00Z');

describe('createOutboxStats', () => {
  it('counts rows by state and kind over every workspace: all open rows, finished rows of the past day', () => {
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    const outbox = createOutboxRepository(db);
    const add = (teamId: string, channelId: string, kind: string, at: number) => {
      outbox.add({
        teamId,
        channelId,
        localDate: '2026-11-24',
        kind,
        questionId: kind === 'question' ? 'q1' : null,
        round: kind === 'question' ? 1 : 0,
        at,
      });
      const row = outbox.find(teamId, channelId, '2026-11-24', kind);
      if (!row) throw new Error('not planned');
      return row.id;
    };
    add('T1', 'C1', 'question', now);
    add('T2', 'C1', 'question', now - 3 * 24 * hour); // pending for days: still the queue
    const claimed = add('T1', 'C2', 'question', now);
    outbox.claim('T1', claimed, now);
    const sent = add('T2', 'C2', 'question', now - hour);
    outbox.claim('T2', sent, now - hour);
    outbox.markSent('T2', sent, '1.1', now - hour);
    const old = add('T3', 'C1', 'question', now - 25 * hour);
    outbox.claim('T3', old, now - 25 * hour);
    outbox.markSent('T3', old, '1.2', now - 25 * hour); // sent yesterday: out of the window
    const reminder = add('T1', 'U1', 'reminder', now);
    outbox.markFailed('T1', reminder, 'user_not_found');

    const counts = createOutboxStats(db).byStateAndKind(now);
    const sorted = [...counts].sort((a, b) => `${a.state}${a.kind}`.localeCompare(`${b.state}${b.kind}`));
    expect(sorted).toEqual([
      { state: 'failed', kind: 'reminder', rows: 1 },
      { state: 'pending', kind: 'question', rows: 2 },
      { state: 'sending', kind: 'question', rows: 1 },
      { state: 'sent', kind: 'question', rows: 1 },
    ]);
  });

  it('reads the outbox through its (status, next_attempt_at) index, not the whole table', () => {
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    const prepared = vi.spyOn(db, 'prepare');
    createOutboxStats(db);
    const sql = prepared.mock.calls.map(([text]) => text);
    expect(sql).toHaveLength(1);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql[0]}`).all(0) as Array<{ detail: string }>;
    const details = plan.map((step) => step.detail).join('\n');
    expect(details).toContain('USING INDEX daily_outbox_ready');
    expect(details).not.toMatch(/SCAN daily_outbox\b/);
  });
});
