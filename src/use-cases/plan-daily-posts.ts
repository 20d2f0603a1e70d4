import {
  addDays,
  localDate,
  rememberedCalendar,
  type ZoneCalendar,
  zonedInstant,
} from '../domain/calendar.js';
import type { Library, Question } from '../domain/deck.js';
import type { DeliveryOutcome, SendOutcome, Standing } from '../domain/delivery-policy.js';
import type { HolidayLookup } from '../domain/holidays.js';
import type { OutboxRow } from '../domain/outbox.js';
import { chooseDailyQuestion } from '../domain/question-picker.js';
import {
  duePostDate,
  dueRecapDate,
  nextHolidaySkipped,
  nextPost,
  postsOn,
  recapSince,
} from '../domain/schedule.js';
import type { ReviewerTally, TopAnswer } from '../domain/scoring.js';
import type { Subscription } from '../domain/subscription.js';
import type { CardRepository } from '../storage/card-repository.js';
import type { LeaderboardRepository } from '../storage/leaderboard-repository.js';
import type { OutboxRepository } from '../storage/outbox-repository.js';
import type { ReminderRepository } from '../storage/reminder-repository.js';
import type { SubscriptionRepository } from '../storage/subscription-repository.js';
import type { Committed, OutboxKindHandler, OutboxKinds, PostLookup, Where } from './outbox-dispatcher.js';

/**
 * The daily plan: which posts are due now (the question of the day, the Friday recap, reminder DMs),
 * written to the outbox; and how each of those kinds is sent (`dailyPostKinds`, for the outbox
 * dispatcher). Every row is keyed by (workspace, channel, local date, kind), so planning twice, from
 * two processes or after a restart plans each post once.
 */

/** What the week's recap says: computed when it is sent. */
export type RecapContent = {
  readonly topAnswers: readonly TopAnswer[];
  readonly topReviewers: readonly ReviewerTally[];
};

/** Posts the daily kinds and looks them up; implemented at the Slack edge. */
export type DailyPoster = PostLookup & {
  /** Posts the question of the day in a channel. */
  post(input: {
    teamId: string;
    channelId: string;
    question: Question;
    outboxId: number;
    localDate: string;
  }): Promise<DeliveryOutcome>;
  /** DMs a user that `due` questions are due for review today. */
  postReminder(input: {
    teamId: string;
    userId: string;
    outboxId: number;
    localDate: string;
    due: number;
  }): Promise<DeliveryOutcome>;
  /** Posts the weekly recap of a channel. */
  postRecap(input: {
    teamId: string;
    channelId: string;
    outboxId: number;
    localDate: string;
    recap: RecapContent;
    questionPrompt: (questionId: string) => string | undefined;
  }): Promise<DeliveryOutcome>;
};

export type PlanDeps = {
  readonly library: Library;
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: OutboxRepository;
  readonly reminders: ReminderRepository;
  /** Which days are public holidays in a calendar (`publicHolidayOn`): channels that skip them post on none. */
  readonly holidays: HolidayLookup;
  readonly atomically: <T>(fn: () => T) => T;
  readonly random: () => number;
  /** The real clock: which local day it is (`at` may be another instant, for `star daily --at`). */
  readonly now: () => number;
};

export type PlanReport = {
  /** `questionId`: the question chosen, or `recap` / `reminder`. */
  planned: Array<Where & { questionId: string }>;
  skipped: Array<{ teamId: string; channelId: string; reason: string }>;
};

function skipReason(
  sub: Subscription,
  at: number,
  posted: (date: string) => boolean,
  holidays: HolidayLookup,
  calendar: ZoneCalendar,
): string {
  if (sub.paused && sub.pausedUntil === null)
    return `paused${sub.pauseReason ? ` (${sub.pauseReason})` : ''}`;
  const next = nextPost(sub, at, posted, holidays, calendar);
  const then = next ? `next post ${new Date(next.at).toISOString()}` : 'no posting days';
  // Today would have been a posting day, but for a public holiday: say so.
  const holiday = nextHolidaySkipped(sub, at, holidays, 0);
  return holiday ? `${holiday.date} is ${holiday.name}, a public holiday in ${sub.holidays}: ${then}` : then;
}

/**
 * Plans what is due at `at` for every subscribed channel and reminder: the question is chosen and
 * the outbox row written in one transaction, keyed by (workspace, channel, local date), so running
 * this twice, from two processes, or after a restart plans each day once. Only today's post (by
 * the real clock, in the channel's zone) is planned: a missed day never goes out on a later day.
 * A dry run writes nothing and reports the questions it would choose.
 *
 * Whole workspaces in each transaction, about `rowsPerCommit` channels (or reminders) in each,
 * rather than a commit per channel (10,000 channels at 09:00 wrote 10,000 commits and a WAL of
 * 280 MB; now about 100 commits and a few MB, and the write lock is held a few tens of ms at a time).
 */
