import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSlackSettings } from '../../src/config.js';
import { type RunningApp, startApp } from '../../src/main.js';
import { createLogger } from '../../src/slack/logger.js';
import { sampleStoriesDir, tempDir } from '../support/fixtures.js';
import { eventCallback, postSigned, signingSecret, slashCommand } from '../support/signed-requests.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

/**
 * Two workspaces installed through Bolt's OAuth flow, served with their own tokens, never seeing
 * each other's data; uninstalling purges one; hostile requests are refused without harm.
 */

let standIn: SlackStandIn;
let temp: ReturnType<typeof tempDir>;
let app: RunningApp;
let url: string;
let logs: string[];
let now = Date.parse('2026-11-23T20:00:00Z');
const clock = {
  now: () => now,
  random: () => 0.3,
  sleep: async (ms: number) => {
    now += ms;
    await new Promise((resolve) => setImmediate(resolve));
  },
};
const dbPath = () => join(temp.dir, 'star.db');

beforeAll(async () => {
  standIn = await startSlackStandIn({ now: () => now });
  standIn.on('oauth.v2.access', (args) => {
    const team = String(args.code).replace('code-', '');
    if (team === 'ORG') {
      return {
        ok: true,
        app_id: 'A1',
        access_token: 'xoxb-org-token',
        token_type: 'bot',
        scope: 'commands,chat:write',
        bot_user_id: 'UBOTORG',
        team: null,
        enterprise: { id: 'E1', name: 'Org' },
        is_enterprise_install: true,
        authed_user: { id: 'UADMIN' },
      };
    }
    return {
      ok: true,
      app_id: 'A1',
      access_token: `xoxb-${team.toLowerCase()}-token`,
      token_type: 'bot',
      scope: 'commands,chat:write',
      bot_user_id: `UBOT${team}`,
      team: { id: team, name: `Team ${team}` },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'UINSTALLER' },
    };
  });
});
afterAll(() => standIn.close());
beforeEach(async () => {
  standIn.resetHistoryLimit(); // each test starts a fresh minute of Slack's clock
  temp = tempDir();
  now = Date.parse('2026-11-23T20:00:00Z');
  logs = [];
  const settings = parseSlackSettings({
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_CLIENT_ID: '111.222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'a-long-random-state-secret-for-tests',
    SLACK_API_URL: standIn.apiUrl,
    PORT: '0',
    STAR_DB: dbPath(),
    STAR_STORIES: sampleStoriesDir,
    LOG_LEVEL: 'info',
  });
  app = await startApp(settings, {
    logger: createLogger('info', (line) => logs.push(line)),
    clock,
    scheduler: false,
  });
  url = `http://127.0.0.1:${app.port}`;
});
afterEach(async () => {
  await app.stop();
  temp.cleanup();
  // Slack refused nothing the test did not expect (and take) itself.
  expect(standIn.takeRefusals()).toEqual([]);
});

