import type { Db } from './database.js';

export type ChannelSettingsRepository = ReturnType<typeof createChannelSettingsRepository>;

/** Per-channel switches (coaching on or off). */
export function createChannelSettingsRepository(db: Db) {
  const get = db.prepare<[string, string], { coach_enabled: number }>(
    `SELECT coach_enabled FROM channel_settings WHERE team_id = ? AND channel_id = ?`,
  );
  const set = db.prepare<[string, string, number]>(
    `INSERT INTO channel_settings (team_id, channel_id, coach_enabled) VALUES (?, ?, ?)
     ON CONFLICT (team_id, channel_id) DO UPDATE SET coach_enabled = excluded.coach_enabled`,
  );
  return {
    coachEnabled(teamId: string, channelId: string): boolean {
      return (get.get(teamId, channelId)?.coach_enabled ?? 1) === 1;
    },
    setCoach(teamId: string, channelId: string, enabled: boolean): void {
      set.run(teamId, channelId, enabled ? 1 : 0);
    },
  };
}
