import type { webApi } from '@slack/bolt';
import type { ChannelPoster } from '../use-cases/answer-question.js';
import type { ThreadPoster } from '../use-cases/thread-answers.js';
import { postedAnswerMessage, sharedQuestionMessage } from './blocks/channel-posts.js';
import type { Message } from './blocks/kit.js';

/** Posts our messages to channels through the Web API client of the request's workspace. */
export function channelPoster(client: webApi.WebClient): ChannelPoster & ThreadPoster {
  const post = async (channel: string, message: Message, threadTs?: string) => {
    const result = await client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if (!result.ts) throw new Error('chat.postMessage returned no ts');
    return { ts: result.ts };
  };
  return {
    postQuestion: ({ channelId, question, sharedBy }) =>
      post(channelId, sharedQuestionMessage(question, sharedBy)),
    postAnswer: ({ channelId, question, answer }) =>
      post(channelId, postedAnswerMessage(question, answer, answer.userId)),
    postThreadAnswer: ({ channelId, threadTs, question, answer, authorId }) =>
      post(channelId, postedAnswerMessage(question, answer, authorId), threadTs),
  };
}
