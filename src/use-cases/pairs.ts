import { localDate, type PostTime, type Weekday, zonedInstant } from '../domain/calendar.js';
import { type Caller, type ChannelRefusal, mayChangeChannel } from '../domain/channel-permission.js';
import type { Library, Question } from '../domain/deck.js';
import type { DeliveryOutcome, SendOutcome } from '../domain/delivery-policy.js';
import {
  dueRoundDate,
  firstRoundDate,
  interviews,
  nextRound,
  nudgeDate,
  type PairsCadence,
  type Participant,
  pairUp,
  recentRounds,
} from '../domain/pairing.js';
import { categoryRatings } from '../domain/practice.js';
import { pickStudyQuestion } from '../domain/question-picker.js';
import type { RubricScores } from '../domain/star.js';
import type { OutboxRepository } from '../storage/outbox-repository.js';
import type { PairsGroup, PairsRepository, PairsSettings } from '../storage/pairs-repository.js';
import type { PracticeRepository } from '../storage/practice-repository.js';
import type { SubscriptionRepository } from '../storage/subscription-repository.js';
import type { ChannelAccess, TimeZoneOf, Who } from './deps.js';
import type { OutboxKindHandler, OutboxKinds } from './outbox-dispatcher.js';

/**
 * Mock interviews in pairs (product.md §9): a channel turns rounds on, members opt in, each round
 * pairs them and sends, through the outbox and so exactly once, one announcement in the channel,
 * one group DM per group and one interviewer packet per interviewer; three days in, groups that have
 * not said "we met" or "skip" get one nudge. The interviewer's scores reach the candidate and count
 * in their peer rubric.
 */

export type PairsDeps = {
  readonly pairs: PairsRepository;
  /** Whose channel it is: rounds are a channel setting, changed as the question of the day's are. */
  readonly subscriptions: Pick<SubscriptionRepository, 'find'>;
  readonly outbox: OutboxRepository;
  readonly library: Library;
  readonly practice: Pick<PracticeRepository, 'lastSeen' | 'ratingsOf'>;
  readonly atomically: <T>(fn: () => T) => T;
  readonly random: () => number;
  /** The real clock: which local day it is (`at` may be another instant, for `star daily --at`). */
  readonly now: () => number;
};

/** Rounds start at the channel's question-of-the-day time, or at 10:00. */
const defaultTime: PostTime = { hour: 10, minute: 0 };

export type PairsOn =
  | { ok: true; settings: PairsSettings; next: { date: string; at: number }; changed: boolean }
  | ChannelRefusal
  | { ok: false; reason: 'no-access'; code: string };

/**
 * `/star pairs on [weekly|biweekly] [day]`: rounds in the channel every week (or two) on `weekday`
 * (Monday unless said), at the channel's question-of-the-day time and zone when it has one, else
 * 10:00 in the caller's time zone. For whoever may change the channel's settings; the bot must be
 * in the channel (the announcement goes there).
 */
export async function turnPairsOn(
  deps: PairsDeps,
  slack: ChannelAccess & { timeZoneOf: TimeZoneOf },
  input: Where2 & Caller & { cadence?: PairsCadence | undefined; weekday?: Weekday | undefined; now: number },
): Promise<PairsOn> {
  const subscription = deps.subscriptions.find(input.teamId, input.channelId);
  const permission = mayChangeChannel(input, subscription);
  if (!permission.ok) return permission;
  const membership = await slack.ensureMember(input.channelId);
  if (!membership.ok) return { ok: false, reason: 'no-access', code: membership.code };
  const current = deps.pairs.settings(input.teamId, input.channelId);
  const timeZone = subscription?.timeZone ?? current?.timeZone ?? (await slack.timeZoneOf(input.userId));
  const time = subscription?.time ?? current?.time ?? defaultTime;
  const weekday = input.weekday ?? current?.weekday ?? 1;
  const settings: PairsSettings = {
    teamId: input.teamId,
    channelId: input.channelId,
    cadence: input.cadence ?? current?.cadence ?? 'weekly',
    weekday,
    time,
    timeZone,
    anchorDate: firstRoundDate(weekday, time, timeZone, input.now),
    effectiveFrom: input.now,
    createdBy: current?.createdBy ?? input.userId,
  };
  deps.pairs.saveSettings(settings);
  return { ok: true, settings, next: nextRound(settings, input.now), changed: current !== undefined };
}

type Where2 = { readonly teamId: string; readonly channelId: string };

/** `/star pairs off`: no more rounds (who opted in and past rounds are kept). */
export function turnPairsOff(
  deps: PairsDeps,
  input: Where2 & Caller,
): { ok: true } | { ok: false; reason: 'not-on' } | ChannelRefusal {
  const permission = mayChangeChannel(input, deps.subscriptions.find(input.teamId, input.channelId));
  if (!permission.ok) return permission;
  return deps.pairs.removeSettings(input.teamId, input.channelId)
    ? { ok: true }
    : { ok: false, reason: 'not-on' };
}