export function planDailyPosts(deps: PlanDeps, at: number, options: { dryRun?: boolean } = {}): PlanReport {
  const report: PlanReport = { planned: [], skipped: [] };
  for (const _commit of planInCommits(deps, at, options.dryRun ?? false, report));
  return report;
}

/**
 * The same plan (not a dry run), giving the event loop a turn after each commit, so that requests
 * are answered and the outbox dispatcher sends the rows already committed while the rest is planned
 * (10,000 channels take about a second to plan alone). `committed` is told after each commit, and
 * the next commit waits for what it returns: until the dispatcher wants more rows, so that the plan
 * is written as the posts go out, not all at once ahead of them (see `Committed`). Once
 * `signal` is aborted (the app stops), it plans no more: what is not planned yet is planned by the
 * next pass, as after a crash.
 */
export async function planDailyPostsInTurns(
  deps: PlanDeps,
  at: number,
  committed: Committed,
  signal?: AbortSignal,
): Promise<PlanReport> {
  const report: PlanReport = { planned: [], skipped: [] };
  for (const teamIds of planInCommits(deps, at, false, report)) {
    // The dispatcher sends the rows committed so far; the next commit comes once it wants more.
    await committed(teamIds);
    // A timer, not setImmediate: the next commit then runs before the answers that came in meanwhile
    // are read, and the dispatcher (which sends again right after them, in the same turn of the
    // event loop) refills their slots before it, not after.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (signal?.aborted) break;
  }
  return report;
}

/** The plan, one commit at a time, into `report`: it yields after each commit the workspaces it covered. */
function* planInCommits(
  deps: PlanDeps,
  at: number,
  dryRun: boolean,
  report: PlanReport,
): Generator<readonly string[]> {
  const inOneCommit = dryRun ? <T>(fn: () => T): T => fn() : deps.atomically;
  // Thousands of channels share a few (zone, time, date): each due instant is worked out once a pass.
  const pass: Pass = { deps, at, report, dryRun, calendar: rememberedCalendar() };
  yield* inCommits(inOneCommit, deps.reminders.teams(), (teamId) => planReminders(pass, teamId));
  yield* inCommits(inOneCommit, deps.subscriptions.teams(), (teamId) => {
    const subs = deps.subscriptions.ofTeam(teamId);
    for (const sub of subs) planChannel(pass, sub);
    return subs.length;
  });
}

/** One pass of the plan: what every channel's and reminder's part of it reads, and its report. */
type Pass = {
  readonly deps: PlanDeps;
  readonly at: number;
  readonly report: PlanReport;
  readonly dryRun: boolean;
  readonly calendar: ZoneCalendar;
};

/**
 * About how many channels (or reminders) one transaction of the plan covers, in whole workspaces.
 * The plan holds the event loop while it writes a commit's rows (about 0.1–0.2 ms a channel): 100
 * keep that to a few tens of ms while the dispatcher sends beside it (500 held it 50–100 ms, every
 * answer that came in meanwhile waiting), at one commit per 100 rows.
 */
const rowsPerCommit = 100;

/**
 * Runs `plan` (which says how many rows it looked at) for each workspace, `rowsPerCommit` a commit,
 * yielding after each commit the workspaces it covered.
 */
function* inCommits(
  inOneCommit: <T>(fn: () => T) => T,
  teamIds: readonly string[],
  plan: (teamId: string) => number,
): Generator<readonly string[], void> {
  let next = 0;
  while (next < teamIds.length) {
    const from = next;
    inOneCommit(() => {
      for (let rows = 0; next < teamIds.length && rows < rowsPerCommit; next++) {
        const teamId = teamIds[next];
        if (teamId !== undefined) rows += plan(teamId);
      }
    });
    yield teamIds.slice(from, next);
  }
}

/** A channel's part of the plan: its recap when due, and today's question unless it has one. */
function planChannel(pass: Pass, sub: Subscription): void {
  const { deps, at, report, dryRun, calendar } = pass;
  const { teamId, channelId } = sub;
  const date = duePostDate(sub, at, deps.holidays, calendar);
  if (!date) {
    planRecap(pass, sub);
    const posted = (day: string) => deps.outbox.find(teamId, channelId, day) !== undefined;
    report.skipped.push({ teamId, channelId, reason: skipReason(sub, at, posted, deps.holidays, calendar) });
    return;
  }
  if (!dryRun && date !== localDate(deps.now(), sub.timeZone)) {
    report.skipped.push({
      teamId,
      channelId,
      reason: `${date} is not today in ${sub.timeZone}: only today's post is sent`,
    });
    return;
  }
  planRecap(pass, sub);
  const planned = chooseAndAdd(deps, sub, date, dryRun);
  if (planned.added) report.planned.push({ teamId, channelId, localDate: date, questionId: planned.added });
  else if (planned.existing)
    report.skipped.push({ teamId, channelId, reason: `already ${planned.existing.status} for ${date}` });
}

