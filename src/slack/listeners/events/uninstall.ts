import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { purgeWorkspace } from '../../../use-cases/workspaces.js';
import type { SlackDeps } from '../../deps.js';
import { parsed, workspaceLeftSchema } from '../../envelopes.js';

type Args = SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'> & AllMiddlewareArgs;

/**
 * The app was uninstalled, or its bot token revoked: the installation (its tokens) is deleted at
 * once, and the rest of the workspace's data in the background, in batches (the worker logs the
 * counts when it is done); meanwhile the workspace is not served. Bolt skips authorization for these
 * events (there is no token in the context), but still names the workspace, or the org of an
 * org-wide install, in the context, from the event's authorizations.
 */
export function workspaceLeft(deps: SlackDeps) {
  return async ({ event, context, logger }: Args): Promise<void> => {
    const left = parsed(workspaceLeftSchema, event);
    if (!left) {
      logger.warn(`${event.type}: an event of a shape I do not know; nothing deleted`);
      return;
    }
    const { teamId, enterpriseId, isEnterpriseInstall } = context;
    if (!teamId && !enterpriseId) return;
    if (left.type === 'tokens_revoked' && (left.tokens.bot ?? []).length === 0) return; // only user tokens went
    const { teams } = purgeWorkspace(deps.workspaces, {
      teamId,
      enterpriseId,
      isEnterpriseInstall,
      reason: left.type,
      now: deps.now(),
    });
    const who = isEnterpriseInstall ? `org ${enterpriseId}` : `workspace ${teamId}`;
    logger.info(
      teams.length > 0
        ? `${left.type}: ${who} left: its installation is deleted, the rest of its data goes in the background`
        : `${left.type}: ${who} left: its data is already being deleted`,
    );
  };
}
