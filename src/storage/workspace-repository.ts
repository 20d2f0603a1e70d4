import type { Db } from './database.js';

export type WorkspaceRepository = ReturnType<typeof createWorkspaceRepository>;

/**
 * A whole workspace's data. Every table carries `team_id`; the list is read from the schema, so a
 * table added by a later migration is purged too.
 */
export function createWorkspaceRepository(db: Db) {
  const tables = () =>
    db
      .prepare<[], { name: string }>(
        `SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
         AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'team_id')
         ORDER BY m.name`,
      )
      .all()
      .map((row) => row.name);
  return {
    /** Deletes every row of the workspace; returns the count per table. Run it in a transaction. */
    purge(teamId: string): Record<string, number> {
      const counts: Record<string, number> = {};
      for (const table of tables()) {
        // Children before parents does not matter here: skips cascade from subscriptions.
        counts[table] = db.prepare(`DELETE FROM ${table} WHERE team_id = ?`).run(teamId).changes;
      }
      return counts;
    },
    tables,
  };
}