/** The OAuth install as a browser does it: the install page, then Slack's redirect back with a code. */
async function install(team: string): Promise<Response> {
  const page = await fetch(`${url}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const state = /state=([^&"']+)/.exec(html)?.[1];
  expect(state, html).toBeDefined();
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return fetch(`${url}/slack/oauth_redirect?code=code-${team}&state=${state}`, { headers: { cookie } });
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath(), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function star(text: string, teamId: string, channelId = 'C1', userId = 'U1', enterpriseId?: string) {
  const hookId = `${teamId}-${Math.random()}`;
  const reply = await postSigned(
    `${url}/slack/events`,
    slashCommand(text, standIn.responseUrl(hookId), {
      teamId,
      channelId,
      userId,
      ...(enterpriseId ? { enterpriseId } : {}),
    }),
    'application/x-www-form-urlencoded',
  );
  expect(reply.status).toBe(200);
  if (reply.text !== '') return reply.json();
  await standIn.waitFor(`hook:${hookId}`);
  return standIn.hooksOf(hookId)[0]?.body as Record<string, unknown>;
}

describe('OAuth distribution', () => {
  it('installs two workspaces and serves each with its own token', async () => {
    const first = await install('TA');
    expect(first.status).toBe(200);
    expect(await install('TB')).toHaveProperty('status', 200);
    expect(standIn.callsOf('oauth.v2.access').map((c) => c.args.code)).toEqual(
      expect.arrayContaining(['code-TA', 'code-TB']),
    );
    expect(query('SELECT install_key, team_id, bot_token FROM installations ORDER BY install_key')).toEqual([
      { install_key: 'T:TA', team_id: 'TA', bot_token: 'xoxb-ta-token' },
      { install_key: 'T:TB', team_id: 'TB', bot_token: 'xoxb-tb-token' },
    ]);

    // Each workspace's requests use that workspace's token.
    await star('subscribe 09:00 Europe/Berlin', 'TA');
    await star('subscribe 09:00 Europe/Berlin', 'TB');
    const tokens = standIn.callsOf('conversations.info').map((c) => c.token);
    expect(tokens).toEqual(expect.arrayContaining(['xoxb-ta-token', 'xoxb-tb-token']));

    // The daily pass posts to each workspace with its own token.
    now = Date.parse('2026-11-24T08:00:00Z');
    const report = await app.runDailyPass(now);
    expect(report.posted.map((p) => p.teamId).sort()).toEqual(['TA', 'TB']);
    const posts = standIn.callsOf('chat.postMessage');
    expect(posts.find((c) => c.token === 'xoxb-ta-token')).toBeDefined();
    expect(posts.find((c) => c.token === 'xoxb-tb-token')).toBeDefined();
    // The logs never carry a token.
    expect(logs.join('\n')).not.toMatch(/xoxb-t[ab]-token/);
  });

  it('a request from a workspace that is not installed gets no service', async () => {
    const reply = await postSigned(
      `${url}/slack/events`,
      slashCommand('question', standIn.responseUrl('nope'), { teamId: 'TZ' }),
      'application/x-www-form-urlencoded',
    );
    expect(reply.text).not.toContain('response_type');
    await standIn.waitFor('hook:nope');
    expect(JSON.stringify(standIn.hooksOf('nope')[0]?.body)).toContain('not installed in this workspace');
    expect(logs.join('\n')).toContain('request from a workspace without an installation');
    expect(logs.join('\n')).not.toContain('ERROR');
    expect(query("SELECT * FROM practice_events WHERE team_id = 'TZ'")).toEqual([]);
  });

  it('uninstalling purges that workspace, in one go, and leaves the other alone', async () => {
    await install('TA');
    await install('TB');
    for (const team of ['TA', 'TB']) {
      await star('subscribe 09:00 Europe/Berlin', team);
      await star('question 1', team);
    }
    const event = eventCallback({ type: 'app_uninstalled', event_ts: '1800000000.1' }, { teamId: 'TA' });
    expect((await postSigned(`${url}/slack/events`, event, 'application/json')).status).toBe(200);
    await app.idle();
    for (const table of ['installations', 'subscriptions', 'practice_events']) {
      expect(query(`SELECT count(*) AS n FROM ${table} WHERE team_id = 'TA'`), table).toEqual([{ n: 0 }]);
      expect(query(`SELECT count(*) AS n FROM ${table} WHERE team_id = 'TB'`), table).toEqual([{ n: 1 }]);
    }
    expect(logs.join('\n')).toMatch(
      /app_uninstalled: deleted workspace TA \(\d+ rows: .*installations=1.*\)/,
    );

    // tokens_revoked for the bot does the same; for user tokens only it changes nothing.
    const userOnly = eventCallback(
      { type: 'tokens_revoked', tokens: { oauth: ['U1'], bot: [] }, event_ts: '1800000000.2' },
      { teamId: 'TB' },
    );
    await postSigned(`${url}/slack/events`, userOnly, 'application/json');
    await app.idle();
    expect(query("SELECT count(*) AS n FROM installations WHERE team_id = 'TB'")).toEqual([{ n: 1 }]);
    const bot = eventCallback(
      { type: 'tokens_revoked', tokens: { bot: ['UBOTTB'] }, event_ts: '1800000000.3' },
      { teamId: 'TB' },
    );
    await postSigned(`${url}/slack/events`, bot, 'application/json');
    await app.idle();
    expect(query("SELECT count(*) AS n FROM installations WHERE team_id = 'TB'")).toEqual([{ n: 0 }]);
  });
});

describe('org-wide (Enterprise Grid) installs', () => {
  it('are keyed by the enterprise, serve its workspaces with its token, and uninstall them all', async () => {
    expect((await install('ORG')).status).toBe(200);
    expect(query('SELECT install_key, team_id, is_enterprise_install, bot_token FROM installations')).toEqual(
      [{ install_key: 'E:E1', team_id: 'E1', is_enterprise_install: 1, bot_token: 'xoxb-org-token' }],
    );
    await star('subscribe 09:00 Europe/Berlin', 'T9', 'C9', 'U1', 'E1');
    expect(query('SELECT team_id, install_key FROM installation_teams')).toEqual([
      { team_id: 'T9', install_key: 'E:E1' },
    ]);
    now = Date.parse('2026-11-24T08:00:00Z');
    const report = await app.runDailyPass(now);
    expect(report.posted.map((p) => p.teamId)).toEqual(['T9']);
    expect(standIn.callsOf('chat.postMessage').at(-1)?.token).toBe('xoxb-org-token');

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
    expect((await postSigned(`${url}/slack/events`, event, 'application/json')).status).toBe(200);
    await app.idle();
    expect(query('SELECT count(*) AS n FROM installations')).toEqual([{ n: 0 }]);
    expect(query("SELECT count(*) AS n FROM subscriptions WHERE team_id = 'T9'")).toEqual([{ n: 0 }]);
    expect(logs.join('\n')).toContain('app_uninstalled: deleted org E1');
  });
});

describe('hostile requests', () => {
  /** Streams a body larger than the limit; resolves with the status the server answers. */
  function oversized(target: string, bytes: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': bytes } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
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
    expect(await oversized(`${url}/slack/events`, 5 * 1024 * 1024)).toBe(413);
    const malformed = await postSigned(
      `${url}/slack/events`,
      '{"type": "event_callback", ',
      'application/json',
    );
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const card = await star('question 1', 'TA');
    expect(card).toMatchObject({ response_type: 'ephemeral' });
  }, 30_000);
});
