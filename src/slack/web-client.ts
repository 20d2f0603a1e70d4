import { type Logger, webApi } from '@slack/bolt';

/**
 * A Web API client for work done outside a request (the daily posts: questions of the day, recaps,
 * reminder DMs): no automatic retries and 429s handed back to us, so the outbox decides when to try
 * again.
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
    timeout: options.timeoutMs ?? 7_000,
  });
}

/**
 * A Web API client per workspace, made from its bot token (the one token in single-workspace mode,
 * the installation's with OAuth) and kept while the token stays the same.
 */
export function clientsPerTeam(options: {
  tokenFor: (teamId: string) => string | undefined;
  make: (token: string) => webApi.WebClient;
}): (teamId: string) => webApi.WebClient {
  const clients = new Map<string, webApi.WebClient>();
  return (teamId) => {
    const token = options.tokenFor(teamId);
    if (!token) throw new Error(`no installation for workspace ${teamId}`);
    let client = clients.get(token);
    if (!client) {
      client = options.make(token);
      clients.set(token, client);
    }
    return client;
  };
}

/** A client like Bolt's (a few quick retries), for lookups outside a request (users.info). */
export function createLookupClient(options: {
  token: string;
  apiUrl: string | undefined;
  logger: Logger;
}): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: options.logger,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
  });
}
