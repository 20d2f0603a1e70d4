import { z } from 'zod';
import { boundedMemo } from '../domain/built-once.js';
import { type PostTime, postTimeTextSchema, type Weekday, weekdaySchema } from '../domain/calendar.js';
import { type Subscription, subscriptionSchema } from '../domain/subscription.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

type Row = {
  team_id: string;
  channel_id: string;
  post_time: string;
  time_zone: string;
  days: string;
  effective_from: number;
  created_by: string;
  paused: number;
  paused_until: string | null;
  pause_reason: string | null;
  holidays: string | null;
};

/** Days are stored as ISO weekdays in order, '1,2,3,4,5'. */
const daysText = (days: readonly Weekday[]) => [...days].sort().join(',');

/** A subscription as stored: its time as "HH:MM" and its days as `daysText`. */
const readSubscription = rowReader(
  'subscriptions',
  subscriptionSchema
    .unwrap()
    .extend({
      time: postTimeTextSchema,
      days: z
        .string()
        .transform((text) => text.split(',').map(Number))
        .pipe(z.array(weekdaySchema))
        .readonly(),
    })
    .readonly(),
);

/** A channel's posting time and its zone. */
type PostingTime = { readonly time: PostTime; readonly timeZone: string };

const readPostingTime = rowReader(
  'subscriptions',
  z.object({ time: postTimeTextSchema, timeZone: z.string().min(1) }).readonly(),
);

export type SubscriptionRepository = ReturnType<typeof createSubscriptionRepository>;

export function createSubscriptionRepository(db: Db) {
  const upsert = db.prepare<[string, string, string, string, string, string | null, number, string, number]>(
    `INSERT INTO subscriptions (team_id, channel_id, post_time, time_zone, days, holidays, effective_from, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id, channel_id) DO UPDATE SET
       post_time = excluded.post_time, time_zone = excluded.time_zone, days = excluded.days,
       holidays = excluded.holidays,
       effective_from = min(subscriptions.effective_from, excluded.effective_from),
       paused = 0, paused_until = NULL, pause_reason = NULL`,
  );
  const remove = db.prepare<[string, string]>(
    `DELETE FROM subscriptions WHERE team_id = ? AND channel_id = ?`,
  );
  const one = db.prepare<[string, string], Row>(
    `SELECT * FROM subscriptions WHERE team_id = ? AND channel_id = ?`,
  );
  const timeOf = db.prepare<[string, string], Pick<Row, 'post_time' | 'time_zone'>>(
    `SELECT post_time, time_zone FROM subscriptions WHERE team_id = ? AND channel_id = ?`,
  );
  /** "HH:MM" and zone as stored → read once per distinct pair (a day's posts share a few). */
  const postingTimes = boundedMemo<PostingTime>(10_000);
  const ofTeam = db.prepare<[string], Row>(
    `SELECT * FROM subscriptions WHERE team_id = ? ORDER BY channel_id`,
  );
  const teams = db.prepare<[], { team_id: string }>(
    `SELECT DISTINCT team_id FROM subscriptions ORDER BY team_id`,
  );
  const skipsOf = db.prepare<[string, string], { local_date: string }>(
    `SELECT local_date FROM subscription_skips WHERE team_id = ? AND channel_id = ? ORDER BY local_date`,
  );
  const teamSkips = db.prepare<[string], { channel_id: string; local_date: string }>(
    `SELECT channel_id, local_date FROM subscription_skips WHERE team_id = ? ORDER BY channel_id, local_date`,
  );
  const addSkip = db.prepare<[string, string, string]>(
    `INSERT OR IGNORE INTO subscription_skips (team_id, channel_id, local_date) VALUES (?, ?, ?)`,
  );
  const pause = db.prepare<[string | null, string | null, string, string]>(
    `UPDATE subscriptions SET paused = 1, paused_until = ?, pause_reason = ? WHERE team_id = ? AND channel_id = ?`,
  );
  const resume = db.prepare<[string, string]>(
    `UPDATE subscriptions SET paused = 0, paused_until = NULL, pause_reason = NULL WHERE team_id = ? AND channel_id = ?`,
  );

  // Each read checks its row again and hands out its own copy (its skipped days a Set of its own).
  // A cache of checked rows by their stored text was measured (a post's standing check 40 -> 14
  // µs, ~2% of a post's CPU) and not kept: it shared one Set between readers and kept rows in
  // memory after forget-me or a workspace's purge had deleted them.
  const toSubscription = (row: Row, skips: readonly string[]): Subscription =>
    readSubscription({
      teamId: row.team_id,
      channelId: row.channel_id,
      createdBy: row.created_by,
      time: row.post_time,
      timeZone: row.time_zone,
      days: row.days,
      effectiveFrom: row.effective_from,
      paused: row.paused === 1,
      pausedUntil: row.paused_until,
      pauseReason: row.pause_reason,
      holidays: row.holidays,
      skips: new Set(skips),
    });

  return {
    /**
     * Subscribes, or changes the settings of, a channel; a change also lifts a pause and keeps who
     * subscribed it (`createdBy` is written only by the first subscribe).
     */
    save(input: {
      teamId: string;
      channelId: string;
      time: string;
      timeZone: string;
      days: readonly Weekday[];
      /** The holiday calendar whose public holidays are skipped (`DE`, `DE-BY`), or null. */
      holidays: string | null;
      createdBy: string;
      at: number;
    }): void {
      upsert.run(
        input.teamId,
        input.channelId,
        input.time,
        input.timeZone,
        daysText(input.days),
        input.holidays,
        input.at,
        input.createdBy,
        input.at,
      );
    },
    remove(teamId: string, channelId: string): boolean {
      return remove.run(teamId, channelId).changes > 0;
    },
    find(teamId: string, channelId: string): Subscription | undefined {
      const row = one.get(teamId, channelId);
      return row
        ? toSubscription(
            row,
            skipsOf.all(teamId, channelId).map((s) => s.local_date),
          )
        : undefined;
    },
    /**
     * Only the channel's posting time and zone (what the post-lag metric reads for each post, so
     * one narrow read rather than the whole subscription and its skipped days).
     */
    postingTime(teamId: string, channelId: string): PostingTime | undefined {
      const row = timeOf.get(teamId, channelId);
      if (!row) return undefined;
      return postingTimes(JSON.stringify([row.post_time, row.time_zone]), () =>
        readPostingTime({ time: row.post_time, timeZone: row.time_zone }),
      );
    },
    teams(): string[] {
      return teams.all().map((row) => row.team_id);
    },
    ofTeam(teamId: string): Subscription[] {
      // The workspace's skipped days in one read, rather than one read per channel.
      const skips = new Map<string, string[]>();
      for (const { channel_id, local_date } of teamSkips.all(teamId)) {
        const days = skips.get(channel_id);
        if (days) days.push(local_date);
        else skips.set(channel_id, [local_date]);
      }
      return ofTeam.all(teamId).map((row) => toSubscription(row, skips.get(row.channel_id) ?? []));
    },
    pause(teamId: string, channelId: string, until: string | null, reason: string | null): boolean {
      return pause.run(until, reason, teamId, channelId).changes > 0;
    },
    resume(teamId: string, channelId: string): boolean {
      return resume.run(teamId, channelId).changes > 0;
    },
    skip(teamId: string, channelId: string, date: string): void {
      addSkip.run(teamId, channelId, date);
    },
  };
}
