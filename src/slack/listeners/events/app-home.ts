import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../home-publisher.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** app_home_opened on the Home tab: publish the user's progress. */
export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, body, context, client }: Args): Promise<void> => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id;
    if (!teamId) return;
    await publishHome(deps, client, { teamId, userId: event.user });
  };
}
