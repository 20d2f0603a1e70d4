import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { purgeWorkspace } from '../../../use-cases/workspaces.js';
import type { SlackDeps } from '../../deps.js';

type Args = SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'> & AllMiddlewareArgs;

/**
 * The app was uninstalled, or its bot token revoked: the installation and all of the workspace's
 * data are deleted in one transaction, and the counts logged (Bolt skips authorization for these
 * events, so there is no token in the context).
 */
export function workspaceLeft(deps: SlackDeps) {
  return async ({ event, body, logger }: Args): Promise<void> => {
    const {
      team_id: teamId,
      enterprise_id: enterpriseId,
      is_enterprise_install: isEnterpriseInstall,
    } = body as {
      team_id?: string;
      enterprise_id?: string;
      is_enterprise_install?: boolean;
    };
    if (!teamId && !enterpriseId) return;
    if (event.type === 'tokens_revoked' && (event.tokens.bot ?? []).length === 0) return; // only user tokens went
    const counts = purgeWorkspace(deps.workspaces, {
      teamId,
      enterpriseId,
      isEnterpriseInstall: isEnterpriseInstall === true,
    });
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const detail = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table}=${n}`)
      .join(' ');
    const who = isEnterpriseInstall ? `org ${enterpriseId}` : `workspace ${teamId}`;
    logger.info(`${event.type}: deleted ${who} (${total} rows${detail ? `: ${detail}` : ''})`);
  };
}
