import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/main.js';
import { createBotIdentityRepository } from '../../src/storage/bot-identity-repository.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createWorkspaceRepository, installationTables } from '../../src/storage/workspace-repository.js';

/**
 * The bot identity kept between starts (migration 0019): found by the token, stored under its
 * SHA-256 (never the token), one row per workspace, gone with the workspace's installation.
 */

function world() {
  const db = openDatabase(':memory:');
  migrate(db, readMigrations(migrationsDir));
  return { db, identities: createBotIdentityRepository(db), workspaces: createWorkspaceRepository(db) };
}

const token = 'xoxb-111-222-secretsecretsecret';
const identity = { teamId: 'T1', botId: 'B1', botUserId: 'UB1' };

describe('the bot identity repository', () => {
  it('finds what was stored for a token, under its hash and never the token itself', () => {
    const { db, identities } = world();
    expect(identities.find(token)).toBeUndefined();
    identities.remember(token, identity, 1000);
    expect(identities.find(token)).toEqual(identity);
    expect(identities.find('xoxb-another')).toBeUndefined();
    const rows = db.prepare('SELECT * FROM bot_identities').all();
    expect(rows).toEqual([
      {
        team_id: 'T1',
        token_hash: createHash('sha256').update(token).digest('hex'),
        bot_id: 'B1',
        bot_user_id: 'UB1',
        checked_at: 1000,
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain('secret');
  });

  it("keeps one row per workspace: a new token replaces the workspace's older one", () => {
    const { db, identities } = world();
    identities.remember(token, identity, 1000);
    identities.remember('xoxb-new', { ...identity, botUserId: 'UB2' }, 2000);
    identities.remember('xoxb-elsewhere', { teamId: 'T2', botId: 'B9', botUserId: 'UB9' }, 2000);
    expect(identities.find(token)).toBeUndefined();
    expect(identities.find('xoxb-new')).toEqual({ ...identity, botUserId: 'UB2' });
    // The same token naming another workspace (it cannot, but) leaves one row, the new one.
    identities.remember('xoxb-new', { teamId: 'T3', botId: 'B1', botUserId: 'UB2' }, 3000);
    expect(db.prepare('SELECT team_id FROM bot_identities ORDER BY team_id').all()).toEqual([
      { team_id: 'T2' },
      { team_id: 'T3' },
    ]);
  });

  it('forgets a token Slack refused', () => {
    const { identities } = world();
    identities.remember(token, identity, 1000);
    identities.forget(token, 'T2'); // another workspace's: nothing
    expect(identities.find(token)).toEqual(identity);
    identities.forget(token, 'T1');
    expect(identities.find(token)).toBeUndefined();
  });

  it("goes with the workspace's installation when the workspace leaves", () => {
    const { identities, workspaces } = world();
    identities.remember(token, identity, 1000);
    identities.remember('xoxb-elsewhere', { teamId: 'T2', botId: 'B9', botUserId: 'UB9' }, 1000);
    expect(installationTables).toContain('bot_identities');
    expect(workspaces.purge('T1', { tables: installationTables })).toMatchObject({ bot_identities: 1 });
    expect(identities.find(token)).toBeUndefined();
    expect(identities.find('xoxb-elsewhere')).toEqual({ teamId: 'T2', botId: 'B9', botUserId: 'UB9' });
  });
});
