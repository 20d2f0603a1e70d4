import type { Logger, webApi } from '@slack/bolt';
import { type StarAnswer, starAnswerText } from '../domain/star.js';
import type { Who } from '../use-cases/deps.js';
import { answerInThread } from '../use-cases/thread-answers.js';
import type { Message } from './blocks/kit.js';
import { channelPoster } from './channel-poster.js';
import { sendCoaching } from './coaching.js';
import type { SlackDeps } from './deps.js';
import { sendToResponseUrl } from './response-url.js';
import { postFailureText, slackErrorCode } from './slack-errors.js';

/**
 * Where an answer written in the STAR form goes once it is valid, at the Slack edge: shown back to
 * its author after it was saved privately, or posted into its thread. Whatever Slack refuses, the
 * author is never left without their answer.
 */

/**
 * Shows the saved answer to its author: in place of the card it came from (response_url), else, once
 * that has expired (30 minutes), as an ephemeral message in the card's channel, else in a DM.
 */
export async function showSavedAnswer(
  client: webApi.WebClient,
  logger: Logger,
  where: { userId: string; responseUrl?: string | undefined; channelId?: string | undefined },
  card: Message,
): Promise<void> {
  if (
    where.responseUrl &&
    (await sendToResponseUrl(where.responseUrl, {
      replace_original: true,
      response_type: 'ephemeral',
      ...card,
    }))
  ) {
    return;
  }
  try {
    if (!where.channelId) throw new Error('no channel');
    await client.chat.postEphemeral({ channel: where.channelId, user: where.userId, ...card });
  } catch {
    logger.info('answer saved; showing it in a direct message');
    await client.chat.postMessage({ channel: where.userId, ...card });
  }
}

/**
 * Posts the answer into the thread under its author's name, then coaches it. If Slack refuses the
 * post, the author gets the reason and the answer itself in a DM, so nothing is lost (a failure that
 * is not Slack's answer is still raised, for the log). Once the answer is in the thread, coaching
 * that fails is only logged, never reported as a lost answer.
 */
export async function postAnswerInThread(
  deps: SlackDeps,
  client: webApi.WebClient,
  logger: Logger,
  input: { who: Who; channelId: string; threadTs: string; questionId: string; answer: StarAnswer },
): Promise<void> {
  let posted: { ts: string } | undefined;
  try {
    posted = await answerInThread(deps.threads, channelPoster(client), { ...input, now: deps.now() });
  } catch (error) {
    const code = slackErrorCode(error);
    await client.chat.postMessage({
      channel: input.who.userId,
      text: `${postFailureText(code)}\nYour answer, so nothing is lost:\n${starAnswerText(input.answer)}`,
    });
    if (code === undefined) throw error;
    return;
  }
  if (!posted) return;
  try {
    await sendCoaching(deps, client, {
      teamId: input.who.teamId,
      channelId: input.channelId,
      ts: posted.ts,
      threadTs: input.threadTs,
      userId: input.who.userId,
      text: starAnswerText(input.answer),
    });
  } catch (error) {
    logger.warn('answer posted, but its coaching could not be sent:', (error as Error).message);
  }
}
