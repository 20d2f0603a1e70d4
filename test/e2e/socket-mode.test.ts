import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { parseSlackSettings } from '../../src/config.js';
import { startApp } from '../../src/main.js';
import { createLogger } from '../../src/slack/logger.js';
import { visibleText } from '../support/block-kit-limits.js';
import { sampleStoriesDir, tempDir } from '../support/fixtures.js';
import { messageErrors } from '../support/slack-contract/block-kit.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

/**
 * Socket Mode end to end: the stand-in answers apps.connections.open with the address of a local
 * WebSocket server playing Slack's side (hello, then envelopes that the app must acknowledge).
 */

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function socketSlack(standIn: SlackStandIn) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  standIn.on('apps.connections.open', () => ({ ok: true, url }));
  const connected = new Promise<WebSocket>((resolve) => {
    wss.on('connection', (socket) => {
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
      resolve(socket);
    });
  });
  return { wss, connected };
}

/** The app in Socket Mode against the stand-in and a local socket server, cleaned up after the test. */
async function startSocketApp() {
  const standIn = await startSlackStandIn();
  cleanup.push(() => standIn.close());
  const { wss, connected } = await socketSlack(standIn);
  cleanup.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  const temp = tempDir();
  cleanup.push(() => temp.cleanup());

  const dbPath = join(temp.dir, 'star.db');
  const settings = parseSlackSettings({
    SLACK_BOT_TOKEN: 'xoxb-socket-bot',
    SLACK_APP_TOKEN: 'xapp-1-socket',
    SLACK_API_URL: standIn.apiUrl,
    STAR_DB: dbPath,
    STAR_STORIES: sampleStoriesDir,
    PORT: String(30000 + Math.floor(Math.random() * 20000)),
  });
  expect(settings.mode).toBe('socket');
  const running = await startApp(settings, { logger: createLogger('error', () => {}) });
  cleanup.push(() => running.stop());
  return { standIn, settings, dbPath, socket: await connected };
}

describe('Socket Mode', () => {
  it('connects with the app token through SLACK_API_URL and answers /star question over the socket', async () => {
    const { standIn, settings, socket } = await startSocketApp();
    expect(standIn.callsOf('apps.connections.open')[0]?.token).toBe('xapp-1-socket');
    const reply = new Promise<Record<string, unknown>>((resolve) => {
      socket.on('message', (data) => resolve(JSON.parse(String(data))));
    });
    socket.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          team_id: 'T1',
          channel_id: 'C1',
          user_id: 'U1',
          command: '/star',
          text: 'question conflict',
          response_url: standIn.responseUrl('socket'),
          trigger_id: 't',
          api_app_id: 'A1',
        },
      }),
    );
    const ack = (await reply) as {
      envelope_id: string;
      payload: { response_type: string; blocks: unknown[] };
    };
    expect(ack.envelope_id).toBe('env-1');
    expect(ack.payload.response_type).toBe('ephemeral');
    expect(visibleText(ack.payload.blocks)).toContain('Tell me about a disagreement with a product manager');
    // The acknowledgement reaches Slack too, and Slack holds it to the same rules.
    expect(messageErrors(ack.payload, 'response_url')).toBeUndefined();
    expect(standIn.takeRefusals()).toEqual([]);

    // /healthz is served on PORT in Socket Mode too.
    const health = await fetch(`http://127.0.0.1:${settings.port}/healthz`);
    expect(health.status).toBe(200);
  });

  it('stores an event before it acknowledges its envelope (durable intake)', async () => {
    const { dbPath, socket } = await startSocketApp();
    const stored = () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare('SELECT event_id, outcome FROM event_inbox').all();
      } finally {
        db.close();
      }
    };
    // What the database holds at the moment the acknowledgement reaches Slack.
    const atAck = new Promise<unknown[]>((resolve) => {
      socket.on('message', (data) => {
        if ((JSON.parse(String(data)) as { envelope_id?: string }).envelope_id !== 'env-ev') return;
        try {
          resolve(stored());
        } catch (error) {
          resolve([String(error)]);
        }
      });
    });
    socket.send(
      JSON.stringify({
        envelope_id: 'env-ev',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          team_id: 'T1',
          api_app_id: 'A1',
          type: 'event_callback',
          event_id: 'EvSocket',
          event_time: 1,
          authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
          event: { type: 'emoji_changed', subtype: 'add', name: 'star2', event_ts: '1800000000.000100' },
        },
      }),
    );
    expect((await atAck).map((row) => (row as { event_id: string }).event_id)).toEqual(['EvSocket']);
    await expect.poll(stored).toEqual([{ event_id: 'EvSocket', outcome: 'done' }]);
  });
});
