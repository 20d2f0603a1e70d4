import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSlackSettings } from '../../src/config.js';
import { createSlackApp } from '../../src/slack/app.js';
import { createLogger } from '../../src/slack/logger.js';
import { signingSecret } from '../support/signed-requests.js';

/** /healthz and /metrics as the Bolt app serves them, with the checks and the scrape given. */

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function serve(options: {
  health: () => readonly string[];
  scrape?: () => Promise<{ contentType: string; body: string }>;
  token?: string;
}): Promise<{ url: string; logs: string[] }> {
  const logs: string[] = [];
  const settings = parseSlackSettings({
    SLACK_BOT_TOKEN: 'xoxb-routes',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    PORT: '0',
    ...(options.token ? { STAR_METRICS_TOKEN: options.token } : {}),
  });
  const { app } = createSlackApp({
    settings,
    logger: createLogger('warn', (line) => logs.push(line)),
    botIdentity: { botId: 'B1', botUserId: 'UBOT' },
    health: options.health,
    ...(options.scrape ? { metrics: { scrape: options.scrape } } : {}),
  });
  const server = (await app.start(0)) as Server;
  stop = () => app.stop() as Promise<void>;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logs };
}

describe('GET /healthz', () => {
  it('is 200 with nothing wrong, 503 naming each problem otherwise', async () => {
    let problems: string[] = [];
    const { url } = await serve({ health: () => problems });
    const fine = await fetch(`${url}/healthz`);
    expect(fine.status).toBe(200);
    expect(await fine.json()).toEqual({ ok: true });
    problems = ['database: does not answer', 'scheduler: last pass 7 minutes ago'];
    const down = await fetch(`${url}/healthz`);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toBe('application/json');
    expect(await down.json()).toEqual({
      ok: false,
      reason: 'database: does not answer; scheduler: last pass 7 minutes ago',
    });
  });

  it('is 503 when a check throws', async () => {
    const { url } = await serve({
      health: () => {
        throw new Error('The database connection is not open');
      },
    });
    const down = await fetch(`${url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ok: false,
      reason: 'health check: The database connection is not open',
    });
  });
});

describe('GET /metrics', () => {
  const scrape = async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'up 1\n' });

  it('is not served without metrics', async () => {
    const { url } = await serve({ health: () => [] });
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });

  it('checks the bearer token: missing, wrong, longer, shorter or another scheme is 401', async () => {
    const token = 'a-metrics-token-of-some-length';
    const { url } = await serve({ health: () => [], scrape, token });
    const status = async (authorization?: string) =>
      (await fetch(`${url}/metrics`, authorization ? { headers: { authorization } } : {})).status;
    expect(await status()).toBe(401);
    expect(await status(`Bearer ${token}x`)).toBe(401);
    expect(await status(`Bearer ${token.slice(0, -1)}`)).toBe(401);
    expect(await status(`Basic ${token}`)).toBe(401);
    expect(await status(`Bearer ${token}`)).toBe(200);
    expect(await status(`bearer ${token}`)).toBe(200);
    const reply = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(await reply.text()).toBe('up 1\n');
  });

  it('answers 500 when the scrape fails, and keeps serving', async () => {
    let fail = true;
    const { url, logs } = await serve({
      health: () => [],
      scrape: async () => {
        if (fail) throw new Error('collect failed');
        return scrape();
      },
    });
    expect((await fetch(`${url}/metrics`)).status).toBe(500);
    expect(logs.join('\n')).toContain('GET /metrics failed: collect failed');
    fail = false;
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });
});
