import type { WorkspaceRepository } from '../storage/workspace-repository.js';

export type WorkspaceDeps = {
  readonly workspaces: WorkspaceRepository;
  readonly atomically: <T>(fn: () => T) => T;
};

/**
 * app_uninstalled / tokens_revoked: the installation and every row of the workspace go, in one
 * transaction. Returns the counts per table (for the log).
 */
export function purgeWorkspace(deps: WorkspaceDeps, teamId: string): Record<string, number> {
  return deps.atomically(() => deps.workspaces.purge(teamId));
}
