import { createHash } from 'node:crypto';
import type { Db } from './database.js';

/** The bot behind a bot token, as auth.test names it. */
export type StoredBotIdentity = {
  readonly teamId: string;
  readonly botId: string;
  readonly botUserId: string;
};

/** What the table keeps of a token: its SHA-256, never the token. */
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The bot's identity from the last auth.test of a bot token (migration 0019), so a restart with the
 * same token can listen before Slack is asked again. Keyed by the token's hash; one row per workspace.
 * `find` is the one query that does not name the workspace: the token is all that is known of it then.
 */
export function createBotIdentityRepository(db: Db) {
  const byHash = db.prepare<[string], { team_id: string; bot_id: string; bot_user_id: string }>(
    `SELECT team_id, bot_id, bot_user_id FROM bot_identities WHERE token_hash = ?`,
  );
  const dropHash = db.prepare<[string, string]>(
    `DELETE FROM bot_identities WHERE token_hash = ? AND team_id <> ?`,
  );
  const upsert = db.prepare<[string, string, string, string, number]>(
    `INSERT INTO bot_identities (team_id, token_hash, bot_id, bot_user_id, checked_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (team_id) DO UPDATE SET token_hash = excluded.token_hash, bot_id = excluded.bot_id,
       bot_user_id = excluded.bot_user_id, checked_at = excluded.checked_at`,
  );
  const drop = db.prepare<[string, string]>(
    `DELETE FROM bot_identities WHERE team_id = ? AND token_hash = ?`,
  );
  const store = db.transaction((hash: string, identity: StoredBotIdentity, at: number) => {
    // The token named another workspace before (it cannot, but if it did): that row is wrong now.
    dropHash.run(hash, identity.teamId);
    upsert.run(identity.teamId, hash, identity.botId, identity.botUserId, at);
  });
  return {
    /** The identity last stored for `token`, if any. */
    find(token: string): StoredBotIdentity | undefined {
      const row = byHash.get(hashOf(token));
      return row ? { teamId: row.team_id, botId: row.bot_id, botUserId: row.bot_user_id } : undefined;
    },
    /** Stores what auth.test said of `token` at `at` (replacing the workspace's row of an older token). */
    remember(token: string, identity: StoredBotIdentity, at: number): void {
      store.immediate(hashOf(token), identity, at);
    },
    /** Forgets `token` (Slack refused it): the next start checks it before listening. */
    forget(token: string, teamId: string): void {
      drop.run(teamId, hashOf(token));
    },
  };
}
