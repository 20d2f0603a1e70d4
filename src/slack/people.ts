import type { webApi } from '@slack/bolt';
import { isTimeZone } from '../domain/calendar.js';
import type { People, Person } from '../use-cases/peer-review.js';

/**
 * Who someone is (name, bot or not), from users.info, remembered for an hour per workspace and user
 * so that scoring and leaderboards do not call Slack for every event.
 */
export function slackPeople(clientFor: (teamId: string) => webApi.WebClient, now: () => number): People {
  const cache = new Map<string, { person: Person; until: number }>();
  return {
    async lookup(teamId, userId) {
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.person;
      try {
        const user = (await clientFor(teamId).users.info({ user: userId })).user;
        const person: Person = {
          userId,
          name: user?.profile?.display_name || user?.real_name || user?.name || userId,
          isBot: user?.is_bot === true || user?.id === 'USLACKBOT',
          ...(user?.tz && isTimeZone(user.tz) ? { timeZone: user.tz } : {}),
        };
        cache.set(key, { person, until: now() + 60 * 60_000 });
        return person;
      } catch {
        // Unknown: treat as a person (a reaction still counts) and show the id; ask again next time.
        return { userId, name: userId, isBot: false };
      }
    },
  };
}
