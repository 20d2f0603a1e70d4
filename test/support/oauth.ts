import { expect } from 'vitest';

/**
 * Slack's side of an OAuth install, for the stand-in's `oauth.v2.access`: the code `code-<TEAM>`
 * installs workspace TEAM with token `xoxb-<team>-token` (or `tokenOf(team)`); `code-ORG` is an
 * org-wide (Enterprise Grid) install of `orgEnterpriseId`; `enterpriseOf` puts a workspace in an org.
 */
export function oauthAccess(
  options: {
    orgEnterpriseId?: string;
    enterpriseOf?: (team: string) => string | undefined;
    tokenOf?: (team: string) => string;
  } = {},
) {
  return (args: Record<string, unknown>) => {
    const team = String(args.code).replace('code-', '');
    const common = { ok: true, app_id: 'A1', token_type: 'bot', scope: 'commands,chat:write' };
    if (team === 'ORG' && options.orgEnterpriseId) {
      return {
        ...common,
        access_token: 'xoxb-org-token',
        bot_user_id: 'UBOTORG',
        team: null,
        enterprise: { id: options.orgEnterpriseId, name: 'Org' },
        is_enterprise_install: true,
        authed_user: { id: 'UADMIN' },
      };
    }
    const enterprise = options.enterpriseOf?.(team);
    return {
      ...common,
      access_token: options.tokenOf?.(team) ?? `xoxb-${team.toLowerCase()}-token`,
      bot_user_id: `UBOT${team}`,
      team: { id: team, name: `Team ${team}` },
      enterprise: enterprise ? { id: enterprise, name: 'Grid' } : null,
      is_enterprise_install: false,
      authed_user: { id: 'UINSTALLER' },
    };
  };
}

/** The OAuth install as a browser does it: the install page (state in a cookie), then Slack's redirect back. */
export async function installAsBrowser(appUrl: string, team: string): Promise<Response> {
  const page = await fetch(`${appUrl}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const state = /state=([^&"']+)/.exec(html)?.[1];
  expect(state, html).toBeDefined();
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return fetch(`${appUrl}/slack/oauth_redirect?code=code-${team}&state=${state}`, { headers: { cookie } });
}
