import { resumeDeliveryIfTokenWorks, type WorkspaceDeps } from '../../use-cases/workspaces.js';
import type { MiddlewareArgs } from './request-checks.js';

/**
 * After any request from a workspace whose scheduled delivery was paused for a refused token: if
 * Slack accepts the request's token now (auth.test), delivery resumes by itself. Called once the
 * listeners are done (`checkEveryRequest`), so it never delays an ack; `paused` is what the
 * request's check of its workspace read before them (`workspaceStanding`).
 */
export async function resumeDeliveryWhenTokenWorks(
  workspaces: WorkspaceDeps,
  { context, client, logger }: MiddlewareArgs,
  paused: boolean,
): Promise<void> {
  const { teamId, botToken } = context;
  if (!paused || !teamId || !botToken) return;
  const tokenWorks = () =>
    client.auth.test({ token: botToken }).then(
      () => true,
      () => false,
    );
  if (await resumeDeliveryIfTokenWorks(workspaces, { teamId, tokenWorks, paused })) {
    logger.info(`workspace ${teamId}: its token works again, scheduled delivery resumed`);
  }
}
