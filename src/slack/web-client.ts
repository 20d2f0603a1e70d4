import { type Logger, webApi } from '@slack/bolt';

/**
 * A Web API client for work done outside a request (the daily question): no automatic retries and
 * 429s handed back to us, so the outbox decides when to try again.
 */
export function createDeliveryClient(options: {
  token: string;
  apiUrl: string | undefined;
  logger: Logger;
  timeoutMs?: number;
}): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: options.logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 15_000,
  });
}
