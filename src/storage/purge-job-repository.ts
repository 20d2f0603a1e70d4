import { type PurgeJob, purgeJobSchema } from '../domain/purge-job.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

const readJob = rowReader('purge_jobs', purgeJobSchema);
/** JSON text as a value (text that is not JSON stays text, and the schema refuses it). */
const fromJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

type JobRow = {
  id: number;
  team_id: string;
  user_id: string | null;
  reason: string;
  who: string;
  deleted: string;
  requested_at: number;
};

const job = (row: JobRow): PurgeJob =>
  readJob({
    id: row.id,
    teamId: row.team_id,
    userId: row.user_id,
    reason: row.reason,
    who: row.who,
    deleted: fromJson(row.deleted),
    requestedAt: row.requested_at,
  });

export type PurgeJobRepository = ReturnType<typeof createPurgeJobRepository>;

/** The large deletes still to finish (see migrations/0010_purge_jobs.sql). */
export function createPurgeJobRepository(db: Db) {
  const insert = db.prepare<[string, string | null, string, string, string, number]>(
    `INSERT INTO purge_jobs (team_id, user_id, reason, who, deleted, requested_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // A user's job before a workspace's: it is small, and someone waits for it.
  const nextJob = db.prepare<[], JobRow>(`SELECT * FROM purge_jobs ORDER BY user_id IS NULL, id LIMIT 1`);
  const setDeleted = db.prepare<[string, number]>(`UPDATE purge_jobs SET deleted = ? WHERE id = ?`);
  const remove = db.prepare<[number]>(`DELETE FROM purge_jobs WHERE id = ?`);
  const workspaceJob = db.prepare<[string], { id: number }>(
    `SELECT id FROM purge_jobs WHERE team_id = ? AND user_id IS NULL LIMIT 1`,
  );
  const userJob = db.prepare<[string, string], { id: number }>(
    `SELECT id FROM purge_jobs WHERE team_id = ? AND user_id = ? LIMIT 1`,
  );
  return {
    /** Records a job; returns its id. */
    add(input: Omit<PurgeJob, 'id'>): number {
      return Number(
        insert.run(
          input.teamId,
          input.userId,
          input.reason,
          input.who,
          JSON.stringify(input.deleted),
          input.requestedAt,
        ).lastInsertRowid,
      );
    },
    /** The next job to work on: users' before workspaces', oldest first. */
    next(): PurgeJob | undefined {
      const row = nextJob.get();
      return row ? job(row) : undefined;
    },
    /** Records what the job has deleted so far (in the transaction of the batch that deleted it). */
    setDeleted(id: number, deleted: Readonly<Record<string, number>>): void {
      setDeleted.run(JSON.stringify(deleted), id);
    },
    /** The job is done: its row goes (it names the workspace and the user). */
    finish(id: number): void {
      remove.run(id);
    },
    /** The job deleting the workspace's data (its installation is gone already), if any. */
    workspaceJob(teamId: string): number | undefined {
      return workspaceJob.get(teamId)?.id;
    },
    /** The job deleting the user's data in the workspace, if any. */
    userJob(teamId: string, userId: string): number | undefined {
      return userJob.get(teamId, userId)?.id;
    },
  };
}
