import { ratingName } from '../../domain/practice.js';
import { starLabels, starParts } from '../../domain/star.js';
import type { StatsReport } from '../../use-cases/practice-stats.js';
import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { ratingLabel } from './question-card.js';

/**
 * `/star stats [@user]`: your practice, then what teammates gave you; for a teammate, only what
 * anyone in a channel can see (their self-ratings, streak and the reviews they received stay theirs).
 */
export function statsMessage(report: StatsReport): Message {
  if (report.kind === 'teammate') {
    const { person, totals } = report;
    const name = escapeMrkdwn(person.name);
    return message(`Public stats: ${name}`, [
      ...sections(
        `*${name} in this workspace's channels*\n${[
          `*Points from reactions:* ${totals.pointsReceived}`,
          `*Answers posted in channels:* ${totals.answersInChannels}`,
          `*Reviews given:* ${totals.reviewsGiven}`,
        ].join('\n')}`,
      ),
      context(
        'Only what is public in channels. Practice, self-ratings, coach feedback and the reviews someone received are theirs alone.',
      ),
    ]);
  }
  const { stats, timeZone, peer } = report;
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
  const { rubric: peerRubric } = peer;
  const rubric = peerRubric
    ? `${starParts.map((part) => `${starLabels[part]} ${peerRubric.averages[part].toFixed(1)}`).join(' · ')} over ${peerRubric.count} review${peerRubric.count === 1 ? '' : 's'} — weakest: *${starLabels[peerRubric.weakest]}*`
    : 'no reviews yet';
  const peerLines = [
    `*Points from reactions:* ${peer.pointsReceived}`,
    `*Reviews given:* ${peer.reviewsGiven}`,
    `*Peer rubric (1–5):* ${rubric}`,
  ];
  return message('Your practice stats', [
    ...sections(`*Your practice so far*\n${lines.join('\n')}`),
    ...sections(`*From teammates*\n${peerLines.join('\n')}`),
    context(
      stats.practiced === 0
        ? 'Start with `/star question`.'
        : `Days are counted in your time zone (${timeZone}). Only you see this. Keep going: \`/star question\``,
    ),
  ]);
}
