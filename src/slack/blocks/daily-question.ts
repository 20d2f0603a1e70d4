import type { Question } from '../../domain/deck.js';
import { channelQuestionMessage } from './channel-posts.js';
import type { Message } from './kit.js';

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * "Tuesday 24 November", as Intl.DateTimeFormat writes it in en-GB, without one: a formatter made
 * when this module loads would be the process's first, whose ICU set-up (tens of ms) would then
 * delay start-up; one made per post would cost each post about a millisecond.
 */
function dayLabel(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number);
  const day = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  return `${weekdays[day.getUTCDay()]} ${day.getUTCDate()} ${months[day.getUTCMonth()]}`;
}

/** The question of the day in a channel. */
export function dailyQuestionMessage(question: Question, localDate: string): Message {
  return channelQuestionMessage(question, {
    text: 'Question of the day',
    context: `:sunrise: *Question of the day* · ${dayLabel(localDate)}`,
    blockId: 'daily_question',
  });
}
