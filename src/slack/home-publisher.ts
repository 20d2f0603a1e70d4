import type { webApi } from '@slack/bolt';
import type { Who } from '../use-cases/deps.js';
import { homeData } from '../use-cases/home.js';
import { timeZoneOfPerson } from '../use-cases/peer-review.js';
import { homeView } from './blocks/home.js';
import type { SlackDeps } from './deps.js';

/** Publishes a user's App Home (views.publish): on app_home_opened and after each practice. */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, who: Who): Promise<void> {
  const timeZone = await timeZoneOfPerson(deps.reviews.people, who);
  const data = homeData(deps.practice, deps.reviews, deps.coach, { who, timeZone, now: deps.now() });
  await client.views.publish({ user_id: who.userId, view: homeView(data) });
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
