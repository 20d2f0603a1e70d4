import { z } from 'zod';
import {
  addDays,
  localDate,
  localDateSchema,
  type PostTime,
  postTimeSchema,
  type Weekday,
  weekdayOf,
  weekdaySchema,
  zonedInstant,
} from './calendar.js';

/**
 * Mock interviews in pairs (product.md §9): a channel's rounds, who is paired with whom, and who
 * interviews whom. Pure: time comes in as `now`, chance as `random`.
 *
 * Worked example: #prep has rounds weekly on Monday at 10:00 Europe/Berlin. On Monday 10:00, the
 * five members who opted in are paired: two pairs and a trio would be three groups, but five makes
 * one pair and one trio. Nobody is paired with their partner of the last rounds when anyone else
 * can be taken; people whose time zones are far apart are paired last. In a pair each interviews the
 * other (roles swap within the session); in a trio A interviews B, B interviews C and C interviews
 * A. Thursday at 10:00, groups that have not said "we met" or "skip" get one nudge.
 */

export const pairsCadences = ['weekly', 'biweekly'] as const;
export type PairsCadence = (typeof pairsCadences)[number];

/** A channel's rounds: every week or every two weeks, on a weekday at a local time. */
export const pairsScheduleSchema = z
  .object({
    cadence: z.enum(pairsCadences),
    weekday: weekdaySchema,
    time: postTimeSchema,
    timeZone: z.string().min(1),
    /** The first round's date: every two weeks counts from it. */
    anchorDate: localDateSchema,
    /** Rounds are due only for scheduled times after this instant (turning pairs on or changing them). */
    effectiveFrom: z.number(),
  })
  .readonly();
export type PairsSchedule = z.infer<typeof pairsScheduleSchema>;

/**
 * The first round's date when pairs are turned on at `now`: the next `weekday` whose `time` is still
 * ahead (today, if it is that day and the time has not come).
 */
export function firstRoundDate(weekday: Weekday, time: PostTime, timeZone: string, now: number): string {
  let date = localDate(now, timeZone);
  for (let i = 0; i < 8; i++, date = addDays(date, 1))
    if (weekdayOf(date) === weekday && zonedInstant(date, time, timeZone) > now) return date;
  return date;
}