export type PairsStatus = {
  readonly settings: PairsSettings | undefined;
  readonly next: { date: string; at: number } | undefined;
  readonly members: number;
  readonly joined: boolean;
};

/** `/star pairs`: the channel's rounds, how many take part, whether the caller does. */
export function pairsStatus(deps: PairsDeps, input: Who & { channelId: string; now: number }): PairsStatus {
  const settings = deps.pairs.settings(input.teamId, input.channelId);
  return {
    settings,
    next: settings ? nextRound(settings, input.now) : undefined,
    members: deps.pairs.members(input.teamId, input.channelId).length,
    joined: deps.pairs.isMember(input.teamId, input.channelId, input.userId),
  };
}

/**
 * `/star pairs join` or the announcement's Join: the caller takes part in the channel's rounds from
 * the next one (their time zone kept, to pair near zones). True when they were not in yet.
 */
export function joinPairs(
  deps: PairsDeps,
  input: Who & { channelId: string; timeZone: string | null; now: number },
): { joined: boolean; status: PairsStatus } {
  const joined = deps.pairs.join(input.teamId, input.channelId, input.userId, input.timeZone, input.now);
  return { joined, status: pairsStatus(deps, input) };
}

/** `/star pairs leave`, the announcement's Leave, or leaving the channel: no more rounds for them there. */
export function leavePairs(deps: PairsDeps, input: Who & { channelId: string }): boolean {
  return deps.pairs.leave(input.teamId, input.channelId, input.userId);
}

// ---------------------------------------------------------------------------------------------
// Planning rounds (the daily pass)

/** The channel id of a group's outbox rows (its group DM and its nudge). */
const groupTarget = (groupId: number) => `pairs:${groupId}`;
/** The channel id of an interviewer's packet row. */
const packetTarget = (groupId: number, interviewer: string) => `packet:${groupId}:${interviewer}`;

function parseTarget(channelId: string): { groupId: number; interviewer?: string } | undefined {
  const match = /^(?:pairs|packet):(\d+)(?::([A-Z0-9]+))?$/.exec(channelId);
  if (!match) return undefined;
  return { groupId: Number(match[1]), ...(match[2] ? { interviewer: match[2] } : {}) };
}

/** A time zone's offset from UTC (minutes) on a date; null when the zone is unknown. */
function utcOffsetMinutes(timeZone: string | null, date: string): number | null {
  if (!timeZone) return null;
  try {
    return (Date.parse(`${date}T12:00:00Z`) - zonedInstant(date, { hour: 12, minute: 0 }, timeZone)) / 60_000;
  } catch {
    return null;
  }
}

/** The question an interviewer asks a candidate: one they have not practised, from their weakest category first. */
function questionFor(deps: PairsDeps, teamId: string, candidate: string, now: number): Question | undefined {
  return pickStudyQuestion({
    candidates: deps.library.questions,
    lastSeen: deps.practice.lastSeen(teamId, candidate),
    random: deps.random,
    dueAt: new Map(),
    categoryRatings: categoryRatings(deps.library, deps.practice.ratingsOf(teamId, candidate)),
    now,
  });
}

export type PairsPlanned = Array<{ teamId: string; channelId: string; localDate: string; what: string }>;

/**
 * The rounds and nudges due at `at`, written with their outbox rows in one transaction per round:
 * the round (once per channel and date), its groups and who interviews whom with which question,
 * then the announcement, a group DM per group and a packet per interviewer. Only today's round (by
 * the real clock, in the channel's zone) is planned, as with the question of the day.
 */
export function planPairsRounds(deps: PairsDeps, at: number): PairsPlanned {
  const planned: PairsPlanned = [];
  for (const settings of deps.pairs.teams().flatMap((teamId) => deps.pairs.ofTeam(teamId))) {
    const { teamId, channelId, timeZone } = settings;
    const today = localDate(deps.now(), timeZone);
    const date = dueRoundDate(settings, at);
    if (date && date === today) planRound(deps, settings, date, planned);
    // Three days in, at the round's time: a nudge to each group that has neither met nor skipped.
    const roundDate = [...Array(7).keys()]
      .map((back) => localDate(at - back * 86_400_000, timeZone))
      .find((d) => nudgeDate(d) === today);
    if (!roundDate || zonedInstant(today, settings.time, timeZone) > at) continue;
    for (const group of deps.pairs.roundGroups(teamId, channelId, roundDate)) {
      if (group.status !== 'open') continue;
      const added = deps.outbox.add({
        teamId,
        channelId: groupTarget(group.id),
        localDate: today,
        kind: 'pairs_nudge',
        questionId: null,
        round: 0,
        at: deps.now(),
      });
      if (added) planned.push({ teamId, channelId, localDate: today, what: `nudge ${group.id}` });
    }
  }
  return planned;
}

