import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { appHomeOpenedSchema, parsed } from '../../envelopes.js';
import { publishHome } from '../../home-publisher.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** app_home_opened on the Home tab: publish the user's progress. */
export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, context, client }: Args): Promise<void> => {
    const opened = parsed(appHomeOpenedSchema, event);
    const teamId = context.teamId;
    if (opened?.tab !== 'home' || !teamId) return;
    await publishHome(deps, client, { teamId, userId: opened.user });
  };
}
