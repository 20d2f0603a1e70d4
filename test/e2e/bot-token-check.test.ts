import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSlackSettings } from '../../src/config.js';
import { startApp } from '../../src/main.js';
import type { Ticker } from '../../src/scheduler/daily-scheduler.js';
import { createLogger } from '../../src/slack/logger.js';
import { endToEnd, textOf } from '../support/e2e.js';
import { sampleStoriesDir } from '../support/fixtures.js';
import { eventCallback, signingSecret } from '../support/signed-requests.js';
import { startSlackStandIn } from '../support/slack-stand-in.js';
import { botToken } from '../support/test-app.js';

/**
 * SLACK_BOT_TOKEN at start-up, end to end against the stand-in (issue 16, point 2). The app listens
 * at once and checks the token with auth.test right after. A first start has no identity yet: its
 * requests wait for the check, /healthz says 503 meanwhile, and it stores the bot's identity (under
 * the token's hash). A restart with that token serves with the stored identity meanwhile. A token
 * Slack refuses stops the app with one message (and `star serve` exits 1); a Slack out of reach
 * stops a first start (no identity to serve with) and leaves a restart serving, with a warning. An
 * uninstall removes the stored identity.
 */

const e2e = endToEnd({ standInPerTest: true, app: { logLevel: 'info' } });

const refusedMessage = (code: string) =>
  `SLACK_BOT_TOKEN was refused by Slack (${code}): set it to the Bot User OAuth Token of the installed app`;

/** The identity rows, as another connection reads them. */
const storedIdentities = (dbPath = e2e.dbPath) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT team_id, token_hash, bot_id, bot_user_id FROM bot_identities').all();
  } finally {
    db.close();
  }
};

/** A port nothing listens on (taken from the system, then let go). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether anything accepts connections on `port`. */
const listening = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  );

