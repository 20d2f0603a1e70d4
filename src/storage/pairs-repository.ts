import { z } from 'zod';
import { postTimeTextSchema } from '../domain/calendar.js';
import { type PairsSchedule, pairsScheduleSchema } from '../domain/pairing.js';
import { formatTime } from '../domain/schedule.js';
import type { RubricScores } from '../domain/star.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

/** A channel's mock-interview rounds as stored: the schedule and who turned them on. */
export type PairsSettings = PairsSchedule & {
  readonly teamId: string;
  readonly channelId: string;
  readonly createdBy: string;
};

const readSettings = rowReader(
  'pairs_settings',
  pairsScheduleSchema
    .unwrap()
    .extend({
      teamId: z.string(),
      channelId: z.string(),
      createdBy: z.string(),
      time: postTimeTextSchema,
    })
    .readonly(),
);

type SettingsRow = {
  team_id: string;
  channel_id: string;
  cadence: string;
  weekday: number;
  round_time: string;
  time_zone: string;
  anchor_date: string;
  effective_from: number;
  created_by: string;
};

const settingsOf = (r: SettingsRow): PairsSettings =>
  readSettings({
    teamId: r.team_id,
    channelId: r.channel_id,
    cadence: r.cadence,
    weekday: r.weekday,
    time: r.round_time,
    timeZone: r.time_zone,
    anchorDate: r.anchor_date,
    effectiveFrom: r.effective_from,
    createdBy: r.created_by,
  });

/** A group of a round: its members in order (each interviews the next), what it came to, its DM. */
export type PairsGroup = {
  readonly id: number;
  readonly teamId: string;
  readonly channelId: string;
  readonly roundDate: string;
  readonly members: readonly string[];
  readonly status: 'open' | 'met' | 'skipped';
  readonly conversationId: string | null;
  readonly interviews: ReadonlyArray<{ interviewer: string; candidate: string; questionId: string }>;
};

const statusSchema = z.enum(['open', 'met', 'skipped']);

/** A mock interview's scores, per STAR part, with the interviewer's comment. */
export type MockFeedback = RubricScores & {
  readonly groupId: number;
  readonly interviewer: string;
  readonly candidate: string;
  readonly questionId: string;
  readonly comment: string;
  readonly at: number;
};

export type PairsRepository = ReturnType<typeof createPairsRepository>;

/** A row of mock_feedback, as the queries read it. */
type FeedbackRow = {
  group_id: number;
  interviewer: string;
  candidate: string;
  question_id: string;
  situation: number;
  task: number;
  action: number;
  result: number;
  comment: string;
  at: number;
};

const feedbackOfRow = (f: FeedbackRow): MockFeedback => ({
  groupId: f.group_id,
  interviewer: f.interviewer,
  candidate: f.candidate,
  questionId: f.question_id,
  situation: f.situation,
  task: f.task,
  action: f.action,
  result: f.result,
  comment: f.comment,
  at: f.at,
});

