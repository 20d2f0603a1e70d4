import { ratingName } from '../../domain/practice.js';
import { starLabels, starParts } from '../../domain/star.js';
import type { StatsReport } from '../../use-cases/practice-stats.js';
import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { ratingLabel } from './question-card.js';

/** `/star stats [@user]`: practice, then what teammates gave. `person` is undefined for the caller. */
export function statsMessage({ stats, timeZone, peer, person: subject }: StatsReport): Message {
  const average =
    stats.averageRating === null
      ? 'no ratings yet'
      : `${stats.averageRating.toFixed(1)} of 4 (${ratingLabel(ratingName(stats.averageRating))}) over ${stats.ratingsGiven} rating${stats.ratingsGiven === 1 ? '' : 's'}`;
  const lines = [
    `*Questions practiced:* ${stats.practiced} of ${stats.totalQuestions}`,
    `*Streak:* ${stats.streak} day${stats.streak === 1 ? '' : 's'} in a row`,
    `*Categories covered:* ${stats.categoriesCovered} of ${stats.categoriesTotal}`,
    `*Average self-rating:* ${average}`,
    `*Answers written:* ${stats.answersWritten}`,
  ];
  const rubric = peer.rubric
    ? `${starParts.map((part) => `${starLabels[part]} ${peer.rubric?.averages[part].toFixed(1)}`).join(' · ')} over ${peer.rubric.count} review${peer.rubric.count === 1 ? '' : 's'} — weakest: *${starLabels[peer.rubric.weakest]}*`
    : 'no reviews yet';
  const peerLines = [
    `*Points from reactions:* ${peer.pointsReceived}`,
    `*Reviews given:* ${peer.reviewsGiven}`,
    `*Peer rubric (1–5):* ${rubric}`,
  ];
  const whose = subject ? `${escapeMrkdwn(subject.name)}'s practice` : 'Your practice so far';
  return message(subject ? `Practice stats: ${escapeMrkdwn(subject.name)}` : 'Your practice stats', [
    ...sections(`*${whose}*\n${lines.join('\n')}`),
    ...sections(`*From teammates*\n${peerLines.join('\n')}`),
    context(
      stats.practiced === 0 && !subject
        ? 'Start with `/star question`.'
        : `Days are counted in ${subject ? 'their' : 'your'} time zone (${timeZone}).${subject ? '' : ' Keep going: `/star question`'}`,
    ),
  ]);
}
