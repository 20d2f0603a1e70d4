import type { Db } from './database.js';

export type StoredInstallation = {
  readonly key: string;
  readonly teamId: string;
  readonly enterpriseId: string | null;
  readonly isEnterpriseInstall: boolean;
  readonly botToken: string | null;
  readonly botUserId: string | null;
  /** The installation as Bolt gave it, JSON. */
  readonly json: string;
};

export type InstallationRepository = ReturnType<typeof createInstallationRepository>;

export function installKey(input: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean;
}): string {
  if (input.isEnterpriseInstall && input.enterpriseId) return `E:${input.enterpriseId}`;
  if (input.teamId) return `T:${input.teamId}`;
  throw new Error('an installation needs a team id or an enterprise id');
}

/** Installations (OAuth): tokens per workspace or enterprise. */
export function createInstallationRepository(db: Db) {
  const save = db.prepare<
    [string, string, string | null, number, string | null, string | null, string, number]
  >(
    `INSERT INTO installations (install_key, team_id, enterprise_id, is_enterprise_install, bot_token, bot_user_id, installation, installed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (install_key) DO UPDATE SET
       team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
       is_enterprise_install = excluded.is_enterprise_install, bot_token = excluded.bot_token,
       bot_user_id = excluded.bot_user_id, installation = excluded.installation, installed_at = excluded.installed_at`,
  );
  const one = db.prepare<
    [string],
    {
      install_key: string;
      team_id: string;
      enterprise_id: string | null;
      is_enterprise_install: number;
      bot_token: string | null;
      bot_user_id: string | null;
      installation: string;
    }
  >(`SELECT * FROM installations WHERE install_key = ?`);
  const remove = db.prepare<[string]>(`DELETE FROM installations WHERE install_key = ?`);
  const installedAfter = db.prepare<[string, number, string, number], { found: number }>(
    `SELECT 1 AS found FROM installations WHERE team_id = ? AND installed_at > ?
     UNION ALL
     SELECT 1 FROM installation_teams t JOIN installations i ON i.install_key = t.install_key
     WHERE t.team_id = ? AND i.installed_at > ?
     LIMIT 1`,
  );
  const tokenOf = db.prepare<[string, string], { bot_token: string | null }>(
    `SELECT bot_token FROM installations WHERE install_key = ?
     UNION ALL
     SELECT i.bot_token FROM installation_teams t JOIN installations i ON i.install_key = t.install_key
     WHERE t.team_id = ?
     LIMIT 1`,
  );
  const link = db.prepare<[string, string]>(
    `INSERT INTO installation_teams (team_id, install_key) VALUES (?, ?)
     ON CONFLICT (team_id) DO UPDATE SET install_key = excluded.install_key`,
  );
  const teamsOf = db.prepare<[string], { team_id: string }>(
    `SELECT team_id FROM installation_teams WHERE install_key = ?`,
  );
  return {
    save(input: StoredInstallation & { at: number }): void {
      save.run(
        input.key,
        input.teamId,
        input.enterpriseId,
        input.isEnterpriseInstall ? 1 : 0,
        input.botToken,
        input.botUserId,
        input.json,
        input.at,
      );
    },
    find(key: string): StoredInstallation | undefined {
      const row = one.get(key);
      return row
        ? {
            key: row.install_key,
            teamId: row.team_id,
            enterpriseId: row.enterprise_id,
            isEnterpriseInstall: row.is_enterprise_install === 1,
            botToken: row.bot_token,
            botUserId: row.bot_user_id,
            json: row.installation,
          }
        : undefined;
    },
    /** Records that a workspace is served by an org-wide installation. */
    linkTeam(teamId: string, key: string): void {
      link.run(teamId, key);
    },
    /** The workspaces served by an installation (org-wide installs). */
    teamsOf(key: string): string[] {
      return teamsOf.all(key).map((row) => row.team_id);
    },
    /** The bot token for a workspace's scheduled work (daily posts, recaps, reminders). */
    botTokenForTeam(teamId: string): string | undefined {
      return tokenOf.get(`T:${teamId}`, teamId)?.bot_token ?? undefined;
    },
    remove(key: string): boolean {
      return remove.run(key).changes > 0;
    },
    /** Whether the workspace (or the org, by its enterprise id) installed the app after `at`. */
    installedSince(teamId: string, at: number): boolean {
      return installedAfter.get(teamId, at, teamId, at) !== undefined;
    },
  };
}
