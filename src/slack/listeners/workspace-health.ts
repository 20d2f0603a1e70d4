import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { resumeDeliveryIfTokenWorks } from '../../use-cases/workspaces.js';
import type { SlackDeps } from '../deps.js';

/**
 * After any request from a workspace whose scheduled delivery was paused for a refused token: if
 * Slack accepts the request's token now (auth.test), delivery resumes by itself. Runs after the
 * listener, so it never delays an ack.
 */
export function resumeDeliveryWhenTokenWorks(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ context, client, next, logger }) => {
    await next();
    const { teamId, botToken } = context;
    if (!teamId || !botToken) return;
    const tokenWorks = () =>
      client.auth.test({ token: botToken }).then(
        () => true,
        () => false,
      );
    if (await resumeDeliveryIfTokenWorks(deps.workspaces, { teamId, tokenWorks })) {
      logger.info(`workspace ${teamId}: its token works again, scheduled delivery resumed`);
    }
  };
}
