import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { type InstallationRepository, installKey } from '../storage/installation-repository.js';

/**
 * Bolt's InstallationStore on SQLite, keyed by workspace (team id). The key scheme has room for
 * org-wide installs (by enterprise id), which are refused until scheduled work can map teams to them.
 */
export function sqliteInstallationStore(
  repository: InstallationRepository,
  now: () => number,
): InstallationStore {
  const keyOf = (query: InstallationQuery<boolean>) =>
    installKey({
      teamId: query.teamId,
      enterpriseId: query.enterpriseId,
      isEnterpriseInstall: query.isEnterpriseInstall,
    });
  return {
    async storeInstallation(installation) {
      const enterpriseId = installation.enterprise?.id;
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      // Org-wide installs would need a team → enterprise map for scheduled work: not supported yet
      // (the manifest has org_deploy_enabled: false), so they are refused rather than half-served.
      if (isEnterpriseInstall) throw new Error('org-wide (Enterprise Grid) installs are not supported yet');
      const teamId = isEnterpriseInstall ? enterpriseId : installation.team?.id;
      if (!teamId) throw new Error('an installation without a team or enterprise id');
      repository.save({
        key: installKey({ teamId: installation.team?.id, enterpriseId, isEnterpriseInstall }),
        teamId,
        enterpriseId: enterpriseId ?? null,
        isEnterpriseInstall,
        botToken: installation.bot?.token ?? null,
        botUserId: installation.bot?.userId ?? null,
        json: JSON.stringify(installation),
        at: now(),
      });
    },
    async fetchInstallation(query) {
      const found = repository.find(keyOf(query));
      if (!found) throw new Error('no installation for this workspace');
      return JSON.parse(found.json) as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query) {
      repository.remove(keyOf(query));
    },
  };
}
