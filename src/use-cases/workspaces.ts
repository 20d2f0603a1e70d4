import { addCounts } from '../domain/purge-job.js';
import type { InstallationRepository } from '../storage/installation-repository.js';
import type { PurgeJobRepository } from '../storage/purge-job-repository.js';
import type { WorkspaceDeliveryRepository } from '../storage/workspace-delivery-repository.js';
import { installationTables, type WorkspaceRepository } from '../storage/workspace-repository.js';
import type { PurgeQueue } from './purge-jobs.js';

export type WorkspaceDeps = {
  readonly workspaces: WorkspaceRepository;
  readonly delivery: WorkspaceDeliveryRepository;
  readonly installations: InstallationRepository;
  readonly jobs: PurgeJobRepository;
  readonly purges: PurgeQueue;
  readonly atomically: <T>(fn: () => T) => T;
};

/**
 * app_uninstalled / tokens_revoked: the installation (its tokens) goes at once, and a purge job for
 * the rest of the workspace's data is recorded in the same small transaction; the background worker
 * deletes that data in batches. For an org-wide install: every workspace served through it. A
 * workspace already being deleted (Slack sends both events on an uninstall) gets no second job.
 * Returns the workspaces whose data is now being deleted.
 */
export function purgeWorkspace(
  deps: WorkspaceDeps,
  input: {
    teamId?: string | undefined;
    enterpriseId?: string | undefined;
    isEnterpriseInstall?: boolean;
    reason: string;
    now: number;
  },
): { teams: string[] } {
  const teams = deps.atomically(() => {
    const whose = new Map<string, string>();
    if (input.isEnterpriseInstall && input.enterpriseId) {
      const org = `org ${input.enterpriseId}`;
      whose.set(input.enterpriseId, org); // the installation row itself
      for (const team of deps.installations.teamsOf(`E:${input.enterpriseId}`))
        whose.set(team, `${org}, workspace ${team}`);
    }
    if (input.teamId && !whose.has(input.teamId)) whose.set(input.teamId, `workspace ${input.teamId}`);
    const recorded: string[] = [];
    for (const [team, who] of whose) {
      const deleted = addCounts({}, deps.workspaces.purge(team, { tables: installationTables }));
      if (deps.jobs.workspaceJob(team) !== undefined) continue;
      deps.jobs.add({
        teamId: team,
        userId: null,
        reason: input.reason,
        who,
        deleted,
        requestedAt: input.now,
      });
      recorded.push(team);
    }
    return recorded;
  });
  if (teams.length > 0) deps.purges.wake();
  return { teams };
}

/** What a request needs to know of its workspace before it is served. */
export type WorkspaceStanding = {
  /** Its data is being deleted (it uninstalled the app): it is not served until the purge is done. */
  readonly beingDeleted: boolean;
  /** Its scheduled delivery is paused for a refused token (`resumeDeliveryIfTokenWorks`). */
  readonly deliveryPaused: boolean;
};

/** Both in one read (every request asks). */
export function workspaceStanding(deps: WorkspaceDeps, teamId: string): WorkspaceStanding {
  return deps.delivery.standing(teamId);
}

/**
 * A request came from a workspace whose scheduled delivery was paused for a refused token: if Slack
 * accepts the workspace's token again (the app was reinstalled, or the account is active again),
 * scheduled delivery goes on. Slack is asked only while delivery is paused (`paused`: as the
 * request's `workspaceStanding` said, else read here). True when it resumed.
 */
export async function resumeDeliveryIfTokenWorks(
  deps: WorkspaceDeps,
  input: { teamId: string; tokenWorks: () => Promise<boolean>; paused?: boolean },
): Promise<boolean> {
  const paused = input.paused ?? deps.delivery.pausedWhy(input.teamId) !== undefined;
  if (!paused) return false;
  if (!(await input.tokenWorks())) return false; // still refused: stay paused
  return deps.delivery.resume(input.teamId);
}
