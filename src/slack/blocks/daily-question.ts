import type { Question } from '../../domain/deck.js';
import { channelQuestionMessage } from './channel-posts.js';
import type { Message } from './kit.js';

/** Made once: building an Intl formatter costs about a millisecond, formatting with it microseconds. */
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});

function dayLabel(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number);
  return dayFormat.format(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/** The question of the day in a channel. */
export function dailyQuestionMessage(question: Question, localDate: string): Message {
  return channelQuestionMessage(question, {
    text: 'Question of the day',
    context: `:sunrise: *Question of the day* · ${dayLabel(localDate)}`,
    blockId: 'daily_question',
  });
}
