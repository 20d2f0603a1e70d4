import type Database from 'better-sqlite3';
import type { Db } from './database.js';

export type WorkspaceRepository = ReturnType<typeof createWorkspaceRepository>;

/**
 * The tables of a workspace's installation (its tokens, and the bot identity cached for a bot token):
 * deleted at once when the workspace leaves (`purgeWorkspace`), never by the purge job that follows,
 * so a reinstall meanwhile is kept.
 */
export const installationTables: readonly string[] = [
  'installations',
  'installation_teams',
  'bot_identities',
];

/** Where scheduled work starts (subscriptions, reminders, the outbox): purged first, so it stops first. */
const scheduleTables = ['subscriptions', 'pairs_settings', 'reminders', 'daily_outbox'];

/** Tables with a team_id that are not the workspace's data. */
const bookkeeping = new Set(['purge_jobs']);

/**
 * A whole workspace's data. Every table carries `team_id`; the list is read from the schema, so a
 * table added by a later migration is purged too.
 */
export function createWorkspaceRepository(db: Db) {
  const tables = (): string[] => {
    const names = db
      .prepare<[], { name: string }>(
        `SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
         AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'team_id')
         ORDER BY m.name`,
      )
      .all()
      .map((row) => row.name)
      .filter((name) => !bookkeeping.has(name));
    const rank = (name: string) => (scheduleTables.includes(name) ? scheduleTables.indexOf(name) : 99);
    return names.sort((a, b) => rank(a) - rank(b));
  };
  /** How a row of `table` is named in a DELETE: its rowid, or its primary key in a WITHOUT ROWID table. */
  const keyOf = (table: string): string => {
    const withoutRowid = db
      .prepare<[string], { wr: number }>(`SELECT wr FROM pragma_table_list(?)`)
      .get(table);
    if (!withoutRowid?.wr) return 'rowid';
    const key = db
      .prepare<[string], { name: string }>(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`)
      .all(table)
      .map((c) => c.name);
    return `(${key.join(', ')})`;
  };
  const deletes = new Map<string, Database.Statement<[string, number]>>();
  const deleteSome = (table: string) => {
    let statement = deletes.get(table);
    if (!statement) {
      const key = keyOf(table);
      const select = key === 'rowid' ? 'rowid' : key.slice(1, -1);
      statement = db.prepare<[string, number]>(
        `DELETE FROM ${table} WHERE ${key} IN (SELECT ${select} FROM ${table} WHERE team_id = ? LIMIT ?)`,
      );
      deletes.set(table, statement);
    }
    return statement;
  };
  return {
    /**
     * Deletes the workspace's rows, table by table (`tables`, default: all of them, scheduled work
     * first), at most `limit` rows in all (default: every row); returns the count per table. Run it
     * in a transaction; a call that deletes nothing means the workspace is gone.
     */
    purge(
      teamId: string,
      options: { limit?: number; tables?: readonly string[] } = {},
    ): Record<string, number> {
      const counts: Record<string, number> = {};
      let left = options.limit ?? Number.POSITIVE_INFINITY;
      for (const table of options.tables ?? tables()) {
        if (left <= 0) break;
        // Children before parents does not matter here: skips cascade from subscriptions.
        const n = deleteSome(table).run(teamId, Number.isFinite(left) ? left : -1).changes;
        counts[table] = n;
        left -= n;
      }
      return counts;
    },
    tables,
  };
}
