import type { webApi } from '@slack/bolt';
import { isTimeZone } from '../domain/calendar.js';

/** The user's Slack time zone (users.info), or UTC when Slack does not say or cannot be reached. */
export async function userTimeZone(client: webApi.WebClient, userId: string): Promise<string> {
  try {
    const tz = (await client.users.info({ user: userId })).user?.tz;
    return tz && isTimeZone(tz) ? tz : 'UTC';
  } catch {
    return 'UTC';
  }
}
