import type { webApi } from '@slack/bolt';
import { isTimeZone } from '../domain/calendar.js';

/** The time zone of a users.info user, or UTC when Slack did not say (no user, no valid zone). */
export function timeZoneIn(user: { tz?: string | undefined } | undefined): string {
  const tz = user?.tz;
  return tz && isTimeZone(tz) ? tz : 'UTC';
}

/** The user's Slack time zone (users.info), or UTC when Slack does not say or cannot be reached. */
export async function userTimeZone(client: webApi.WebClient, userId: string): Promise<string> {
  try {
    return timeZoneIn((await client.users.info({ user: userId })).user);
  } catch {
    return 'UTC';
  }
}
