import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { endToEnd, fakeClock } from '../support/e2e.js';
import { installAsBrowser, oauthAccess } from '../support/oauth.js';
import { eventCallback, slashCommand } from '../support/signed-requests.js';

/**
 * Two workspaces installed through Bolt's OAuth flow, served with their own tokens, never seeing
 * each other's data; uninstalling purges one; hostile requests are refused without harm.
 */

const clock = fakeClock('2026-11-23T20:00:00Z');
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) => standIn.on('oauth.v2.access', oauthAccess({ orgEnterpriseId: 'E1' })),
  app: { oauth: true, logLevel: 'info', random: () => 0.3 },
});
const { star } = e2e;
const logs = () => e2e.app.logs.join('\n');
const query = <T>(sql: string, ...params: unknown[]) => e2e.app.query<T>(sql, ...params);

/** The OAuth install as a browser does it: the install page, then Slack's redirect back with a code. */
async function install(team: string): Promise<Response> {
  return installAsBrowser(e2e.app.url, team);
}

describe('OAuth distribution', () => {
  it('installs two workspaces and serves each with its own token', async () => {
    const first = await install('TA');
    expect(first.status).toBe(200);
    expect(await install('TB')).toHaveProperty('status', 200);
    expect(e2e.standIn.callsOf('oauth.v2.access').map((c) => c.args.code)).toEqual(
      expect.arrayContaining(['code-TA', 'code-TB']),
    );
    expect(query('SELECT install_key, team_id, bot_token FROM installations ORDER BY install_key')).toEqual([
      { install_key: 'T:TA', team_id: 'TA', bot_token: 'xoxb-ta-token' },
      { install_key: 'T:TB', team_id: 'TB', bot_token: 'xoxb-tb-token' },
    ]);

    // Each workspace's requests use that workspace's token.
    await star('subscribe 09:00 Europe/Berlin', { teamId: 'TA' });
    await star('subscribe 09:00 Europe/Berlin', { teamId: 'TB' });
    const tokens = e2e.standIn.callsOf('conversations.info').map((c) => c.token);
    expect(tokens).toEqual(expect.arrayContaining(['xoxb-ta-token', 'xoxb-tb-token']));

    // The daily pass posts to each workspace with its own token.
    const report = await e2e.app.runDailyPass(clock.at('2026-11-24T08:00:00Z'));
    expect(report.posted.map((p) => p.teamId).sort()).toEqual(['TA', 'TB']);
    const posts = e2e.standIn.callsOf('chat.postMessage');
    expect(posts.find((c) => c.token === 'xoxb-ta-token')).toBeDefined();
    expect(posts.find((c) => c.token === 'xoxb-tb-token')).toBeDefined();
    // The logs never carry a token.
    expect(logs()).not.toMatch(/xoxb-t[ab]-token/);
  });

  it('a request from a workspace that is not installed gets no service', async () => {
    const reply = await e2e.app.send(
      slashCommand('question', e2e.standIn.responseUrl('nope'), { teamId: 'TZ' }),
    );
    expect(reply.text).not.toContain('response_type');
    await e2e.standIn.waitFor('hook:nope');
    expect(JSON.stringify(e2e.standIn.hooksOf('nope')[0]?.body)).toContain('not installed in this workspace');
    expect(logs()).toContain('request from a workspace without an installation');
    expect(logs()).not.toContain('ERROR');
    expect(query("SELECT * FROM practice_events WHERE team_id = 'TZ'")).toEqual([]);
  });

  it('uninstalling purges that workspace, in one go, and leaves the other alone', async () => {
    await install('TA');
    await install('TB');
    for (const team of ['TA', 'TB']) {
      await star('subscribe 09:00 Europe/Berlin', { teamId: team });
      await star('question 1', { teamId: team });
    }
    const event = eventCallback({ type: 'app_uninstalled', event_ts: '1800000000.1' }, { teamId: 'TA' });
    expect((await e2e.app.sendEvent(event)).status).toBe(200);
    await e2e.app.idle();
    for (const table of ['installations', 'subscriptions', 'practice_events']) {
      expect(query(`SELECT count(*) AS n FROM ${table} WHERE team_id = 'TA'`), table).toEqual([{ n: 0 }]);
      expect(query(`SELECT count(*) AS n FROM ${table} WHERE team_id = 'TB'`), table).toEqual([{ n: 1 }]);
    }
    expect(logs()).toMatch(/app_uninstalled: deleted workspace TA \(\d+ rows: .*installations=1.*\)/);

    // tokens_revoked for the bot does the same; for user tokens only it changes nothing.
    const userOnly = eventCallback(
      { type: 'tokens_revoked', tokens: { oauth: ['U1'], bot: [] }, event_ts: '1800000000.2' },
      { teamId: 'TB' },
    );
    await e2e.app.sendEvent(userOnly);
    await e2e.app.idle();
    expect(query("SELECT count(*) AS n FROM installations WHERE team_id = 'TB'")).toEqual([{ n: 1 }]);
    const bot = eventCallback(
      { type: 'tokens_revoked', tokens: { bot: ['UBOTTB'] }, event_ts: '1800000000.3' },
      { teamId: 'TB' },
    );
    await e2e.app.sendEvent(bot);
    await e2e.app.idle();
    expect(query("SELECT count(*) AS n FROM installations WHERE team_id = 'TB'")).toEqual([{ n: 0 }]);
  });
});

