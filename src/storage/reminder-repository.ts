import { postTimeTextSchema } from '../domain/calendar.js';
import { type Reminder, reminderSchema } from '../domain/reminder.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

/** A reminder as stored: its time as "HH:MM". */
const readReminder = rowReader(
  'reminders',
  reminderSchema.unwrap().extend({ time: postTimeTextSchema }).readonly(),
);

export type ReminderRepository = ReturnType<typeof createReminderRepository>;

/** The optional daily "N questions due" DM per user. */
export function createReminderRepository(db: Db) {
  const upsert = db.prepare<[string, string, string, string, number]>(
    `INSERT INTO reminders (team_id, user_id, remind_time, time_zone, effective_from) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (team_id, user_id) DO UPDATE SET
       remind_time = excluded.remind_time, time_zone = excluded.time_zone, effective_from = excluded.effective_from`,
  );
  const remove = db.prepare<[string, string]>(`DELETE FROM reminders WHERE team_id = ? AND user_id = ?`);
  const teams = db.prepare<[], { team_id: string }>(
    `SELECT DISTINCT team_id FROM reminders ORDER BY team_id`,
  );
  const ofTeam = db.prepare<
    [string],
    { team_id: string; user_id: string; remind_time: string; time_zone: string; effective_from: number }
  >(`SELECT * FROM reminders WHERE team_id = ? ORDER BY user_id`);
  const ofUser = db.prepare<[string, string], { remind_time: string; time_zone: string }>(
    `SELECT remind_time, time_zone FROM reminders WHERE team_id = ? AND user_id = ?`,
  );
  return {
    set(input: { teamId: string; userId: string; time: string; timeZone: string; at: number }): void {
      upsert.run(input.teamId, input.userId, input.time, input.timeZone, input.at);
    },
    remove(teamId: string, userId: string): boolean {
      return remove.run(teamId, userId).changes > 0;
    },
    /** A user's reminder as set: its time ("HH:MM") and the time zone it follows; undefined when off. */
    ofUser(teamId: string, userId: string): { time: string; timeZone: string } | undefined {
      const row = ofUser.get(teamId, userId);
      return row ? { time: row.remind_time, timeZone: row.time_zone } : undefined;
    },
    teams(): string[] {
      return teams.all().map((row) => row.team_id);
    },
    ofTeam(teamId: string): Reminder[] {
      return ofTeam.all(teamId).map((row) =>
        readReminder({
          teamId: row.team_id,
          userId: row.user_id,
          time: row.remind_time,
          timeZone: row.time_zone,
          effectiveFrom: row.effective_from,
        }),
      );
    },
  };
}
