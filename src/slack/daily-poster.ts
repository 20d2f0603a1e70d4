import { webApi } from '@slack/bolt';
import type { Question } from '../domain/deck.js';
import type { DeliveryOutcome } from '../domain/delivery-policy.js';
import type { People } from '../use-cases/peer-review.js';
import type { DailyPoster } from '../use-cases/plan-daily-posts.js';
import { dailyQuestionMessage } from './blocks/daily-question.js';
import type { Message } from './blocks/kit.js';
import { reminderDm } from './blocks/personal.js';
import { recapMessage } from './blocks/recap.js';
import { slackErrorCode, tokenErrors } from './slack-errors.js';
import type { DeliveryClient } from './web-client.js';

/** conversations.history's page for apps outside the Marketplace (Slack changelog 2025-05-29). */
const historyPageSize = 15;

/** Marks our daily posts, so a post left in doubt by a crash can be found again. */
export const dailyPostEventType = 'star_daily_question';

/** Errors after which posting to that channel cannot succeed until a person acts. */
const channelErrors = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'ekm_access_denied',
]);

/** Network failures where the request cannot have reached Slack. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The system error code (ECONNREFUSED, …) of a failed request, or of the error that caused it. */
function systemErrorCode(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 2; cause = cause.cause, depth++) {
    if ('code' in cause && typeof cause.code === 'string') return cause.code;
  }
  return undefined;
}

/** Seconds of a 429's Retry-After, as milliseconds (at least one second). */
const retryAfterMs = (error: webApi.WebAPIRateLimitedError) => Math.max(1, error.retryAfter) * 1000;

/**
 * Sorts a failed chat.postMessage by what it means for the outbox: retry (Slack did not take it),
 * look for the post first (Slack may have taken it), or give up (and pause the channel when the
 * channel is the problem, the workspace when its token is). What each outcome then does to the
 * row is the delivery policy's business (src/domain/delivery-policy.ts).
 */
export function classifyDeliveryError(error: unknown): DeliveryOutcome {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { ok: false, kind: 'rate-limited', retryAfterMs: retryAfterMs(error), error: 'ratelimited' };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    // 503: Slack did not process it. Other 5xx (and anything else) may have been processed.
    return error.statusCode === 503
      ? { ok: false, kind: 'transient', error: 'HTTP 503' }
      : { ok: false, kind: 'unknown', error: `HTTP ${error.statusCode}` };
  }
  if (error instanceof webApi.WebAPIRequestError) {
    const cause = systemErrorCode(error.original);
    const message = `network: ${error.message}`;
    return cause && notSentCodes.has(cause)
      ? { ok: false, kind: 'transient', error: message }
      : { ok: false, kind: 'unknown', error: message };
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error ?? 'unknown_error';
    if (code === 'ratelimited') return { ok: false, kind: 'rate-limited', retryAfterMs: 30_000, error: code };
    if (code === 'service_unavailable' || code === 'request_timeout')
      return { ok: false, kind: 'transient', error: code };
    if (code === 'internal_error' || code === 'fatal_error')
      return { ok: false, kind: 'unknown', error: code };
    return {
      ok: false,
      kind: 'permanent',
      error: code,
      pause: tokenErrors.has(code) ? 'workspace' : channelErrors.has(code) ? 'channel' : 'none',
    };
  }
  // web-api throws a plain Error for a 429 whose Retry-After is missing or not a number.
  if (error instanceof Error && /retry header/i.test(error.message)) {
    return { ok: false, kind: 'rate-limited', retryAfterMs: 30_000, error: 'ratelimited (no Retry-After)' };
  }
  throw error;
}

/**
 * A message whose blocks are already the JSON text chat.postMessage carries (the Web API takes its
 * arguments form-encoded, blocks as JSON: WebClient makes that text of an array on every call, and
 * walks the array once more for its debug log, written or not). The day's question is one message
 * for hundreds of channels, so it is made once (`slackDailyPoster`).
 */
type SerializedMessage = { readonly text: string; readonly blocksJson: string };

const serialized = (message: Message): SerializedMessage => ({
  text: message.text,
  blocksJson: JSON.stringify(message.blocks),
});

/**
 * One scheduled post through chat.postMessage, sorted by what it means for the outbox
 * (`classifyDeliveryError`). With `outbox`, the post carries its outbox id in its metadata, so a post
 * left in doubt can be found again (`findPost`).
 */