function planRound(deps: PairsDeps, settings: PairsSettings, date: string, planned: PairsPlanned): void {
  const { teamId, channelId } = settings;
  deps.atomically(() => {
    const history = deps.pairs.recentGroups(teamId, channelId, recentRounds);
    const round = deps.pairs.round(teamId, channelId, date, deps.now());
    if (!round.created) return;
    const participants: Participant[] = deps.pairs
      .members(teamId, channelId)
      .map((m) => ({ userId: m.userId, utcOffsetMinutes: utcOffsetMinutes(m.timeZone, date) }));
    const groups = pairUp(participants, history, deps.random);
    const row = (target: string, kind: string) =>
      deps.outbox.add({
        teamId,
        channelId: target,
        localDate: date,
        kind,
        questionId: null,
        round: 0,
        at: deps.now(),
      });
    groups.forEach((members, position) => {
      const pairs = interviews(members).flatMap((i) => {
        const question = questionFor(deps, teamId, i.candidate, deps.now());
        return question ? [{ ...i, questionId: question.id }] : [];
      });
      const groupId = deps.pairs.addGroup(teamId, round.id, position, members, pairs);
      row(groupTarget(groupId), 'pairs_group');
      for (const i of pairs) row(packetTarget(groupId, i.interviewer), 'pairs_packet');
    });
    row(channelId, 'pairs_round');
    planned.push({ teamId, channelId, localDate: date, what: `round of ${groups.length} groups` });
  });
}

// ---------------------------------------------------------------------------------------------
// Sending (the outbox kinds)

/** A group as its DM and packets show it: the members, and for each interview the question. */
export type GroupView = PairsGroup & {
  readonly questions: ReadonlyArray<{ interviewer: string; candidate: string; question: Question }>;
};

/** Posts a round's messages; implemented at the Slack edge. */
export type PairsPoster = {
  /** The round's announcement in the channel (with the outbox id, so a post in doubt can be found). */
  announceRound(input: {
    teamId: string;
    channelId: string;
    outboxId: number;
    localDate: string;
    groups: readonly GroupView[];
    next: { date: string; at: number } | undefined;
    timeZone: string;
  }): Promise<DeliveryOutcome>;
  /** Opens the group DM and posts who interviews whom (categories only); returns the DM's id. */
  openGroup(input: {
    teamId: string;
    group: GroupView;
  }): Promise<DeliveryOutcome & { conversationId?: string }>;
  /** The interviewer's packet, in the app's DM with them. */
  sendPacket(input: {
    teamId: string;
    group: GroupView;
    interviewer: string;
    candidate: string;
    question: Question;
  }): Promise<DeliveryOutcome>;
  /** The nudge, in the group DM. */
  nudge(input: { teamId: string; group: GroupView; conversationId: string }): Promise<DeliveryOutcome>;
};

function viewOf(deps: PairsDeps, group: PairsGroup): GroupView {
  return {
    ...group,
    questions: group.interviews.flatMap((i) => {
      const question = deps.library.byId.get(i.questionId);
      return question ? [{ interviewer: i.interviewer, candidate: i.candidate, question }] : [];
    }),
  };
}

/** A round's message is wanted until the next round would come (a week), and never once rounds are off. */
const roundLifeDays = 6;

/**
 * How the dispatcher sends the rounds' kinds. The announcement is looked up when in doubt (it carries
 * the outbox id, as the question of the day does); DMs are not read by the app (no im/mpim history),
 * so a DM left in doubt by a crash is never resent blind — as with reminders.
 */
