import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { type InstallationRepository, installKey } from '../storage/installation-repository.js';

/**
 * Bolt's InstallationStore on SQLite: org-wide (enterprise) installs are keyed by the enterprise
 * id, workspace installs by the team id. Workspaces of an org-wide install are linked to it as
 * their requests arrive (see `linkEnterpriseTeams` in app.ts), for scheduled work and uninstalls.
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
