import { webApi } from '@slack/bolt';
import type { DailyPoster, DeliveryOutcome } from '../use-cases/daily-question.js';
import { dailyQuestionMessage } from './blocks/daily-question.js';

/** Marks our daily posts, so a post left in doubt by a crash can be found again. */
export const dailyPostEventType = 'star_daily_question';

/** Errors after which posting to that channel cannot succeed until a person acts. */
const channelErrors = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'invalid_auth',
  'missing_scope',
  'not_authed',
  'token_revoked',
  'restricted_action',
  'restricted_action_read_only_channel',
  'ekm_access_denied',
]);

const transientErrors = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

export function classifyDeliveryError(error: unknown): DeliveryOutcome {
  const coded = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
  };
  switch (coded?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return {
        ok: false,
        kind: 'rate-limited',
        retryAfterMs: Math.max(1, coded.retryAfter ?? 1) * 1000,
        error: 'ratelimited',
      };
    case webApi.ErrorCode.HTTPError:
      return { ok: false, kind: 'transient', error: `HTTP ${coded.statusCode ?? '?'}` };
    case webApi.ErrorCode.RequestError:
      return { ok: false, kind: 'transient', error: `network: ${(error as Error).message}` };
    case webApi.ErrorCode.PlatformError: {
      const code = coded.data?.error ?? 'unknown_error';
      if (transientErrors.has(code)) return { ok: false, kind: 'transient', error: code };
      return { ok: false, kind: 'permanent', error: code, pauseChannel: channelErrors.has(code) };
    }
    default:
      throw error;
  }
}

/** The Slack side of the daily question: chat.postMessage with metadata, conversations.history to find it. */
export function slackDailyPoster(clientFor: (teamId: string) => webApi.WebClient): DailyPoster {
  return {
    async post({ teamId, channelId, question, outboxId, localDate }) {
      const message = dailyQuestionMessage(question, localDate);
      try {
        const result = await clientFor(teamId).chat.postMessage({
          channel: channelId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          metadata: {
            event_type: dailyPostEventType,
            event_payload: { outbox_id: outboxId, local_date: localDate },
          },
        });
        if (!result.ts) return { ok: false, kind: 'transient', error: 'no ts in the reply' };
        return { ok: true, ts: result.ts };
      } catch (error) {
        return classifyDeliveryError(error);
      }
    },
    async findPost({ teamId, channelId, outboxId, since }) {
      try {
        const history = await clientFor(teamId).conversations.history({
          channel: channelId,
          oldest: (since / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 200,
        });
        const match = history.messages?.find(
          (m) =>
            m.metadata?.event_type === dailyPostEventType &&
            Number((m.metadata.event_payload as { outbox_id?: unknown } | undefined)?.outbox_id) === outboxId,
        );
        return match?.ts ? { found: true, ts: match.ts } : { found: false };
      } catch (error) {
        return { found: 'unknown', error: (error as Error).message };
      }
    },
  };
}
