import type { webApi } from '@slack/bolt';
import { isTimeZone } from '../domain/calendar.js';
import { type NameBook, type People, type Person, unnamedPerson } from '../use-cases/peer-review.js';

/**
 * Who someone is (name, bot or not), from users.info, remembered for an hour per workspace and user
 * so that scoring and leaderboards do not call Slack for every event.
 *
 * When Slack does not answer, the Person says so (`isBot` undefined) and is not cached: the next
 * lookup asks again. Its name is then the last one Slack gave (kept in `names`)
 * or `unnamedPerson`: never the raw user id, which would show on public leaderboards.
 */
export function slackPeople(
  clientFor: (teamId: string) => webApi.WebClient,
  now: () => number,
  names: NameBook,
): People {
  const cache = new Map<string, { person: Person; until: number }>();
  return {
    async lookup(teamId, userId) {
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.person;
      const user = await userInfo(clientFor, teamId, userId);
      const fallbackName = () => names.lastKnownName(teamId, userId) ?? unnamedPerson;
      // Unknown: said so, and not cached (the next lookup asks Slack again).
      if (!user) return { userId, name: fallbackName(), isBot: undefined };
      const name = user.profile?.display_name || user.real_name || user.name;
      if (name) names.rememberName(teamId, userId, name, now());
      const person: Person = {
        userId,
        name: name || fallbackName(),
        isBot: user.is_bot === true || user.id === 'USLACKBOT',
        ...(user.tz && isTimeZone(user.tz) ? { timeZone: user.tz } : {}),
      };
      cache.set(key, { person, until: now() + 60 * 60_000 });
      return person;
    },
  };
}

/** users.info's user, or undefined when Slack did not say (an error, a timeout, no token, no user). */
async function userInfo(clientFor: (teamId: string) => webApi.WebClient, teamId: string, userId: string) {
  try {
    return (await clientFor(teamId).users.info({ user: userId })).user;
  } catch {
    return undefined;
  }
}