export function pairsKinds(deps: PairsDeps & { poster: PairsPoster }): OutboxKinds {
  const groupOf = (row: { teamId: string; channelId: string }) => {
    const target = parseTarget(row.channelId);
    const group = target && deps.pairs.group(row.teamId, target.groupId);
    return group ? { target, group: viewOf(deps, group) } : undefined;
  };
  const standing: OutboxKindHandler['standing'] = (row, now) => {
    const found = groupOf(row);
    if (!found) return 'gone';
    const settings = deps.pairs.settings(row.teamId, found.group.channelId);
    if (!settings) return 'gone'; // rounds turned off (or the workspace being deleted): nothing more
    const today = localDate(now, settings.timeZone);
    const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${row.localDate}T00:00:00Z`)) / 86_400_000;
    return days > roundLifeDays ? 'over' : 'wanted';
  };
  const dmInDoubt = { expire: 'a DM in doubt is not looked up (no DM history), and never resent' } as const;

  const round: OutboxKindHandler = {
    async send(row): Promise<SendOutcome> {
      const settings = deps.pairs.settings(row.teamId, row.channelId);
      const groups = deps.pairs
        .roundGroups(row.teamId, row.channelId, row.localDate)
        .map((g) => viewOf(deps, g));
      return deps.poster.announceRound({
        teamId: row.teamId,
        channelId: row.channelId,
        outboxId: row.id,
        localDate: row.localDate,
        groups,
        next: settings ? nextRound(settings, deps.now()) : undefined,
        timeZone: settings?.timeZone ?? 'UTC',
      });
    },
    standing(row, now) {
      const settings = deps.pairs.settings(row.teamId, row.channelId);
      if (!settings) return 'gone';
      return row.localDate < localDate(now, settings.timeZone) ? 'over' : 'wanted';
    },
    inDoubt: 'look-up',
    refused: () => false,
  };
  const group: OutboxKindHandler = {
    async send(row): Promise<SendOutcome> {
      const found = groupOf(row);
      if (!found || found.group.members.length < 2) return { ok: false, kind: 'empty' };
      const sent = await deps.poster.openGroup({ teamId: row.teamId, group: found.group });
      if (sent.ok && sent.conversationId)
        deps.pairs.setConversation(row.teamId, found.group.id, sent.conversationId);
      return sent;
    },
    standing,
    inDoubt: dmInDoubt,
    refused: () => false,
  };
  const packet: OutboxKindHandler = {
    async send(row): Promise<SendOutcome> {
      const found = groupOf(row);
      const interview = found?.group.questions.find((q) => q.interviewer === found.target.interviewer);
      if (!found || !interview) return { ok: false, kind: 'empty' };
      return deps.poster.sendPacket({ teamId: row.teamId, group: found.group, ...interview });
    },
    standing,
    inDoubt: dmInDoubt,
    refused: () => false,
  };
  const nudge: OutboxKindHandler = {
    async send(row): Promise<SendOutcome> {
      const group = groupOf(row)?.group;
      // Said "we met" or "skip" meanwhile, or the group DM never opened: nothing to nudge.
      const conversationId = group?.status === 'open' ? group.conversationId : null;
      if (!group || !conversationId) return { ok: false, kind: 'empty' };
      return deps.poster.nudge({ teamId: row.teamId, group, conversationId });
    },
    standing,
    inDoubt: dmInDoubt,
    refused: () => false,
  };
  return new Map([
    ['pairs_round', round],
    ['pairs_group', group],
    ['pairs_packet', packet],
    ['pairs_nudge', nudge],
  ]);
}

// ---------------------------------------------------------------------------------------------
// During the round

/** "We met" / "Skip this round" in the group DM, by one of its members: once per group. */
export function decideGroup(
  deps: PairsDeps,
  input: Who & { groupId: number; status: 'met' | 'skipped'; now: number },
): 'done' | 'already' | 'not-in-group' {
  const group = deps.pairs.group(input.teamId, input.groupId);
  if (!group?.members.includes(input.userId)) return 'not-in-group';
  return deps.pairs.decide(input.teamId, input.groupId, input.status, input.now) ? 'done' : 'already';
}

/** The interview the user leads in a group (whom they interview, with which question), if any. */
export function interviewLedBy(
  deps: PairsDeps,
  input: Who & { groupId: number },
): { group: PairsGroup; candidate: string; question: Question } | undefined {
  const group = deps.pairs.group(input.teamId, input.groupId);
  const interview = group?.interviews.find((i) => i.interviewer === input.userId);
  const question = interview && deps.library.byId.get(interview.questionId);
  return group && interview && question ? { group, candidate: interview.candidate, question } : undefined;
}

/**
 * The interviewer's scores of their candidate (per STAR part, 1–5, and what would make it
 * stronger): saved (a second replaces the first), and counted in the candidate's peer rubric. The
 * group counts as met. Undefined when the user leads no interview in that group.
 */
export function giveMockFeedback(
  deps: PairsDeps,
  input: Who & { groupId: number; scores: RubricScores; comment: string; now: number },
): { candidate: string; question: Question } | undefined {
  const led = interviewLedBy(deps, input);
  if (!led) return undefined;
  deps.atomically(() => {
    deps.pairs.saveFeedback(
      input.teamId,
      {
        groupId: input.groupId,
        interviewer: input.userId,
        candidate: led.candidate,
        questionId: led.question.id,
        ...input.scores,
        comment: input.comment,
      },
      input.now,
    );
    deps.pairs.decide(input.teamId, input.groupId, 'met', input.now);
  });
  return { candidate: led.candidate, question: led.question };
}
