import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { z } from 'zod';
import { builtOnce } from '../domain/built-once.js';
import { type InstallationRepository, installKey } from '../storage/installation-repository.js';

/** The fields of a stored installation that this store and Bolt's authorize read; null counts as absent. */
function readFieldsSchema() {
  const withId = z.looseObject({ id: z.string(), name: z.string().nullish() });
  const refreshable = { refreshToken: z.string().nullish(), expiresAt: z.number().nullish() };
  return z.looseObject({
    team: withId.nullish(),
    enterprise: withId.nullish(),
    isEnterpriseInstall: z.boolean().nullish(),
    authVersion: z.enum(['v1', 'v2']).nullish(),
    user: z.looseObject({ id: z.string(), token: z.string().nullish(), ...refreshable }).nullish(),
    bot: z
      .looseObject({
        token: z.string(),
        id: z.string().nullish(),
        userId: z.string().nullish(),
        ...refreshable,
      })
      .nullish(),
  });
}

/**
 * An installation as stored: the object Bolt gave `storeInstallation`, as JSON. Read back, it must
 * have the fields that are read from it (`readFieldsSchema`); every other field is Bolt's, as Bolt
 * wrote it, and goes back to Bolt unchanged. Built on first use (built-once.ts), with
 * `readFieldsSchema`.
 */
const storedInstallationSchema = builtOnce(() => {
  const readFields = readFieldsSchema();
  return z.custom<Installation<'v1' | 'v2', boolean>>().superRefine((value, ctx) => {
    for (const { path, message } of readFields.safeParse(value).error?.issues ?? [])
      ctx.addIssue({ code: 'custom', path, message });
  });
});

function readInstallation(json: string): Installation<'v1' | 'v2', boolean> {
  const result = storedInstallationSchema().safeParse(JSON.parse(json));
  if (!result.success) {
    throw new Error(`the stored installation does not read: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

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
      return readInstallation(found.json);
    },
    async deleteInstallation(query) {
      repository.remove(keyOf(query));
    },
  };
}
