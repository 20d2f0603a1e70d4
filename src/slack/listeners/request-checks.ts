import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { type WorkspaceDeps, workspaceStanding } from '../../use-cases/workspaces.js';
import { replyWhenDatabaseBusy } from './busy-database.js';
import { refuseWorkspaceBeingDeleted } from './workspace-being-deleted.js';
import { resumeDeliveryWhenTokenWorks } from './workspace-health.js';

/** What Bolt hands a global middleware. */
export type MiddlewareArgs = AnyMiddlewareArgs & AllMiddlewareArgs;

/**
 * The app's own checks around every request, in one global middleware (each layer of Bolt's chain
 * costs every request a copy of its arguments and a few promises): a workspace being deleted is
 * refused (`refuseWorkspaceBeingDeleted`); a database locked by another process is answered "busy,
 * try again" (`replyWhenDatabaseBusy`); and once the listeners are done, a workspace whose delivery
 * was paused for a refused token resumes if its token works again (`resumeDeliveryWhenTokenWorks`).
 * In that order, as when they were three middlewares: a refused request or an unanswered failure
 * skips the resume; a dropped event does not. Whether the workspace is being deleted and whether
 * its delivery is paused are read together, once, before the listeners (`workspaceStanding`): one
 * statement a request instead of two. (Delivery is paused by the outbox dispatcher, in the app's
 * scheduler or in `star daily`; a pause made while a request's listeners run is resumed, if the
 * token works, by the workspace's next request rather than by this one.)
 */
export function checkEveryRequest(checks: {
  readonly busy: (error: unknown) => boolean;
  readonly workspaces: WorkspaceDeps;
}): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { teamId } = args.context;
    const standing = teamId === undefined ? undefined : workspaceStanding(checks.workspaces, teamId);
    if (teamId !== undefined && standing?.beingDeleted) await refuseWorkspaceBeingDeleted(args, teamId);
    else {
      try {
        await args.next();
      } catch (error) {
        await replyWhenDatabaseBusy(args, error, checks.busy);
      }
    }
    if (standing?.deliveryPaused === true) await resumeDeliveryWhenTokenWorks(checks.workspaces, args, true);
  };
}
