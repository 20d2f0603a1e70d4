import { addCounts, countOf, type PurgeJob } from '../domain/purge-job.js';
import type { PersonalDataRepository } from '../storage/personal-data-repository.js';
import type { PurgeJobRepository } from '../storage/purge-job-repository.js';
import { installationTables, type WorkspaceRepository } from '../storage/workspace-repository.js';

/**
 * Large deletes in batches. An uninstall and forget-me record a job (`purgeWorkspace`,
 * `forgetMe`); the background worker (scheduler/purge-worker.ts) calls `purgeBatch` until no job is
 * left, each batch a short transaction of its own, so requests go on between batches and a crash
 * loses at most one batch's work (the job stays recorded, and resumes at the next start).
 */

export type PurgeDeps = {
  readonly jobs: PurgeJobRepository;
  readonly workspaces: WorkspaceRepository;
  readonly personalData: PersonalDataRepository;
  readonly atomically: <T>(fn: () => T) => T;
};

/** The background worker, as the use cases that record jobs see it. */
export type PurgeQueue = {
  /** A job was recorded: start on it (if not already busy). */
  wake(): void;
  /** Resolves with what the job deleted once it is finished; undefined if the app stops first. */
  finished(jobId: number): Promise<Readonly<Record<string, number>> | undefined>;
};

export type PurgeBatch =
  /** No job is left. */
  | { readonly kind: 'idle' }
  /** Rows of `job` went (`job.deleted`: all so far). */
  | { readonly kind: 'deleted'; readonly job: PurgeJob; readonly rows: number }
  /** Nothing of `job` was left: it is finished, and its row is gone. */
  | { readonly kind: 'finished'; readonly job: PurgeJob };

/**
 * One batch of the next job (a user's before a workspace's: they are small, and someone waits for
 * them): at most `limit` rows, and the job's progress, in one transaction. A batch that finds nothing
 * left finishes the job in that same transaction, so a row written meanwhile is never left behind.
 * A workspace's installation is not touched here: it went when the job was recorded, and a reinstall
 * since then stays.
 */
export function purgeBatch(deps: PurgeDeps, limit: number): PurgeBatch {
  return deps.atomically((): PurgeBatch => {
    const job = deps.jobs.next();
    if (!job) return { kind: 'idle' };
    const counts =
      job.userId === null
        ? deps.workspaces.purge(job.teamId, {
            limit,
            tables: deps.workspaces.tables().filter((table) => !installationTables.includes(table)),
          })
        : deps.personalData.deleteUser(job.teamId, job.userId, limit);
    const rows = countOf(counts);
    const done = { ...job, deleted: addCounts(job.deleted, counts) };
    if (rows === 0) {
      deps.jobs.finish(job.id);
      return { kind: 'finished', job: done };
    }
    deps.jobs.setDeleted(job.id, done.deleted);
    return { kind: 'deleted', job: done, rows };
  });
}
