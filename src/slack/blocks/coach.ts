import { type CoachReport, spoken, threadFindingLimit } from '../../domain/coach.js';
import { countOf } from '../../domain/words.js';
import type { Gap } from '../../use-cases/coaching.js';
import { type Block, context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

const verdicts = {
  strong: ':white_check_mark: *Strong STAR answer.*',
  ok: ':large_yellow_circle: *Good answer, a few things to sharpen.*',
  weak: ':large_orange_circle: *Worth another pass.*',
  filler: ':warning: *This reads as filler.*',
} as const;

/**
 * The coach's feedback: a verdict, how long it would take to say, and its findings, most important
 * first (`limit`: in a thread, the first three). Filler gets the one finding that says so.
 */
export function coachBlocks(report: CoachReport, limit = report.findings.length): Block[] {
  const shown = report.findings.slice(0, limit);
  const findings = shown.map((f) => `• ${escapeMrkdwn(f.message)}`);
  if (report.verdict === 'filler') {
    return sections(`:speech_balloon: *STAR coach* — ${verdicts.filler}\n${findings.join('\n')}`);
  }
  const signals =
    report.principalSignals.length > 0 ? ` Principal signals: ${report.principalSignals.join(', ')}.` : '';
  return [
    ...sections(
      `:speech_balloon: *STAR coach* — ${verdicts[report.verdict]} About ${spoken(report.seconds)} to say (${report.totalWords} words).${signals}${
        findings.length > 0 ? `\n${findings.join('\n')}` : ''
      }`,
    ),
  ];
}

/** The coach's reply to a thread answer, shown to its author only. */
export function coachMessage(report: CoachReport): Message {
  return message('STAR coach feedback on your answer', [
    ...coachBlocks(report, threadFindingLimit),
    context('Only you see this. `/star coach off` turns it off for this channel.'),
  ]);
}

export function coachSettingMessage(enabled: boolean, userId: string): Message {
  return message(
    enabled ? 'STAR coach on' : 'STAR coach off',
    sections(
      enabled
        ? `:speech_balloon: <@${userId}> turned the STAR coach on here: each answer in a thread gets private feedback for its author.`
        : `:mute: <@${userId}> turned the STAR coach off in this channel.`,
    ),
  );
}

export function gapsText(gaps: readonly Gap[], answers: number): string {
  if (answers === 0) return '_Answer a question to see what to work on._';
  if (gaps.length === 0) return `Nothing stands out over your last ${countOf(answers, 'answer')}. :tada:`;
  return gaps.map((g) => `• *${g.count}×* ${escapeMrkdwn(g.example)}`).join('\n');
}
