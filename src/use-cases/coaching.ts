import { analyseAnswer, type CoachReport, type FindingCode, looksLikeAnAnswer } from '../domain/coach.js';
import type { StarAnswer } from '../domain/star.js';
import type { AnswerRepository } from '../storage/answer-repository.js';
import type { ChannelSettingsRepository } from '../storage/channel-settings-repository.js';
import type { ThreadAnswerRepository } from '../storage/thread-answer-repository.js';
import type { Who } from './deps.js';

export type CoachDeps = {
  readonly threadAnswers: ThreadAnswerRepository;
  readonly answers: AnswerRepository;
  readonly channelSettings: ChannelSettingsRepository;
};

/** Feedback on an answer written in the STAR form (private practice): always, at once. */
export function coachStarAnswer(answer: StarAnswer): CoachReport {
  return analyseAnswer(answer);
}

/**
 * Feedback on an answer in a channel thread, for its author only: at most once per answer, and
 * not in channels that turned coaching off. Undefined when nothing should be sent.
 */
export function coachThreadAnswer(
  deps: CoachDeps,
  input: { teamId: string; channelId: string; messageTs: string; text: string; now: number },
): CoachReport | undefined {
  // "Great answer, thanks!" is a reply, not an answer to coach.
  if (!looksLikeAnAnswer(input.text)) return undefined;
  if (!deps.channelSettings.coachEnabled(input.teamId, input.channelId)) return undefined;
  if (!deps.threadAnswers.claimCoaching(input.teamId, input.channelId, input.messageTs, input.now))
    return undefined;
  return analyseAnswer({ text: input.text });
}

/** `/star coach on|off` in a channel. */
export function setChannelCoaching(
  deps: CoachDeps,
  input: { teamId: string; channelId: string; enabled: boolean },
): void {
  deps.channelSettings.setCoach(input.teamId, input.channelId, input.enabled);
}

export type Gap = { readonly code: FindingCode; readonly count: number; readonly example: string };

/** The user's most frequent gaps over their latest answers (private and in channels). */
export function frequentGaps(deps: CoachDeps, who: Who, limit = 3): { gaps: Gap[]; answers: number } {
  const reports = [
    ...deps.answers
      .ofUser(who.teamId, who.userId)
      .slice(-25)
      .map((a) => analyseAnswer(a)),
    ...deps.threadAnswers
      .recentTexts(who.teamId, who.userId, 25)
      .filter(looksLikeAnAnswer)
      .map((text) => analyseAnswer({ text })),
  ];
  const counts = new Map<FindingCode, Gap>();
  for (const report of reports) {
    for (const finding of report.findings) {
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
