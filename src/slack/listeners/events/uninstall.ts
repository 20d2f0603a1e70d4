import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { purgeWorkspace } from '../../../use-cases/workspaces.js';
import type { SlackDeps } from '../../deps.js';
import { parsed, workspaceLeftSchema } from '../../envelopes.js';

type Args = SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'> & AllMiddlewareArgs;

/**
 * The app was uninstalled, or its bot token revoked: the installation and all of the workspace's
 * data are deleted in one transaction, and the counts logged. Bolt skips authorization for these
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
    const counts = purgeWorkspace(deps.workspaces, { teamId, enterpriseId, isEnterpriseInstall });
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const detail = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table}=${n}`)
      .join(' ');
    const who = isEnterpriseInstall ? `org ${enterpriseId}` : `workspace ${teamId}`;
    logger.info(`${left.type}: deleted ${who} (${total} rows${detail ? `: ${detail}` : ''})`);
  };
}