/** Whether `date` is a round day of the schedule (its weekday; every other week for biweekly). */
function isRoundDay(schedule: PairsSchedule, date: string): boolean {
  if (weekdayOf(date) !== schedule.weekday || date < schedule.anchorDate) return false;
  if (schedule.cadence === 'weekly') return true;
  const days = Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${schedule.anchorDate}T00:00:00Z`)) / 86_400_000,
  );
  return days % 14 === 0;
}

/**
 * The round due at `now`: today's date (in the schedule's zone) when today is a round day and its
 * time has come (after `effectiveFrom`); null otherwise. Like the question of the day, only today's
 * round can be due: one missed while the app was down starts later that day, never on a later day.
 */
export function dueRoundDate(schedule: PairsSchedule, now: number): string | null {
  const today = localDate(now, schedule.timeZone);
  if (!isRoundDay(schedule, today)) return null;
  const at = zonedInstant(today, schedule.time, schedule.timeZone);
  return at <= now && at > schedule.effectiveFrom ? today : null;
}

/** The next round's instant from `now` on (today's, when it has not come yet). */
export function nextRound(schedule: PairsSchedule, now: number): { date: string; at: number } {
  let date = localDate(now, schedule.timeZone);
  for (let i = 0; i < 30; i++, date = addDays(date, 1)) {
    if (!isRoundDay(schedule, date)) continue;
    const at = zonedInstant(date, schedule.time, schedule.timeZone);
    if (at > now && at > schedule.effectiveFrom) return { date, at };
  }
  throw new Error('no round day within 30 days'); // a weekly or two-weekly schedule always has one
}

/** Three days into a round, at the round's time, groups that have neither met nor skipped are nudged once. */
const nudgeAfterDays = 3;

/** The date a round's nudge is due (`nudgeAfterDays` after the round date). */
export function nudgeDate(roundDate: string): string {
  return addDays(roundDate, nudgeAfterDays);
}

// ---------------------------------------------------------------------------------------------
// Pairing

/** Someone who opted in, with their time zone's offset from UTC now (minutes; null when unknown). */
export type Participant = { readonly userId: string; readonly utcOffsetMinutes: number | null };

/** The groups of earlier rounds, the most recent round first. */
export type PairingHistory = ReadonlyArray<ReadonlyArray<readonly string[]>>;

/** How many past rounds count as "recent": a pair repeats only when there is no other way. */
export const recentRounds = 4;

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * The cost of putting two people together: a repeat of a recent round's pair weighs most (the more
 * recent, the more), then the hours between their time zones (unknown zones cost nothing).
 */
function costs(participants: readonly Participant[], history: PairingHistory) {
  const repeat = new Map<string, number>();
  history.slice(0, recentRounds).forEach((round, roundsAgo) => {
    for (const group of round)
      for (const a of group)
        for (const b of group)
          if (a < b) repeat.set(pairKey(a, b), (repeat.get(pairKey(a, b)) ?? 0) + 1000 / (roundsAgo + 1));
  });
  const offset = new Map(participants.map((p) => [p.userId, p.utcOffsetMinutes]));
  return (a: string, b: string): number => {
    const oa = offset.get(a);
    const ob = offset.get(b);
    const hours = oa == null || ob == null ? 0 : Math.abs(oa - ob) / 60;
    return (repeat.get(pairKey(a, b)) ?? 0) + hours;
  };
}

const groupCost = (group: readonly string[], cost: (a: string, b: string) => number) => {
  let sum = 0;
  for (let i = 0; i < group.length; i++)
    for (let j = i + 1; j < group.length; j++) sum += cost(group[i] as string, group[j] as string);
  return sum;
};

/**
 * Pairs the participants: groups of two, and one of three when their number is odd (nobody is left
 * out; one person alone makes no round). Recent pairs are avoided when anyone else can be taken,
 * then far-apart time zones. The order is shuffled with `random` first, so equal choices vary from
 * round to round; the same inputs and `random` give the same groups.
 */
export function pairUp(
  participants: readonly Participant[],
  history: PairingHistory,
  random: () => number,
): string[][] {
  const people = [...new Map(participants.map((p) => [p.userId, p])).values()];
  if (people.length < 2) return [];
  const ids = people.map((p) => p.userId).sort();
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
  }
  const cost = costs(people, history);
  // Greedy: each unpaired person (in shuffled order) takes the cheapest partner left.
  const left = [...ids];
  const groups: string[][] = [];
  while (left.length >= 2) {
    const a = left.shift() as string;
    let best = 0;
    for (let k = 1; k < left.length; k++)
      if (cost(a, left[k] as string) < cost(a, left[best] as string)) best = k;
    groups.push([a, ...left.splice(best, 1)]);
  }
  if (left.length === 1) {
    const last = left[0] as string;
    let best = 0;
    const added = (g: readonly string[]) => g.reduce((sum, m) => sum + cost(last, m), 0);
    for (let k = 1; k < groups.length; k++)
      if (added(groups[k] as string[]) < added(groups[best] as string[])) best = k;
    groups[best]?.push(last);
  }
  // Then swaps between groups while one lowers the total (a greedy choice early can cost a repeat later).
  for (let improved = true, passes = 0; improved && passes < 20; passes++) {
    improved = false;
    for (let g = 0; g < groups.length; g++)
      for (let h = g + 1; h < groups.length; h++) {
        const first = groups[g] as string[];
        const second = groups[h] as string[];
        for (let i = 0; i < first.length; i++)
          for (let j = 0; j < second.length; j++) {
            const before = groupCost(first, cost) + groupCost(second, cost);
            const x = first[i] as string;
            const y = second[j] as string;
            first[i] = y;
            second[j] = x;
            if (groupCost(first, cost) + groupCost(second, cost) < before - 1e-9) improved = true;
            else {
              first[i] = x;
              second[j] = y;
            }
          }
      }
  }
  return groups;
}

/**
 * Who interviews whom in a group, in turn: in a pair each interviews the other (the first listed
 * first); in a trio A interviews B, B interviews C, C interviews A. Everyone is interviewer once and
 * candidate once.
 */
export function interviews(group: readonly string[]): Array<{ interviewer: string; candidate: string }> {
  if (group.length < 2) return [];
  return group.map((interviewer, i) => ({
    interviewer,
    candidate: group[(i + 1) % group.length] as string,
  }));
}
