import type { Db } from './database.js';

export type WorkspaceDeliveryRepository = ReturnType<typeof createWorkspaceDeliveryRepository>;

/** Whether a workspace's scheduled delivery is paused (its token stopped working), and why. */
export function createWorkspaceDeliveryRepository(db: Db) {
  const pauseRow = db.prepare<[string, string, number]>(
    `INSERT INTO workspace_delivery (team_id, paused_reason, paused_at) VALUES (?, ?, ?)
     ON CONFLICT (team_id) DO NOTHING`,
  );
  const resumeRow = db.prepare<[string]>(`DELETE FROM workspace_delivery WHERE team_id = ?`);
  const find = db.prepare<[string], { paused_reason: string; paused_at: number }>(
    `SELECT paused_reason, paused_at FROM workspace_delivery WHERE team_id = ?`,
  );
  // What every request checks of its workspace, in one read: whether its data is being deleted (a
  // workspace purge job, purge_jobs) and whether its delivery is paused.
  const standing = db.prepare<[string, string], { being_deleted: number; paused: number }>(
    `SELECT EXISTS (SELECT 1 FROM purge_jobs WHERE team_id = ? AND user_id IS NULL) AS being_deleted,
            EXISTS (SELECT 1 FROM workspace_delivery WHERE team_id = ?) AS paused`,
  );
  return {
    /** Pauses the workspace; true only for the call that paused it (a paused one stays as it was). */
    pause(teamId: string, reason: string, at: number): boolean {
      return pauseRow.run(teamId, reason, at).changes === 1;
    },
    /** Resumes the workspace; true when it was paused. */
    resume(teamId: string): boolean {
      return resumeRow.run(teamId).changes === 1;
    },
    pausedWhy(teamId: string): { reason: string; at: number } | undefined {
      const row = find.get(teamId);
      return row ? { reason: row.paused_reason, at: row.paused_at } : undefined;
    },
    /** Whether the workspace's data is being deleted (a workspace purge job), and whether its delivery is paused. */
    standing(teamId: string): { beingDeleted: boolean; deliveryPaused: boolean } {
      const row = standing.get(teamId, teamId);
      return { beingDeleted: row?.being_deleted === 1, deliveryPaused: row?.paused === 1 };
    },
  };
}
