import type { InstallationRepository } from '../storage/installation-repository.js';
import type { WorkspaceDeliveryRepository } from '../storage/workspace-delivery-repository.js';
import type { WorkspaceRepository } from '../storage/workspace-repository.js';

export type WorkspaceDeps = {
  readonly workspaces: WorkspaceRepository;
  readonly delivery: WorkspaceDeliveryRepository;
  readonly installations: InstallationRepository;
  readonly atomically: <T>(fn: () => T) => T;
};

/**
 * app_uninstalled / tokens_revoked: the installation and every row of the workspace go, in one
 * transaction; for an org-wide install, every workspace served through it. Returns the counts per
 * table (for the log).
 */
export function purgeWorkspace(
  deps: WorkspaceDeps,
  input: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean },
): Record<string, number> {
  return deps.atomically(() => {
    const teams = new Set<string>();
    if (input.isEnterpriseInstall && input.enterpriseId) {
      for (const team of deps.installations.teamsOf(`E:${input.enterpriseId}`)) teams.add(team);
      teams.add(input.enterpriseId); // the installation row itself
    }
    if (input.teamId) teams.add(input.teamId);
    const counts: Record<string, number> = {};
    for (const team of teams) {
      for (const [table, n] of Object.entries(deps.workspaces.purge(team)))
        counts[table] = (counts[table] ?? 0) + n;
    }
    return counts;
  });
}

/**
 * A request came from a workspace whose scheduled delivery was paused for a refused token: if Slack
 * accepts the workspace's token again (the app was reinstalled, or the account is active again),
 * scheduled delivery goes on. Slack is asked only while delivery is paused. True when it resumed.
 */
export async function resumeDeliveryIfTokenWorks(
  deps: WorkspaceDeps,
  input: { teamId: string; tokenWorks: () => Promise<boolean> },
): Promise<boolean> {
  if (deps.delivery.pausedWhy(input.teamId) === undefined) return false;
  if (!(await input.tokenWorks())) return false; // still refused: stay paused
  return deps.delivery.resume(input.teamId);
}