export async function deliverMessage(
  client: DeliveryClient,
  channel: string,
  message: Message | SerializedMessage,
  outbox?: { outboxId: number; localDate: string },
): Promise<DeliveryOutcome> {
  const { text, blocksJson } = 'blocksJson' in message ? message : serialized(message);
  const metadata = outbox
    ? {
        event_type: dailyPostEventType,
        event_payload: { outbox_id: outbox.outboxId, local_date: outbox.localDate },
      }
    : undefined;
  try {
    // The blocks' JSON text goes out as it is, in a JSON body (`postJson`).
    const result = await client.postJson({ channel, text, blocksJson, ...(metadata ? { metadata } : {}) });
    return result.ts
      ? { ok: true, ts: result.ts }
      : { ok: false, kind: 'unknown', error: 'no ts in the reply' };
  } catch (error) {
    return classifyDeliveryError(error);
  }
}

/**
 * The Slack side of the daily posts (questions of the day, recaps, reminder DMs): chat.postMessage
 * with metadata, conversations.history to find a post left in doubt.
 */
export function slackDailyPoster(clientFor: (teamId: string) => DeliveryClient, people: People): DailyPoster {
  const send = (
    teamId: string,
    channel: string,
    outboxId: number,
    localDate: string,
    message: Message | SerializedMessage,
  ) => deliverMessage(clientFor(teamId), channel, message, { outboxId, localDate });
  // A day's question is the same message in every channel that drew it: built and serialized once,
  // not per post (10,000 channels at 09:00 share a few hundred questions). Kept per question object,
  // for its last day.
  const questionMessages = new WeakMap<Question, { localDate: string; message: SerializedMessage }>();
  const questionMessage = (question: Question, localDate: string): SerializedMessage => {
    const built = questionMessages.get(question);
    if (built?.localDate === localDate) return built.message;
    const message = serialized(dailyQuestionMessage(question, localDate));
    questionMessages.set(question, { localDate, message });
    return message;
  };
  const permalink = async (teamId: string, channel: string, ts: string) => {
    try {
      return (await clientFor(teamId).chat.getPermalink({ channel, message_ts: ts })).permalink;
    } catch {
      return undefined;
    }
  };
  return {
    async postRecap({ teamId, channelId, outboxId, localDate, recap, questionPrompt }) {
      const answers = await Promise.all(
        recap.topAnswers.map(async (a) => ({
          name: (await people.lookup(teamId, a.userId)).name,
          points: a.points,
          prompt: questionPrompt(a.questionId),
          permalink: await permalink(teamId, channelId, a.messageTs),
        })),
      );
      const reviewers = await Promise.all(
        recap.topReviewers.map(async (r) => ({
          name: (await people.lookup(teamId, r.userId)).name,
          reviews: r.reviews,
        })),
      );
      const weekOf = new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'long',
        timeZone: 'UTC',
      }).format(new Date(`${localDate}T00:00:00Z`).getTime() - 4 * 86_400_000);
      return send(teamId, channelId, outboxId, localDate, recapMessage({ weekOf, answers, reviewers }));
    },
    post: ({ teamId, channelId, question, outboxId, localDate }) =>
      send(teamId, channelId, outboxId, localDate, questionMessage(question, localDate)),
    postReminder: ({ teamId, userId, outboxId, localDate, due }) =>
      send(teamId, userId, outboxId, localDate, reminderDm(due)),
    async findPost({ teamId, channelId, outboxId, since, until }) {
      // One narrow page (apps outside the Marketplace: one call a minute, 15 messages a page).
      try {
        const history = await clientFor(teamId).conversations.history({
          channel: channelId,
          oldest: (since / 1000).toFixed(6),
          latest: (until / 1000).toFixed(6),
          inclusive: true,
          include_all_metadata: true,
          limit: historyPageSize,
        });
        const match = history.messages?.find((m) => {
          const payload =
            m.metadata?.event_type === dailyPostEventType ? m.metadata.event_payload : undefined;
          return payload !== undefined && 'outbox_id' in payload && Number(payload.outbox_id) === outboxId;
        });
        if (match?.ts) return { found: true, ts: match.ts };
        if (history.has_more)
          return { found: 'unknown', error: 'more messages around the send than one page' };
        return { found: false };
      } catch (error) {
        if (error instanceof webApi.WebAPIRateLimitedError) {
          return { found: 'unknown', error: 'ratelimited', retryAfterMs: retryAfterMs(error) };
        }
        const message = error instanceof Error ? error.message : String(error);
        return { found: 'unknown', error: slackErrorCode(error) ?? message };
      }
    },
  };
}