/** Mock interviews in pairs: each channel's rounds, who opted in, the groups and their feedback. */
export function createPairsRepository(db: Db) {
  const getSettings = db.prepare<[string, string], SettingsRow>(
    `SELECT * FROM pairs_settings WHERE team_id = ? AND channel_id = ?`,
  );
  const teams = db.prepare<[], { team_id: string }>(
    `SELECT DISTINCT team_id FROM pairs_settings ORDER BY team_id`,
  );
  const ofTeam = db.prepare<[string], SettingsRow>(
    `SELECT * FROM pairs_settings WHERE team_id = ? ORDER BY channel_id`,
  );
  const saveSettings = db.prepare<[string, string, string, number, string, string, string, number, string]>(
    `INSERT INTO pairs_settings (team_id, channel_id, cadence, weekday, round_time, time_zone, anchor_date, effective_from, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id, channel_id) DO UPDATE SET cadence = excluded.cadence, weekday = excluded.weekday,
       round_time = excluded.round_time, time_zone = excluded.time_zone, anchor_date = excluded.anchor_date,
       effective_from = excluded.effective_from`,
  );
  const removeSettings = db.prepare<[string, string]>(
    `DELETE FROM pairs_settings WHERE team_id = ? AND channel_id = ?`,
  );
  const join = db.prepare<[string, string, string, string | null, number]>(
    `INSERT INTO pairs_members (team_id, channel_id, user_id, time_zone, joined_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (team_id, channel_id, user_id) DO UPDATE SET time_zone = excluded.time_zone`,
  );
  const isMember = db.prepare<[string, string, string], { one: number }>(
    `SELECT 1 AS one FROM pairs_members WHERE team_id = ? AND channel_id = ? AND user_id = ?`,
  );
  const leave = db.prepare<[string, string, string]>(
    `DELETE FROM pairs_members WHERE team_id = ? AND channel_id = ? AND user_id = ?`,
  );
  const members = db.prepare<[string, string], { user_id: string; time_zone: string | null }>(
    `SELECT user_id, time_zone FROM pairs_members WHERE team_id = ? AND channel_id = ? ORDER BY user_id`,
  );
  const addRound = db.prepare<[string, string, string, number]>(
    `INSERT OR IGNORE INTO pairs_rounds (team_id, channel_id, round_date, created_at) VALUES (?, ?, ?, ?)`,
  );
  const roundId = db.prepare<[string, string, string], { id: number }>(
    `SELECT id FROM pairs_rounds WHERE team_id = ? AND channel_id = ? AND round_date = ?`,
  );
  const recentRounds = db.prepare<[string, string, number], { id: number }>(
    `SELECT id FROM pairs_rounds WHERE team_id = ? AND channel_id = ? ORDER BY round_date DESC LIMIT ?`,
  );
  const addGroup = db.prepare<[number, string, number]>(
    `INSERT INTO pairs_groups (round_id, team_id, position) VALUES (?, ?, ?)`,
  );
  const addMember = db.prepare<[number, string, string, number]>(
    `INSERT INTO pairs_group_members (group_id, team_id, user_id, position) VALUES (?, ?, ?, ?)`,
  );
  const addInterview = db.prepare<[number, string, string, string, string]>(
    `INSERT INTO pairs_interviews (group_id, team_id, interviewer, candidate, question_id) VALUES (?, ?, ?, ?, ?)`,
  );
  const groupRow = db.prepare<
    [string, number],
    { id: number; status: string; conversation_id: string | null; channel_id: string; round_date: string }
  >(
    `SELECT g.id, g.status, g.conversation_id, r.channel_id, r.round_date
     FROM pairs_groups g JOIN pairs_rounds r ON r.id = g.round_id WHERE g.team_id = ? AND g.id = ?`,
  );
  const groupIds = db.prepare<[string, number], { id: number }>(
    `SELECT id FROM pairs_groups WHERE team_id = ? AND round_id = ? ORDER BY position`,
  );
  const groupMembers = db.prepare<[string, number], { user_id: string }>(
    `SELECT user_id FROM pairs_group_members WHERE team_id = ? AND group_id = ? ORDER BY position`,
  );
  const groupInterviews = db.prepare<
    [string, number],
    { interviewer: string; candidate: string; question_id: string }
  >(
    `SELECT interviewer, candidate, question_id FROM pairs_interviews WHERE team_id = ? AND group_id = ?
     ORDER BY rowid`,
  );
  const decide = db.prepare<[string, number, string, number]>(
    `UPDATE pairs_groups SET status = ?, decided_at = ? WHERE team_id = ? AND id = ? AND status = 'open'`,
  );
  const setConversation = db.prepare<[string, string, number]>(
    `UPDATE pairs_groups SET conversation_id = ? WHERE team_id = ? AND id = ?`,
  );
  const saveFeedback = db.prepare<
    [string, number, string, string, string, number, number, number, number, string, number]
  >(
    `INSERT INTO mock_feedback (team_id, group_id, interviewer, candidate, question_id, situation, task, action, result, comment, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (group_id, interviewer, candidate) DO UPDATE SET situation = excluded.situation,
       task = excluded.task, action = excluded.action, result = excluded.result, comment = excluded.comment, at = excluded.at`,
  );
  const feedbackOf = db.prepare<[string, string, number], FeedbackRow>(
    `SELECT group_id, interviewer, candidate, question_id, situation, task, action, result, comment, at
     FROM mock_feedback WHERE team_id = ? AND candidate = ? ORDER BY at DESC LIMIT ?`,
  );
  const feedbackGiven = db.prepare<[string, string], FeedbackRow>(
    `SELECT group_id, interviewer, candidate, question_id, situation, task, action, result, comment, at
     FROM mock_feedback WHERE team_id = ? AND interviewer = ? ORDER BY at DESC`,
  );
  const groupsOfUser = db.prepare<[string, string], { group_id: number }>(
    `SELECT group_id FROM pairs_group_members WHERE team_id = ? AND user_id = ? ORDER BY group_id`,
  );

  const group = (teamId: string, groupId: number): PairsGroup | undefined => {
    const row = groupRow.get(teamId, groupId);
    if (!row) return undefined;
    return {
      id: row.id,
      teamId,
      channelId: row.channel_id,
      roundDate: row.round_date,
      members: groupMembers.all(teamId, groupId).map((m) => m.user_id),
      status: statusSchema.parse(row.status),
      conversationId: row.conversation_id,
      interviews: groupInterviews.all(teamId, groupId).map((i) => ({
        interviewer: i.interviewer,
        candidate: i.candidate,
        questionId: i.question_id,
      })),
    };
  };
  const groupsOfRound = (teamId: string, id: number): PairsGroup[] =>
    groupIds
      .all(teamId, id)
      .map((g) => group(teamId, g.id))
      .filter((g): g is PairsGroup => g !== undefined);

  return {
    settings(teamId: string, channelId: string): PairsSettings | undefined {
      const row = getSettings.get(teamId, channelId);
      return row ? settingsOf(row) : undefined;
    },
    /** The workspaces with rounds on somewhere (the daily pass walks them, one workspace at a time). */
    teams(): string[] {
      return teams.all().map((t) => t.team_id);
    },
    /** A workspace's channels with rounds on. */
    ofTeam(teamId: string): PairsSettings[] {
      return ofTeam.all(teamId).map(settingsOf);
    },
    /** Turns rounds on, or changes them (who turned them on first stays). */
    saveSettings(s: PairsSettings): void {
      const time = formatTime(s.time);
      saveSettings.run(
        s.teamId,
        s.channelId,
        s.cadence,
        s.weekday,
        time,
        s.timeZone,
        s.anchorDate,
        s.effectiveFrom,
        s.createdBy,
      );
    },
    removeSettings(teamId: string, channelId: string): boolean {
      return removeSettings.run(teamId, channelId).changes > 0;
    },
    /** Opts a user in (their time zone kept for pairing); false when they already were. */
    join(teamId: string, channelId: string, userId: string, timeZone: string | null, at: number): boolean {
      const already = isMember.get(teamId, channelId, userId) !== undefined;
      join.run(teamId, channelId, userId, timeZone, at);
      return !already;
    },
    leave(teamId: string, channelId: string, userId: string): boolean {
      return leave.run(teamId, channelId, userId).changes > 0;
    },
    isMember(teamId: string, channelId: string, userId: string): boolean {
      return isMember.get(teamId, channelId, userId) !== undefined;
    },
    members(teamId: string, channelId: string): Array<{ userId: string; timeZone: string | null }> {
      return members.all(teamId, channelId).map((m) => ({ userId: m.user_id, timeZone: m.time_zone }));
    },
    /** The round of that date: its id, new or existing, and whether this call created it. */
    round(teamId: string, channelId: string, date: string, at: number): { id: number; created: boolean } {
      const created = addRound.run(teamId, channelId, date, at).changes > 0;
      const found = roundId.get(teamId, channelId, date);
      if (!found) throw new Error('round not stored');
      return { id: found.id, created };
    },
    roundGroups(teamId: string, channelId: string, date: string): PairsGroup[] {
      const found = roundId.get(teamId, channelId, date);
      return found ? groupsOfRound(teamId, found.id) : [];
    },
    /** The members of each group of the channel's latest `rounds` rounds, the most recent first. */
    recentGroups(teamId: string, channelId: string, rounds: number): string[][][] {
      return recentRounds
        .all(teamId, channelId, rounds)
        .map((r) => groupsOfRound(teamId, r.id).map((g) => [...g.members]));
    },
    /** Adds a group to a round: its members in order and who interviews whom (with the question). */
    addGroup(
      teamId: string,
      roundId: number,
      position: number,
      members: readonly string[],
      interviews: ReadonlyArray<{ interviewer: string; candidate: string; questionId: string }>,
    ): number {
      const id = Number(addGroup.run(roundId, teamId, position).lastInsertRowid);
      for (const [i, userId] of members.entries()) addMember.run(id, teamId, userId, i);
      for (const i of interviews) addInterview.run(id, teamId, i.interviewer, i.candidate, i.questionId);
      return id;
    },
    group,
    /** "We met" or "skip this round": once; false when the group had already said. */
    decide(teamId: string, groupId: number, status: 'met' | 'skipped', at: number): boolean {
      return decide.run(status, at, teamId, groupId).changes > 0;
    },
    setConversation(teamId: string, groupId: number, conversationId: string): void {
      setConversation.run(conversationId, teamId, groupId);
    },
    /** The interviewer's scores of a candidate in a group: a second save replaces the first. */
    saveFeedback(teamId: string, f: Omit<MockFeedback, 'at'>, at: number): void {
      saveFeedback.run(
        teamId,
        f.groupId,
        f.interviewer,
        f.candidate,
        f.questionId,
        f.situation,
        f.task,
        f.action,
        f.result,
        f.comment,
        at,
      );
    },
    /** The feedback a candidate received, the latest first. */
    feedbackFor(teamId: string, candidate: string, limit = 20): MockFeedback[] {
      return feedbackOf.all(teamId, candidate, limit).map(feedbackOfRow);
    },
    /** The feedback a user gave as interviewer, the latest first. */
    feedbackGivenBy(teamId: string, interviewer: string): MockFeedback[] {
      return feedbackGiven.all(teamId, interviewer).map(feedbackOfRow);
    },
    /** Every group the user was in (for their export). */
    groupsOf(teamId: string, userId: string): PairsGroup[] {
      return groupsOfUser
        .all(teamId, userId)
        .map((g) => group(teamId, g.group_id))
        .filter((g): g is PairsGroup => g !== undefined);
    },
  };
}
