import type { webApi } from '@slack/bolt';
import { coachThreadAnswer } from '../use-cases/coaching.js';
import { coachMessage } from './blocks/coach.js';
import type { SlackDeps } from './deps.js';

/** Coaching for a thread answer: an ephemeral message in the thread, to its author only. */
export async function sendCoaching(
  deps: SlackDeps,
  client: webApi.WebClient,
  answer: { teamId: string; channelId: string; ts: string; threadTs: string; userId: string; text: string },
): Promise<void> {
  const report = coachThreadAnswer(deps.coach, {
    teamId: answer.teamId,
    channelId: answer.channelId,
    messageTs: answer.ts,
    text: answer.text,
    now: deps.now(),
  });
  if (!report) return;
  await client.chat.postEphemeral({
    channel: answer.channelId,
    user: answer.userId,
    thread_ts: answer.threadTs,
    ...coachMessage(report),
  });
}