describe('org-wide (Enterprise Grid) installs', () => {
  it('are keyed by the enterprise, serve its workspaces with its token, and uninstall them all', async () => {
    expect((await install('ORG')).status).toBe(200);
    expect(query('SELECT install_key, team_id, is_enterprise_install, bot_token FROM installations')).toEqual(
      [{ install_key: 'E:E1', team_id: 'E1', is_enterprise_install: 1, bot_token: 'xoxb-org-token' }],
    );
    await star('subscribe 09:00 Europe/Berlin', {
      teamId: 'T9',
      channelId: 'C9',
      userId: 'U1',
      enterpriseId: 'E1',
    });
    expect(query('SELECT team_id, install_key FROM installation_teams')).toEqual([
      { team_id: 'T9', install_key: 'E:E1' },
    ]);
    const report = await e2e.app.runDailyPass(clock.at('2026-11-24T08:00:00Z'));
    expect(report.posted.map((p) => p.teamId)).toEqual(['T9']);
    expect(e2e.standIn.callsOf('chat.postMessage').at(-1)?.token).toBe('xoxb-org-token');

    const event = JSON.stringify({
      token: 'x',
      enterprise_id: 'E1',
      is_enterprise_install: true,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'EvOrgGone',
      event_time: 1,
      authorizations: [
        { enterprise_id: 'E1', team_id: null, user_id: 'UBOTORG', is_bot: true, is_enterprise_install: true },
      ],
      event: { type: 'app_uninstalled', event_ts: '1800000000.9' },
    });
    expect((await e2e.app.sendEvent(event)).status).toBe(200);
    await e2e.app.idle();
    expect(query('SELECT count(*) AS n FROM installations')).toEqual([{ n: 0 }]);
    expect(query("SELECT count(*) AS n FROM subscriptions WHERE team_id = 'T9'")).toEqual([{ n: 0 }]);
    expect(logs()).toContain('app_uninstalled: deleted org E1');
  });
});

describe('hostile requests', () => {
  /**
   * Streams a body larger than the limit; resolves with the status the server answers, then hangs
   * up. `connection: close`: the server stops reading the body at the limit, so a kept-alive socket
   * would sit there until its keep-alive timeout (5 s) and hold up the app's stop after the test.
   */
  function oversized(target: string, bytes: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': bytes, connection: 'close' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!req.write(chunk)) return req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  }

  it('refuses an oversized body with 413 and malformed JSON with 400, and keeps serving', async () => {
    await install('TA');
    expect(await oversized(`${e2e.app.url}/slack/events`, 5 * 1024 * 1024)).toBe(413);
    const malformed = await e2e.app.sendEvent('{"type": "event_callback", ');
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    const health = await fetch(`${e2e.app.url}/healthz`);
    expect(health.status).toBe(200);
    const card = await star('question 1', { teamId: 'TA' });
    expect(card).toMatchObject({ response_type: 'ephemeral' });
  });
});