describe('a first start', () => {
  it("checks the token once it listens, and stores the bot's identity under the token's hash", async () => {
    expect(e2e.standIn.callsOf('auth.test')).toHaveLength(1);
    expect(storedIdentities()).toEqual([
      {
        team_id: 'T1',
        token_hash: createHash('sha256').update(botToken).digest('hex'),
        bot_id: 'BBOT',
        bot_user_id: 'UBOT',
      },
    ]);
    expect(JSON.stringify(storedIdentities())).not.toContain(botToken);
    expect((await fetch(`${e2e.app.url}/healthz`)).status).toBe(200);
  });

  it('listens before Slack answers auth.test: /healthz says why it is not ready, a request waits for the check', async () => {
    const release = e2e.standIn.hold('auth.test'); // Slack does not answer auth.test until released
    const dbPath = join(e2e.dir, 'first.db');
    const app = await e2e.restart({ dbPath }); // a new database: a first start
    expect(app.logs.join('')).toMatch(/STAR Partner is up \(HTTP on port \d+/);
    await e2e.standIn.waitFor('auth.test', 2); // the suite's first start, and this one after "up"
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, reason: 'slack: checking the bot token (auth.test)' });
    // A request meanwhile waits for the bot's identity, and is answered once Slack has confirmed it.
    let answered = false;
    const reply = e2e.star('question 1').finally(() => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false); // still waiting for the check
    release();
    expect(textOf(await reply)).toMatch(/rallied a team|migration nobody wanted/);
    await app.idle();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(storedIdentities(dbPath)).toHaveLength(1);
    expect(app.logs.join('')).not.toMatch(/WARN|ERROR/);
  });

  it('asks a request to try again when the check takes longer than Slack waits for an answer', {
    timeout: 20_000,
  }, async () => {
    const release = e2e.standIn.hold('auth.test');
    const app = await e2e.restart({ dbPath: join(e2e.dir, 'slow.db') });
    await e2e.standIn.waitFor('auth.test', 2);
    // Slack wants an answer within 3 s: after 2 s of waiting the user is told, as when the app is busy.
    const reaction = eventCallback(
      {
        type: 'reaction_added',
        user: 'U2',
        reaction: 'star',
        item: { type: 'message', channel: 'C1', ts: '1800000000.000100' },
        event_ts: '1800000001.1',
      },
      { eventId: 'EvDuringCheck' },
    );
    const [reply, event] = await Promise.all([e2e.star('question 1'), app.sendEvent(reaction)]);
    expect(textOf(reply)).toContain('STAR Partner is busy for a moment');
    expect(app.logs.join('')).toContain('a request came while SLACK_BOT_TOKEN was still being checked');
    // The event was acknowledged, and is kept for another attempt (not dropped as unauthorized).
    expect(event.status).toBe(200);
    release();
    await app.idle();
    expect(
      app.query('SELECT outcome, attempts FROM event_inbox WHERE event_id = ?', 'EvDuringCheck'),
    ).toEqual([{ outcome: null, attempts: 1 }]);
    await app.idle();
    expect(textOf(await e2e.star('question 1'))).toMatch(/rallied a team|migration nobody wanted/);
  });

  it('stops once Slack refuses the token, with the same message; a request meanwhile is told, nothing is stored', async () => {
    const release = e2e.standIn.hold('auth.test');
    const dbPath = join(e2e.dir, 'refused.db');
    const app = await e2e.restart({ dbPath });
    await e2e.standIn.waitFor('auth.test', 2);
    const reply = e2e.star('question 1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    e2e.standIn.revokeToken(botToken, 'invalid_auth');
    release();
    const stopped = await app.halted;
    expect(stopped.name).toBe('StartupError');
    expect(stopped.message).toBe(refusedMessage('invalid_auth'));
    expect(app.logs.join('')).toContain(`ERROR [star] ${refusedMessage('invalid_auth')}`);
    expect(textOf(await reply)).toContain('Something went wrong on our side');
    expect(await listening(app.port)).toBe(false);
    expect(storedIdentities(dbPath)).toEqual([]);
    expect(e2e.standIn.takeRefusals().map((r) => `${r.method} ${r.error}`)).toEqual([
      'auth.test invalid_auth',
    ]);
  });

  it('stops when Slack cannot be reached, as it refused to start before: it has no identity to serve with', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/api/`;
    const app = await e2e.restart({ dbPath: join(e2e.dir, 'unreachable.db'), env: { SLACK_API_URL: dead } });
    expect((await app.halted).message).toContain("cannot reach Slack's Web API to check SLACK_BOT_TOKEN");
    expect(await listening(app.port)).toBe(false);
  });
});

describe('a restart with a token whose identity is stored', () => {
  it('listens and answers before Slack is asked, and checks the token right after', async () => {
    const release = e2e.standIn.hold('auth.test'); // Slack does not answer auth.test until released
    const app = await e2e.restart();
    expect(app.logs.join('')).toMatch(/STAR Partner is up \(HTTP on port \d+/);
    // Served while the check is unanswered: the app did not wait for it.
    expect(textOf(await e2e.star('question 1'))).toMatch(/rallied a team|migration nobody wanted/);
    await e2e.standIn.waitFor('auth.test', 2); // the first start's, and the restart's after "up"
    release();
    await app.idle();
    expect(e2e.standIn.callsOf('auth.test')).toHaveLength(2);
    expect(app.logs.join('')).not.toMatch(/WARN|ERROR/);
    expect(storedIdentities()).toHaveLength(1);
  });

  it('stops when Slack refuses the token, with the message a refused token gets at a first start', async () => {
    e2e.standIn.revokeToken(botToken, 'token_revoked');
    const app = await e2e.restart();
    const stopped = await app.halted;
    expect(stopped.name).toBe('StartupError');
    expect(stopped.message).toBe(refusedMessage('token_revoked'));
    expect(app.logs.join('')).toContain(`ERROR [star] ${refusedMessage('token_revoked')}`);
    expect(await listening(app.port)).toBe(false);
    // The identity is forgotten: the next start has none to serve with meanwhile, and stops too.
    expect(storedIdentities()).toEqual([]);
    expect((await (await e2e.startApp()).halted).message).toBe(refusedMessage('token_revoked'));
    expect(e2e.standIn.takeRefusals().map((r) => `${r.method} ${r.error}`)).toEqual([
      'auth.test token_revoked',
      'auth.test token_revoked',
    ]);
  });

  it('keeps serving when Slack cannot be reached, with a warning, and keeps the identity', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/api/`;
    const app = await e2e.restart({ env: { SLACK_API_URL: dead } });
    await expect
      .poll(() => app.logs.join(''), { timeout: 10_000 })
      .toContain("WARN [star] cannot reach Slack's Web API to check SLACK_BOT_TOKEN");
    expect(app.logs.join('')).toContain(
      'Serving meanwhile as the bot this token was at the last start; checking again in 60 s',
    );
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(textOf(await e2e.star('question 1'))).toMatch(/rallied a team|migration nobody wanted/);
    expect(storedIdentities()).toHaveLength(1);
  });
});

