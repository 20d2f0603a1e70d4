import { countsAsAnswer, starAnswerKind } from '../domain/answer-kind.js';
import { type Caller, type ChannelPermission, mayChangeChannel } from '../domain/channel-permission.js';
import { analyseAnswer, type CoachReport, type FindingCode } from '../domain/coach.js';
import type { StarAnswer } from '../domain/star.js';
import type { AnswerRepository } from '../storage/answer-repository.js';
import type { ChannelSettingsRepository } from '../storage/channel-settings-repository.js';
import type { SubscriptionRepository } from '../storage/subscription-repository.js';
import type { ThreadAnswerRepository } from '../storage/thread-answer-repository.js';
import type { Who } from './deps.js';

export type CoachDeps = {
  readonly threadAnswers: ThreadAnswerRepository;
  readonly answers: AnswerRepository;
  readonly channelSettings: ChannelSettingsRepository;
  /** Whose channel it is: coaching is a channel setting, changed as the question of the day's are. */
  readonly subscriptions: Pick<SubscriptionRepository, 'find'>;
};

/** Feedback on an answer written in the STAR form (private practice): always, at once. */
export function coachStarAnswer(answer: StarAnswer): CoachReport {
  return analyseAnswer(answer, { where: 'practice' });
}

/**
 * Feedback on a reply in a channel thread, for its author only: at most once per reply, and not in
 * channels that turned coaching off. An answer gets the coach's reading, filler is told it is
 * filler, a comment ("Great answer, thanks!") gets nothing. Undefined when nothing should be sent.
 */
export function coachThreadAnswer(
  deps: CoachDeps,
  input: { teamId: string; channelId: string; messageTs: string; text: string; now: number },
): CoachReport | undefined {
  const reply = deps.threadAnswers.find(input.teamId, input.channelId, input.messageTs);
  if (!reply?.kind || reply.kind === 'comment') return undefined;
  if (!deps.channelSettings.coachEnabled(input.teamId, input.channelId)) return undefined;
  if (!deps.threadAnswers.claimCoaching(input.teamId, input.channelId, input.messageTs, input.now))
    return undefined;
  // A reply written in the thread is a written summary; one posted from the STAR form is the full answer.
  const where = reply.source === 'modal' ? 'practice' : 'thread';
  return analyseAnswer({ text: input.text }, { where, kind: reply.kind });
}

/**
 * `/star coach on|off` in a channel, by whoever may change the channel's settings
 * (`mayChangeChannel`): its subscriber or an admin, or anyone in a channel without a question of the day.
 */
export function setChannelCoaching(
  deps: CoachDeps,
  input: Caller & { teamId: string; channelId: string; enabled: boolean },
): ChannelPermission {
  const permission = mayChangeChannel(input, deps.subscriptions.find(input.teamId, input.channelId));
  if (permission.ok) deps.channelSettings.setCoach(input.teamId, input.channelId, input.enabled);
  return permission;
}

/** A gap: a finding, in how many of the user's answers it was, and one of its messages. */
export type Gap = { readonly code: FindingCode; readonly count: number; readonly example: string };

/**
 * The user's most frequent gaps over their latest answers (private and in channels; answers only,
 * by the one rule of answer-kind.ts): each gap counted once per answer that has it.
 */
export function frequentGaps(deps: CoachDeps, who: Who, limit = 3): { gaps: Gap[]; answers: number } {
  const reports = [
    ...deps.answers
      .ofUser(who.teamId, who.userId)
      .slice(-25)
      .filter((a) => countsAsAnswer(starAnswerKind(a)))
      .map((a) => analyseAnswer(a, { where: 'practice' })),
    ...deps.threadAnswers
      .recentTexts(who.teamId, who.userId, 25)
      .map((text) => analyseAnswer({ text }, { where: 'thread', kind: 'answer' })),
  ];
  const counts = new Map<FindingCode, Gap>();
  for (const report of reports) {
    for (const finding of new Map(report.findings.map((f) => [f.code, f])).values()) {
      const gap = counts.get(finding.code);
      counts.set(finding.code, {
        code: finding.code,
        count: (gap?.count ?? 0) + 1,
        example: gap?.example ?? finding.message,
      });
    }
  }
  const gaps = [...counts.values()]
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, limit);
  return { gaps, answers: reports.length };
}
