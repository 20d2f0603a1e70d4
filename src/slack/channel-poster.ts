import type { webApi } from '@slack/bolt';
import type { ChannelPoster } from '../use-cases/answer-question.js';
import type { ChannelAccess } from '../use-cases/deps.js';
import type { ThreadPoster } from '../use-cases/thread-answers.js';
import { postedAnswerMessages, sharedQuestionMessage } from './blocks/channel-posts.js';
import type { Message } from './blocks/kit.js';
import { ensureBotInChannel } from './channel-membership.js';

/**
 * Posts our messages to channels through the Web API client of the request's workspace, and lets
 * the use cases make sure the bot is in a channel before they share anything there (`ensureMember`,
 * through `ensureBotInChannel`).
 */
export function channelPoster(client: webApi.WebClient): ChannelPoster & ThreadPoster & ChannelAccess {
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
  /**
   * The first message is the answer (its ts is what scores); the rest continue in its thread, or in
   * the thread it was posted into. Once the first is in, the answer counts as posted: a part Slack
   * then refuses is not worth posting the answer twice for (the full text stays stored with the
   * author, and the client already retried it).
   */
  const postAll = async (channel: string, [first, ...rest]: Message[], threadTs?: string) => {
    if (!first) throw new Error('nothing to post');
    const posted = await post(channel, first, threadTs);
    try {
      for (const more of rest) await post(channel, more, threadTs ?? posted.ts);
    } catch {
      // see above
    }
    return posted;
  };
  return {
    ensureMember: (channelId) => ensureBotInChannel(client, channelId),
    postQuestion: ({ channelId, question, sharedBy }) =>
      post(channelId, sharedQuestionMessage(question, sharedBy)),
    postAnswer: ({ channelId, question, answer }) =>
      postAll(channelId, postedAnswerMessages(question, answer, answer.userId)),
    postThreadAnswer: ({ channelId, threadTs, question, answer, authorId }) =>
      postAll(channelId, postedAnswerMessages(question, answer, authorId), threadTs),
  };
}
