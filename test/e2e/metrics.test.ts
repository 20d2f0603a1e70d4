import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { parseSlackSettings } from '../../src/config.js';
import { startApp } from '../../src/main.js';
import type { Ticker } from '../../src/scheduler/daily-scheduler.js';
import { createLogger } from '../../src/slack/logger.js';
import { endToEnd, fakeClock } from '../support/e2e.js';
import { sampleStoriesDir, tempDir } from '../support/fixtures.js';
import { eventCallback, signingSecret } from '../support/signed-requests.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

/**
 * GET /metrics and GET /healthz end to end: the real app against the stand-in, scraped as
 * Prometheus scrapes it. The numbers move when the daily pass posts and when signed events arrive;
 * the token is required when it is set; /healthz says when the scheduler is late.
 */

const token = 'e2e-metrics-token-0123456789';
const clock = fakeClock('2026-11-23T20:00:00Z');
const e2e = endToEnd({ clock, slackOnClock: true, app: { env: { STAR_METRICS_TOKEN: token } } });

async function scrape(url = e2e.app.url): Promise<string> {
  const reply = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return reply.text();
}

/** The value of one sample (`name{labels}` exactly as exposed), 0 when it is not there. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const apiCalls = (method: string, outcome: string) =>
  `star_slack_api_call_duration_seconds_count{method="${method}",outcome="${outcome}"}`;

describe('GET /metrics', () => {
  it('requires the bearer token when STAR_METRICS_TOKEN is set', async () => {
    const none = await fetch(`${e2e.app.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await fetch(`${e2e.app.url}/metrics`, {
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${e2e.app.url}/metrics`, { headers: { authorization: `Basic ${token}` } });
    expect(basic.status).toBe(401);
    const text = await scrape();
    // The process metrics come along; nothing names a workspace.
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('# TYPE star_outbox_rows gauge');
    expect(text).not.toContain('T1');
  });

  it('is open without a token when none is set', async () => {
    const open = await e2e.restart({ env: {} });
    expect((await fetch(`${open.url}/metrics`)).status).toBe(200);
  });

  it("counts the calls of Bolt's own clients, made during requests", async () => {
    await e2e.openModal(await e2e.star('question 1'), 'Answer it');
    const text = await scrape();
    expect(sample(text, apiCalls('views.open', 'ok'))).toBe(1);
  });

  it('counts the posts of a daily pass: outbox rows, lag, Slack calls by outcome', async () => {
    const before = await scrape();
    expect(sample(before, 'star_post_lag_seconds_count{kind="question"}')).toBe(0);
    expect(sample(before, 'star_outbox_rows{state="sent",kind="question"}')).toBe(0);

    // 09:00 in Berlin, posted three minutes late: 180 s of lag.
    await e2e.dailyPost('C1', '2026-11-24T08:03:00Z');
    const after = await scrape();
    expect(sample(after, 'star_outbox_rows{state="sent",kind="question"}')).toBe(1);
    expect(sample(after, 'star_post_lag_seconds_count{kind="question"}')).toBe(1);
    expect(sample(after, 'star_post_lag_seconds_sum{kind="question"}')).toBeGreaterThanOrEqual(180);
    expect(sample(after, 'star_post_lag_seconds_sum{kind="question"}')).toBeLessThan(190);
    expect(sample(after, 'star_post_lag_seconds_bucket{le="120",kind="question"}')).toBe(0);
    expect(sample(after, 'star_post_lag_seconds_bucket{le="300",kind="question"}')).toBe(1);
    expect(sample(after, apiCalls('chat.postMessage', 'ok'))).toBe(1);
    expect(sample(after, apiCalls('auth.test', 'ok'))).toBe(1); // the token checked at start-up

    // The next day: C1 is rate limited (its row waits), C2's channel is gone (its row failed).
    await e2e.star('subscribe 09:00 Europe/Berlin', { channelId: 'C2' });
    e2e.standIn.failChannel('C2', 'channel_not_found');
    e2e.standIn.once('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '3600' },
      body: { ok: false, error: 'ratelimited' },
    });
    await e2e.app.runDailyPass(clock.at('2026-11-25T08:00:30Z'));
    const later = await scrape();
    expect(sample(later, apiCalls('chat.postMessage', '429'))).toBe(1);
    expect(sample(later, apiCalls('chat.postMessage', 'channel_not_found'))).toBe(1);
    expect(sample(later, 'star_outbox_rows{state="pending",kind="question"}')).toBe(1);
    expect(sample(later, 'star_outbox_rows{state="failed",kind="question"}')).toBe(1);
    expect(sample(later, 'star_post_lag_seconds_count{kind="question"}')).toBe(1);
  });

  it('counts events received and ingested, answers and reactions recorded', async () => {
    await e2e.dailyPost('C1', '2026-11-24T08:00:00Z');
    const post = e2e.app.query<{ message_ts: string }>('SELECT message_ts FROM daily_outbox')[0];
    if (!post) throw new Error('no daily post');
    const replyTs = `${Math.floor(clock.now() / 1000) + 60}.000100`;
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        channel: 'C1',
        channel_type: 'channel',
        user: 'U7',
        text: 'I rewrote the slow query, so the weekly report loads 30% faster and nobody waits.',
        ts: replyTs,
        thread_ts: post.message_ts,
      }),
    );
    const reaction = eventCallback(
      {
        type: 'reaction_added',
        user: 'U2',
        reaction: 'star',
        item_user: 'U7',
        item: { type: 'message', channel: 'C1', ts: replyTs },
        event_ts: '1800000001.000100',
      },
      { eventId: 'EvStar' },
    );
    await e2e.app.sendEvent(reaction);
    await e2e.app.sendEvent(reaction, 1); // Slack's retry: received again, stored once
    await e2e.app.idle();
    const text = await scrape();
    expect(sample(text, 'star_slack_events_received_total{type="message"}')).toBe(1);
    expect(sample(text, 'star_slack_events_ingested_total{type="message"}')).toBe(1);
    expect(sample(text, 'star_slack_events_received_total{type="reaction_added"}')).toBe(2);
    expect(sample(text, 'star_slack_events_ingested_total{type="reaction_added"}')).toBe(1);
    expect(sample(text, 'star_answers_recorded_total{via="thread-reply",kind="answer"}')).toBe(1);
    expect(sample(text, 'star_reactions_recorded_total{action="added"}')).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The app as `npm start` runs it: with its scheduler (ticked by the test), and in Socket Mode.

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function manualTicker() {
  let fire: (() => Promise<void>) | undefined;
  const ticker: Ticker = (tick) => {
    fire = tick;
    return { stop: () => {} };
  };
  return { ticker, tick: () => (fire ? fire() : Promise.reject(new Error('no ticker'))) };
}

async function standIn(): Promise<SlackStandIn> {
  const started = await startSlackStandIn();
  cleanup.push(() => started.close());
  return started;
}

function database(): string {
  const temp = tempDir();
  cleanup.push(() => temp.cleanup());
  return join(temp.dir, 'star.db');
}

describe('GET /healthz with the scheduler running', () => {
  it('is 200 after a pass, 503 with the reason once no pass completed for 5 minutes, 200 after the next', async () => {
    const slack = await standIn();
    let now = Date.parse('2026-11-24T07:00:00Z');
    const ticks = manualTicker();
    const settings = parseSlackSettings({
      SLACK_BOT_TOKEN: 'xoxb-scheduled',
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      STAR_DB: database(),
      STAR_STORIES: sampleStoriesDir,
      PORT: '0',
    });
    const running = await startApp(settings, {
      logger: createLogger('error', () => {}),
      ticker: ticks.ticker,
      redeliveryTimer: false,
      clock: { now: () => now, random: () => 0.5, sleep: async () => {} },
    });
    cleanup.push(() => running.stop());
    const url = `http://127.0.0.1:${running.port}`;
    const passes = async () =>
      sample(await scrape(url), 'star_scheduler_pass_duration_seconds_count{outcome="ok"}');

    // The pass at start-up.
    await expect.poll(passes).toBe(1);
    const healthy = await fetch(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true });
    expect(sample(await scrape(url), 'star_scheduler_last_pass_completed_seconds')).toBe(now / 1000);

    now += 5 * 60_000; // within the window
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    now += 2 * 60_000;
    const late = await fetch(`${url}/healthz`);
    expect(late.status).toBe(503);
    expect(await late.json()).toEqual({ ok: false, reason: 'scheduler: last pass 7 minutes ago' });

    await ticks.tick();
    expect(await passes()).toBe(2);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

describe('Socket Mode', () => {
  it('serves /metrics beside /healthz on PORT, behind the token', async () => {
    const slack = await standIn();
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    cleanup.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    slack.on('apps.connections.open', () => ({
      ok: true,
      url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`,
    }));
    wss.on('connection', (socket: WebSocket) => {
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
    });
    const settings = parseSlackSettings({
      SLACK_BOT_TOKEN: 'xoxb-socket-bot',
      SLACK_APP_TOKEN: 'xapp-1-socket',
      SLACK_API_URL: slack.apiUrl,
      STAR_DB: database(),
      STAR_STORIES: sampleStoriesDir,
      STAR_METRICS_TOKEN: token,
      PORT: String(30000 + Math.floor(Math.random() * 20000)),
    });
    const running = await startApp(settings, { logger: createLogger('error', () => {}), scheduler: false });
    cleanup.push(() => running.stop());
    const url = `http://127.0.0.1:${settings.port}`;
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const text = await scrape(url);
    expect(text).toContain('# TYPE star_slack_api_call_duration_seconds histogram');
    // Ready once Slack has confirmed the bot token, checked right after "up" (503 until then).
    await expect.poll(async () => (await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
