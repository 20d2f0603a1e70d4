import { type AnyMiddlewareArgs, AuthorizationError } from '@slack/bolt';
import type { MiddlewareArgs } from './request-checks.js';

type Ack = (response?: unknown) => Promise<void>;

/**
 * A workspace whose data is being deleted (it uninstalled the app, and the purge job is still
 * running) is not served until the job is done, even if it installs the app again meanwhile: what
 * it wrote now would go with the rest. A request is acknowledged and told, by the error handler, that
 * the app is not installed (as for a workspace without an installation); an event is dropped.
 * (Called by `checkEveryRequest` for a workspace being deleted: it throws for a request.)
 */
export async function refuseWorkspaceBeingDeleted(args: MiddlewareArgs, teamId: string): Promise<void> {
  const ack = (args as AnyMiddlewareArgs & { ack?: Ack }).ack;
  if (!ack) {
    args.logger.info(`an event of workspace ${teamId} was dropped: its data is being deleted`);
    return;
  }
  await ack();
  const reason = `the data of workspace ${teamId} is being deleted`;
  throw new AuthorizationError(reason, new Error(reason));
}