/**
 * The channel's question for `date`, chosen and written (not written in a dry run): `added` is its
 * id; `existing`, the day's row when it already had one. The caller holds the transaction.
 */
function chooseAndAdd(
  deps: Pick<PlanDeps, 'library' | 'outbox' | 'random' | 'now'>,
  sub: Pick<Subscription, 'teamId' | 'channelId'>,
  date: string,
  dryRun = false,
): { added?: string; existing?: OutboxRow } {
  const { teamId, channelId } = sub;
  const existing = deps.outbox.find(teamId, channelId, date);
  if (existing) return { existing };
  const choice = chooseDailyQuestion(
    deps.library.questions,
    deps.outbox.round(teamId, channelId),
    deps.random,
  );
  if (!choice) return {};
  if (dryRun) return { added: choice.question.id };
  const added = deps.outbox.add({
    teamId,
    channelId,
    localDate: date,
    questionId: choice.question.id,
    round: choice.round,
    at: deps.now(),
  });
  return added ? { added: choice.question.id } : {};
}

/**
 * Writes the channel's question of the day for `date` to the outbox, the question chosen in the same
 * transaction: its id, or undefined when the day already has one (or the deck has no question).
 * The daily plan and "Post today's question now" (settings window) both plan through here, so a
 * channel gets one question a day whichever comes first.
 */
export function planQuestion(
  deps: Pick<PlanDeps, 'library' | 'outbox' | 'atomically' | 'random' | 'now'>,
  sub: Pick<Subscription, 'teamId' | 'channelId'>,
  date: string,
): string | undefined {
  return deps.atomically(() => chooseAndAdd(deps, sub, date).added);
}

/**
 * Daily reminders: a DM row per user and local day, from their chosen time on (once a day, through
 * the outbox; the DM goes out only if questions are due then).
 */
function planReminders(pass: Pass, teamId: string): number {
  const { deps, at, report, dryRun, calendar } = pass;
  const reminders = deps.reminders.ofTeam(teamId);
  for (const reminder of reminders) {
    const today = localDate(deps.now(), reminder.timeZone);
    const time = calendar.zonedInstant(today, reminder.time, reminder.timeZone);
    if (
      dryRun ||
      calendar.localDate(at, reminder.timeZone) !== today ||
      time > at ||
      time <= reminder.effectiveFrom
    )
      continue;
    const added = deps.outbox.add({
      teamId,
      channelId: reminder.userId,
      localDate: today,
      kind: 'reminder',
      questionId: null,
      round: 0,
      at: deps.now(),
    });
    if (added)
      report.planned.push({ teamId, channelId: reminder.userId, localDate: today, questionId: 'reminder' });
  }
  return reminders.length;
}

/** Fridays at the posting time: the week's recap, through the same outbox (once per channel and week). */
function planRecap(pass: Pass, sub: Subscription): void {
  const { deps, at, report, dryRun, calendar } = pass;
  const date = dueRecapDate(sub, at, deps.holidays, calendar);
  if (!date || dryRun || date !== localDate(deps.now(), sub.timeZone)) return;
  const added = deps.outbox.add({
    teamId: sub.teamId,
    channelId: sub.channelId,
    localDate: date,
    kind: 'recap',
    questionId: null,
    round: 0,
    at: deps.now(),
  });
  if (added)
    report.planned.push({
      teamId: sub.teamId,
      channelId: sub.channelId,
      localDate: date,
      questionId: 'recap',
    });
}

export type DailyKindDeps = {
  readonly library: Library;
  readonly subscriptions: SubscriptionRepository;
  readonly reminders: ReminderRepository;
  readonly leaderboard: LeaderboardRepository;
  readonly cards: CardRepository;
  readonly poster: DailyPoster;
  /** As in `PlanDeps`: a post planned for a day that became a holiday is not sent. */
  readonly holidays: HolidayLookup;
  readonly now: () => number;
};

/** A reminder's user left or cannot be messaged: stop reminding them rather than fail every day. */
const unreachableUserErrors: ReadonlySet<string> = new Set([
  'account_inactive',
  'user_not_found',
  'cannot_dm_bot',
  'channel_not_found',
  'user_disabled',
]);

