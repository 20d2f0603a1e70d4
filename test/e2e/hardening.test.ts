import { describe, expect, it } from 'vitest';
import { endToEnd } from '../support/e2e.js';
import { postSigned, signatureFor, signingSecret, slashCommand } from '../support/signed-requests.js';

/**
 * Requests that must not hurt the app: bodies Bolt's receiver chokes on, signatures from the future
 * or replayed, interactions the app does not handle, and the log level an operator chose.
 */

const e2e = endToEnd({ app: { logLevel: 'warn' } });
const form = 'application/x-www-form-urlencoded';
const events = () => `${e2e.app.url}/slack/events`;

describe('one bad request never ends the process', () => {
  for (const [name, body, type] of [
    ['a JSON null', 'null', 'application/json'],
    // Bolt reads a body as a form only when its type is exactly the form's; anything else as JSON.
    ['a JSON null sent as text/plain', 'null', 'text/plain'],
    ['a JSON null sent as a form with a charset', 'null', `${form}; charset=utf-8`],
    ['payload=null', 'payload=null', form],
    ['payload=null with its name percent-encoded', 'p%61yload=null', form],
    ['?payload=null', '?payload=null', form],
    // Bolt's form reader keeps a leading '?' in the first name: its `payload` is the second one here.
    ['?payload={}&payload=null', '?payload=%7B%7D&payload=null', form],
    ['payload=null after a command', 'command=%2Fstar&text=help&payload=null', form],
    ['a JSON number', '42', 'application/json'],
    ['payload of a string', 'payload=%22x%22', form],
    ['a JSON object cut short', '{"type":"event_callback",', 'application/json'],
    ['a payload cut short', 'payload=%7B%22type%22', form],
  ] as const) {
    it(`${name} gets a 4xx, and the app goes on serving`, async () => {
      const reply = await postSigned(events(), body, type);
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await fetch(`${e2e.app.url}/healthz`)).status).toBe(200);
      expect((await e2e.star('help')).response_type).toBe('ephemeral');
    });
  }
});

describe('signatures', () => {
  it('refuses a request whose signature does not verify, and serves the same request signed', async () => {
    const body = slashCommand('help', e2e.standIn.responseUrl('signatures'));
    const timestamp = Math.floor(Date.now() / 1000);
    const good = signatureFor(body, signingSecret, timestamp);
    for (const [why, options] of [
      ['another secret', { secret: 'not-the-signing-secret' }],
      ['more than five minutes old', { timestamp: timestamp - 6 * 60 }],
      ['another version', { signature: good.replace('v0=', 'v1=') }],
      ['in capitals', { signature: `v0=${good.slice(3).toUpperCase()}` }],
      ['cut short', { signature: good.slice(0, -2) }],
      ['with a character of more than one byte', { signature: `${good.slice(0, -1)}é` }],
      ['empty', { signature: '' }],
    ] as const) {
      const reply = await postSigned(events(), body, form, { timestamp, ...options });
      expect([why, reply.status]).toEqual([why, 401]);
    }
    expect((await postSigned(events(), body, form, { timestamp })).status).toBe(200);
  });

  it('refuses a timestamp more than five minutes in the future', async () => {
    const body = slashCommand('help', e2e.standIn.responseUrl('future'));
    const future = Math.floor(Date.now() / 1000) + 6 * 60;
    expect((await postSigned(events(), body, form, { timestamp: future })).status).toBe(401);
  });

  it("answers Slack's unsigned SSL check, and nothing else that comes with it", async () => {
    // A click on a button no listener handles is answered through its response_url (the stale-card
    // notice): carried inside an unsigned SSL check, it must reach no listener.
    const payload = {
      type: 'block_actions',
      user: { id: 'U1', team_id: 'T1' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      channel: { id: 'C1', name: 'x' },
      response_url: e2e.standIn.responseUrl('smuggled'),
      trigger_id: '1.1.a',
      actions: [{ type: 'button', action_id: 'someone_elses_button', block_id: 'b', value: 'v' }],
    };
    const smuggled = new URLSearchParams({ ssl_check: '1', payload: JSON.stringify(payload) }).toString();
    const check = await fetch(events(), {
      method: 'POST',
      headers: { 'content-type': form },
      body: smuggled,
    });
    expect(check.status).toBe(200);
    const forged = await fetch(events(), {
      method: 'POST',
      headers: { 'content-type': form },
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    });
    expect(forged.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(e2e.standIn.hooks.filter((hook) => hook.id === 'smuggled')).toEqual([]);
  });

  it('refuses a request replayed with the same signature', async () => {
    const body = slashCommand('help', e2e.standIn.responseUrl('replay'));
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await postSigned(events(), body, form, { timestamp })).status).toBe(200);
    expect((await postSigned(events(), body, form, { timestamp })).status).toBe(401);
  });
});

describe('interactions the app does not handle', () => {
  it('are acknowledged at once, not after Slack has given up', async () => {
    const payload = {
      type: 'block_actions',
      user: { id: 'U1', team_id: 'T1' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: true },
      channel: { id: 'C1', name: 'x' },
      response_url: e2e.standIn.responseUrl('unknown-action'),
      trigger_id: '1.1.a',
      actions: [{ type: 'button', action_id: 'someone_elses_button', block_id: 'b', value: 'v' }],
    };
    const started = Date.now();
    const reply = await postSigned(
      events(),
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      form,
    );
    expect(reply.status).toBe(200);
    // Slack waits 3 s for an ack; an answer after that is an error shown to the user.
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("an old card with the first version's single rating action still rates", async () => {
    const card = await e2e.star('question 1');
    const revealed = await e2e.click(card, 'Show model answer');
    const good = JSON.parse(
      (revealed.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id === 'star_rate_good')?.value ?? '{}',
    );
    const old = {
      blocks: [
        {
          type: 'actions',
          block_id: 'rate',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Good' },
              action_id: 'star_rate',
              value: JSON.stringify(good),
            },
          ],
        },
      ],
    };
    const rated = await e2e.click(old, 'Good');
    expect(JSON.stringify(rated.blocks)).toContain('You rated your recall *Good*');
  });
});

describe('the log level', () => {
  it('holds after start-up (Bolt does not reset it to info)', async () => {
    await e2e.star('help');
    expect(e2e.app.app.logger.getLevel()).toBe('warn');
  });
});
