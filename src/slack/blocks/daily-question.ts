import type { Question } from '../../domain/deck.js';
import { dayAndMonth } from '../../domain/time-words.js';
import { channelQuestionMessage } from './channel-posts.js';
import type { Message } from './kit.js';

/** The question of the day in a channel. */
export function dailyQuestionMessage(question: Question, localDate: string): Message {
  return channelQuestionMessage(question, {
    text: 'Question of the day',
    context: `:sunrise: *Question of the day* · ${dayAndMonth(localDate)}`,
    blockId: 'daily_question',
  });
}