/**
 * How the outbox dispatcher sends the daily kinds: `question` (the question of the day), `recap`
 * (Friday's week in review) and `reminder` (a user's "N questions due" DM), each with its rule for
 * when it is no longer wanted.
 */
export function dailyPostKinds(deps: DailyKindDeps): OutboxKinds {
  /** A channel's post: not after its local day, nor once the channel unsubscribed. */
  const channelStanding = (row: OutboxRow, now: number): Standing | Subscription => {
    const sub = deps.subscriptions.find(row.teamId, row.channelId);
    if (!sub) return 'gone';
    return row.localDate < localDate(now, sub.timeZone) ? 'over' : sub;
  };
  /** Slack refused a channel's post for good: pause the channel, when the channel is the problem. */
  const pauseChannel: OutboxKindHandler['refused'] = (row, { error, pause }) => {
    if (pause !== 'channel') return false;
    deps.subscriptions.pause(row.teamId, row.channelId, null, `Slack refused the post: ${error}`);
    return true;
  };
  const reminderOf = (row: OutboxRow) =>
    deps.reminders.ofTeam(row.teamId).find((r) => r.userId === row.channelId);

  const question: OutboxKindHandler = {
    async send(row) {
      const question = row.questionId === null ? undefined : deps.library.byId.get(row.questionId);
      if (!question) {
        return {
          ok: false,
          kind: 'unsendable',
          error: 'question not in decks',
          reason: `question ${row.questionId} is no longer in the decks`,
        };
      }
      return deps.poster.post({
        teamId: row.teamId,
        channelId: row.channelId,
        question,
        outboxId: row.id,
        localDate: row.localDate,
      });
    },
    standing(row, now) {
      const standing = channelStanding(row, now);
      if (typeof standing === 'string') return standing;
      // Paused, or told to skip that day (or its holidays), after it was planned.
      return postsOn(standing, row.localDate, deps.holidays) ? 'wanted' : 'unwanted';
    },
    inDoubt: 'look-up',
    refused: pauseChannel,
  };

  const recap: OutboxKindHandler = {
    /** The last seven days: the top three answers by points (with any), and the top reviewers. */
    async send(row): Promise<SendOutcome> {
      const now = deps.now();
      // Since the previous recap's day: every answer falls in exactly one recap.
      const sub = deps.subscriptions.find(row.teamId, row.channelId);
      const since = sub ? recapSince(sub, row.localDate, deps.holidays) : now - 7 * 86_400_000;
      const topAnswers = deps.leaderboard.topAnswers(row.teamId, row.channelId, since, now + 1, 3);
      const topReviewers = deps.leaderboard.reviewers(row.teamId, row.channelId, since, now + 1, 3);
      if (topAnswers.length === 0 && topReviewers.length === 0) return { ok: false, kind: 'empty' };
      return deps.poster.postRecap({
        teamId: row.teamId,
        channelId: row.channelId,
        outboxId: row.id,
        localDate: row.localDate,
        recap: { topAnswers, topReviewers },
        questionPrompt: (id) => deps.library.byId.get(id)?.prompt,
      });
    },
    standing(row, now) {
      const standing = channelStanding(row, now);
      return typeof standing === 'string' ? standing : 'wanted';
    },
    inDoubt: 'look-up',
    refused: pauseChannel,
  };

  const reminder: OutboxKindHandler = {
    /** "N questions due": counted when it is sent, in the user's zone; nothing due, no DM. */
    async send(row): Promise<SendOutcome> {
      const reminder = reminderOf(row);
      if (!reminder) return { ok: false, kind: 'empty' };
      const endOfDay = zonedInstant(addDays(row.localDate, 1), { hour: 0, minute: 0 }, reminder.timeZone);
      const due = [...deps.cards.dueTimes(row.teamId, row.channelId)].filter(
        ([id, at]) => at < endOfDay && deps.library.byId.has(id),
      ).length;
      if (due === 0) return { ok: false, kind: 'empty' };
      return deps.poster.postReminder({
        teamId: row.teamId,
        userId: row.channelId,
        outboxId: row.id,
        localDate: row.localDate,
        due,
      });
    },
    standing(row, now) {
      const reminder = reminderOf(row);
      if (!reminder) return 'gone';
      return row.localDate < localDate(now, reminder.timeZone) ? 'over' : 'wanted';
    },
    // The app's DMs are not read (no im:history): a reminder in doubt is never resent blind.
    inDoubt: { expire: 'a reminder in doubt is not looked up, and never resent' },
    refused(row, { error }) {
      if (unreachableUserErrors.has(error)) deps.reminders.remove(row.teamId, row.channelId);
      return false;
    },
  };

  return new Map([
    ['question', question],
    ['recap', recap],
    ['reminder', reminder],
  ]);
}
