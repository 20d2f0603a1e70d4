import { describe, expect, it } from 'vitest';
import { endToEnd } from '../support/e2e.js';
import { postSigned, signatureFor, signingSecret, slashCommand } from '../support/signed-requests.js';

/**
 * Replays are refused once Bolt's receiver has verified the signature (the guard no longer checks it
 * a second time): only a signature that verified is remembered, so a forged request carrying a real
 * request's signature never keeps that request out; Slack's retries pass.
 */

const e2e = endToEnd({ app: { logLevel: 'warn' } });
const form = 'application/x-www-form-urlencoded';
const events = () => `${e2e.app.url}/slack/events`;

describe('replayed requests', () => {
  it('a forged body under a real signature is refused, and the real request still served', async () => {
    const body = slashCommand('help', e2e.standIn.responseUrl('forged-first'));
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signatureFor(body, signingSecret, timestamp);
    const forged = slashCommand('question', e2e.standIn.responseUrl('forged-first'));
    expect((await postSigned(events(), forged, form, { timestamp, signature })).status).toBe(401);
    const real = await postSigned(events(), body, form, { timestamp, signature });
    expect(real.status).toBe(200);
    expect(real.json().response_type).toBe('ephemeral');
    expect((await postSigned(events(), body, form, { timestamp, signature })).status).toBe(401);
  });

  it('a replay is refused however its signature header is dressed, and whatever retry header it carries', async () => {
    const body = slashCommand('help', e2e.standIn.responseUrl('dressed'));
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signatureFor(body, signingSecret, timestamp);
    expect((await postSigned(events(), body, form, { timestamp, signature })).status).toBe(200);
    // Bolt reads only what lies between the first and second '=': the guard takes Slack's form only.
    for (const dressed of [
      `${signature}=again`,
      `${signature}=`,
      signature.toUpperCase().replace('V0=', 'v0='),
    ])
      expect((await postSigned(events(), body, form, { timestamp, signature: dressed })).status).toBe(401);
    // Slack never retries a command: the (unsigned) retry header exempts no form from the replay check.
    const retry = { timestamp, signature, headers: { 'x-slack-retry-num': '1' } };
    expect((await postSigned(events(), body, form, retry)).status).toBe(401);
  });

  it("an event sent again as Slack's retry is not refused as a replay", async () => {
    const event = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev-replay-retry',
      event_time: 1,
      event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'messages' },
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const type = 'application/json';
    expect((await postSigned(events(), event, type, { timestamp })).status).toBe(200);
    const retry = {
      timestamp,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    };
    expect((await postSigned(events(), event, type, retry)).status).toBe(200);
    expect((await postSigned(events(), event, type, { timestamp })).status).toBe(401);
  });
});
