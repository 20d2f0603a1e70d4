import type { webApi } from '@slack/bolt';
import type { Who } from '../use-cases/deps.js';
import { homeData } from '../use-cases/home.js';
import { timeZoneOfPerson } from '../use-cases/peer-review.js';
import type { YourAnswer } from '../use-cases/your-answers.js';
import { homeView } from './blocks/home.js';
import type { PermalinkOf } from './blocks/your-answer.js';
import type { SlackDeps } from './deps.js';

/**
 * Links to the messages of the answers that are in channels (chat.getPermalink, at once for all).
 * A message Slack gives no link for (deleted, or a channel the bot left) is listed without one.
 */
async function permalinksOf(client: webApi.WebClient, answers: readonly YourAnswer[]): Promise<PermalinkOf> {
  const key = (channelId: string, ts: string) => `${channelId}/${ts}`;
  const found = await Promise.all(
    answers.map(async ({ location }) => {
      if (location.kind !== 'channel') return undefined;
      try {
        const { permalink } = await client.chat.getPermalink({
          channel: location.channelId,
          message_ts: location.ts,
        });
        return permalink ? ([key(location.channelId, location.ts), permalink] as const) : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  const links = new Map(found.filter((entry) => entry !== undefined));
  return (channelId, ts) => links.get(key(channelId, ts));
}

/** Publishes a user's App Home (views.publish): on app_home_opened and after each practice. */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, who: Who): Promise<void> {
  const timeZone = await timeZoneOfPerson(deps.reviews.people, who);
  const data = homeData(deps.practice, deps.reviews, deps.coach, {
    who,
    timeZone,
    now: deps.now(),
    stories: deps.stories,
  });
  const permalinkOf = await permalinksOf(client, data.answers);
  await client.views.publish({ user_id: who.userId, view: homeView(data, permalinkOf) });
}

/** After practice the Home tab is refreshed; a failure there must not spoil the practice itself. */
export async function refreshHome(
  deps: SlackDeps,
  client: webApi.WebClient,
  who: Who,
  logger: { warn: (...args: unknown[]) => void },
): Promise<void> {
  try {
    await publishHome(deps, client, who);
  } catch (error) {
    logger.warn('could not refresh the App Home:', (error as Error).message);
  }
}