describe('the daily scheduler after a restart', () => {
  /** A ticker that records whether the scheduler started (it registers its tick at start). */
  const watchedTicker = () => {
    const state = { started: false };
    const ticker: Ticker = () => {
      state.started = true;
      return { stop: () => {} };
    };
    return { ticker, state };
  };
  const start = (ticker: Ticker, dbPath = e2e.dbPath) =>
    startApp(
      parseSlackSettings({
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: e2e.standIn.apiUrl,
        STAR_DB: dbPath,
        STAR_STORIES: sampleStoriesDir,
        PORT: '0',
      }),
      { logger: createLogger('error', () => {}), ticker, redeliveryTimer: false },
    );

  it('starts only once the check after listening has not refused the token; never when it has', async () => {
    // The identity is stored by the suite's first start; this restart's check is held unanswered.
    await e2e.app.stop();
    const release = e2e.standIn.hold('auth.test');
    const held = watchedTicker();
    const restarted = await start(held.ticker);
    try {
      expect(await listening(restarted.port)).toBe(true);
      await e2e.standIn.waitFor('auth.test', 2);
      expect(held.state.started).toBe(false); // no post goes out with a token Slack may refuse
      release();
      await expect.poll(() => held.state.started).toBe(true);
    } finally {
      await restarted.stop();
    }
    // Refused: the app stops and its scheduler never started, so nothing was sent with the token.
    e2e.standIn.revokeToken(botToken, 'token_revoked');
    const refused = watchedTicker();
    const stopping = await start(refused.ticker);
    expect((await stopping.halted).message).toBe(refusedMessage('token_revoked'));
    expect(refused.state.started).toBe(false);
    expect(e2e.standIn.takeRefusals().map((r) => `${r.method} ${r.error}`)).toEqual([
      'auth.test token_revoked',
    ]);
  });

  it('starts at a first start only once Slack has confirmed the token', async () => {
    await e2e.app.stop();
    const release = e2e.standIn.hold('auth.test');
    const held = watchedTicker();
    const first = await start(held.ticker, join(e2e.dir, 'first.db'));
    try {
      expect(await listening(first.port)).toBe(true);
      await e2e.standIn.waitFor('auth.test', 2);
      expect(held.state.started).toBe(false);
      release();
      await expect.poll(() => held.state.started).toBe(true);
    } finally {
      await first.stop();
    }
  });
});

describe('an uninstall', () => {
  it('removes the stored identity with the installation: the next start has none to serve with', async () => {
    const uninstalled = eventCallback(
      { type: 'app_uninstalled', event_ts: '1800000000.1' },
      { teamId: 'T1' },
    );
    expect((await e2e.app.sendEvent(uninstalled)).status).toBe(200);
    await e2e.app.idle();
    expect(storedIdentities()).toEqual([]);
    e2e.standIn.revokeToken(botToken, 'token_revoked'); // Slack revokes the token of an uninstalled app
    await e2e.app.stop();
    const next = await e2e.startApp();
    expect(await next.halted).toMatchObject({ message: refusedMessage('token_revoked') });
    e2e.standIn.takeRefusals();
  });
});

describe('star serve (npm start)', () => {
  const bin = fileURLToPath(new URL('../../src/bin/star.js', import.meta.url));
  const children: Array<ReturnType<typeof spawn>> = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  /** `npx star serve` with `env`; resolves with its exit code and what it wrote. */
  const serve = (
    env: Record<string, string>,
    whenUp?: (child: ReturnType<typeof spawn>, port: number) => void,
  ) => {
    const child = spawn(process.execPath, [bin, 'serve'], {
      cwd: e2e.dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const up = /STAR Partner is up \(HTTP on port (\d+)/;
    const look = (chunk: Buffer) => {
      const before = up.test(output);
      output += chunk;
      const port = up.exec(output)?.[1];
      if (!before && port) whenUp?.(child, Number(port));
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    return once(child, 'exit').then(([code]) => ({ code: code as number, output }));
  };

  // Slow on purpose (three starts of the real bin, 3–9 s).
  it('exits 1 when the check after listening finds the token refused, on a restart and a first start', async () => {
    const standIn = await startSlackStandIn();
    try {
      const env = {
        SLACK_BOT_TOKEN: 'xoxb-serve-check',
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: standIn.apiUrl,
        STAR_STORIES: sampleStoriesDir,
        STAR_DB: join(e2e.dir, 'serve.db'),
        PORT: '0',
      };
      writeFileSync(join(e2e.dir, '.env'), ''); // nothing else comes from the folder
      // Stopped once it answers (its signal handlers are set by then).
      const first = await serve(env, (child, port) => {
        void listening(port).then(() => child.kill('SIGTERM'));
      });
      expect(first.code).toBe(0);
      standIn.revokeToken('xoxb-serve-check', 'account_inactive');
      const restart = await serve(env);
      expect(restart.code).toBe(1);
      expect(restart.output).toMatch(
        /STAR Partner is up[\s\S]*SLACK_BOT_TOKEN was refused by Slack \(account_inactive\)/,
      );
      expect(restart.output).not.toContain('xoxb-serve-check');
      // A first start (a new database) with that token: it listens, then stops the same way.
      const fresh = await serve({ ...env, STAR_DB: join(e2e.dir, 'serve-first.db') });
      expect(fresh.code).toBe(1);
      expect(fresh.output).toMatch(
        /STAR Partner is up[\s\S]*SLACK_BOT_TOKEN was refused by Slack \(account_inactive\)/,
      );
    } finally {
      await standIn.close();
    }
  }, 60_000);
});
