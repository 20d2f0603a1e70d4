import { type PracticeStats, ratingName } from '../../domain/practice.js';
import { context, type Message, message, sections } from './kit.js';
import { ratingLabel } from './question-card.js';

export function statsMessage(stats: PracticeStats, timeZone: string): Message {
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
  return message('Your practice stats', [
    ...sections(`*Your practice so far*\n${lines.join('\n')}`),
    context(
      stats.practiced === 0
        ? 'Start with `/star question`.'
        : `Days are counted in your time zone (${timeZone}). Keep going: \`/star question\``,
    ),
  ]);
}
