import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createResponseUrls, createTriggers, newTriggerId } from '../support/slack-contract/interactivity.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

/**
 * The stand-in answers as Slack does: each rule accepts what Slack accepts and refuses the same
 * payload broken in one way, with Slack's error code (and HTTP status).
 */

let standIn: SlackStandIn;
let now = Date.parse('2026-11-24T08:00:00Z');

beforeAll(async () => {
  standIn = await startSlackStandIn({ now: () => now });
});
afterAll(() => standIn.close());
beforeEach(() => {
  now += 10 * 60_000;
  standIn.takeRefusals();
});

const client = (token = 'xoxb-contract') =>
  new webApi.WebClient(token, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });

/** Slack's error code for a call, or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    const coded = error as { code?: string; data?: { error?: string } };
    if (coded.code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
    return coded.data?.error ?? String(error);
  }
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const rateButtons = (ids: string[]) => [
  {
    type: 'actions',
    block_id: 'rate',
    elements: ids.map((id, n) => ({
      type: 'button',
      text: { type: 'plain_text', text: `B${n}` },
      action_id: id,
      value: String(n),
    })),
  },
];

describe('scopes come from manifest.yml', () => {
  it('allows a method the manifest grants, refuses it without the scope, and knows no other methods', async () => {
    expect(await outcome(client().users.info({ user: 'U1' }))).toBe('ok');
    standIn.grant('xoxb-narrow', { teamId: 'T9', scopes: ['chat:write'] });
    expect(await outcome(client('xoxb-narrow').users.info({ user: 'U1' }))).toBe('missing_scope');
    expect(await outcome(client().apiCall('reactions.add', { name: 'star' }))).toBe('unknown_method');
  });

  it('refuses every call with a revoked token', async () => {
    standIn.revokeToken('xoxb-gone');
    expect(await outcome(client('xoxb-gone').auth.test())).toBe('token_revoked');
    expect(await outcome(client().auth.test())).toBe('ok');
  });
});

describe('JSON bodies', () => {
  const post = (method: string, body: object, headers: Record<string, string>) =>
    fetch(`${standIn.apiUrl}${method}`, { method: 'POST', headers, body: JSON.stringify(body) }).then(
      (response) => response.json() as Promise<Record<string, unknown>>,
    );
  const json = { 'content-type': 'application/json; charset=utf-8' };

  it('a write method reads one, with the token in the Authorization header only', async () => {
    const message = { channel: 'C1', text: 'hi' };
    expect(
      await post('chat.postMessage', message, { ...json, authorization: 'Bearer xoxb-contract' }),
    ).toMatchObject({
      ok: true,
    });
    expect(await post('chat.postMessage', { ...message, token: 'xoxb-contract' }, json)).toMatchObject({
      ok: false,
      error: 'not_authed',
    });
    // The same token in a form's field is read.
    const form = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...message, token: 'xoxb-contract' }).toString(),
    }).then((response) => response.json());
    expect(form).toMatchObject({ ok: true });
  });

  it('without its charset: read, with a missing_charset warning', async () => {
    const answer = await post(
      'chat.postMessage',
      { channel: 'C1', text: 'hi' },
      { 'content-type': 'application/json', authorization: 'Bearer xoxb-contract' },
    );
    expect(answer).toMatchObject({ ok: true, response_metadata: { warnings: ['missing_charset'] } });
  });

  it('a read method does not read one', async () => {
    expect(
      await post('users.info', { user: 'U1' }, { ...json, authorization: 'Bearer xoxb-contract' }),
    ).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });
});

describe('Block Kit and message size', () => {
  it('refuses two equal action_ids in one block, takes distinct ones', async () => {
    const post = (ids: string[]) =>
      outcome(client().chat.postMessage({ channel: 'C1', text: 'rate', blocks: rateButtons(ids) }));
    expect(await post(['star_rate', 'star_rate'])).toBe('invalid_blocks');
    expect(await post(['star_rate_good', 'star_rate_easy'])).toBe('ok');
  });

  it('refuses more than 12,000 characters of block text in a post, though each block is within its limit', async () => {
    const blocks = Array.from({ length: 5 }, () => section('x'.repeat(2_999)));
    expect(await outcome(client().chat.postMessage({ channel: 'C1', text: 'long', blocks }))).toBe(
      'msg_blocks_too_long',
    );
    expect(
      await outcome(client().chat.postMessage({ channel: 'C1', text: 'long', blocks: blocks.slice(0, 4) })),
    ).toBe('ok');
  });
});

describe('conversations as Slack has them', () => {
  it('a DM between people: never joined, never posted in, and reading it needs im:read', async () => {
    expect(await outcome(client().conversations.join({ channel: 'D0PEOPLE' }))).toBe(
      'method_not_supported_for_channel_type',
    );
    expect(await outcome(client().chat.postMessage({ channel: 'D0PEOPLE', text: 'hi' }))).toBe(
      'channel_not_found',
    );
    expect(await outcome(client().conversations.info({ channel: 'D0PEOPLE' }))).toBe('missing_scope');
  });

  it("a user id as channel posts into the app's DM with them", async () => {
    const posted = await client().chat.postMessage({ channel: 'U77', text: 'hello' });
    expect(posted.channel).toMatch(/^D/);
    expect(standIn.messagesIn('U77').map((m) => m.text)).toEqual(['hello']);
    const opened = await client().conversations.open({ users: 'U77' });
    expect(opened.channel?.id).toBe(posted.channel);
  });

  it('a public channel takes posts (chat:write.public) and joins; reading it needs membership', async () => {
    expect(await outcome(client().chat.postMessage({ channel: 'CPUB', text: 'hi' }))).toBe('ok');
    standIn.grant('xoxb-no-public', { teamId: 'T8', scopes: ['chat:write', 'channels:join'] });
    expect(await outcome(client('xoxb-no-public').chat.postMessage({ channel: 'CPUB2', text: 'hi' }))).toBe(
      'not_in_channel',
    );
    expect(await outcome(client().conversations.history({ channel: 'CPUB' }))).toBe('not_in_channel');
    expect(await outcome(client().conversations.join({ channel: 'CPUB' }))).toBe('ok');
    expect((await client().conversations.info({ channel: 'CPUB' })).channel?.is_member).toBe(true);
  });

  it('a private channel exists for the bot only once invited; it is never joined', async () => {
    standIn.conversation('CPRIV', { type: 'private' });
    expect(await outcome(client().chat.postMessage({ channel: 'CPRIV', text: 'hi' }))).toBe(
      'channel_not_found',
    );
    expect(await outcome(client().conversations.join({ channel: 'CPRIV' }))).toBe(
      'method_not_supported_for_channel_type',
    );
    standIn.conversation('CPRIV', { botMember: true });
    expect(await outcome(client().chat.postMessage({ channel: 'CPRIV', text: 'hi' }))).toBe('ok');
    standIn.removeBot('CPRIV');
    expect(await outcome(client().chat.postMessage({ channel: 'CPRIV', text: 'hi' }))).toBe(
      'channel_not_found',
    );
  });

  it('an archived channel refuses posts and joins', async () => {
    standIn.conversation('CARCH', { archived: true });
    expect(await outcome(client().chat.postMessage({ channel: 'CARCH', text: 'hi' }))).toBe('is_archived');
    expect(await outcome(client().conversations.join({ channel: 'CARCH' }))).toBe('is_archived');
  });
});

describe('conversations.history for apps outside the Marketplace', () => {
  it('takes a conversation id, never a user id; one call a minute per workspace; 15 a page', async () => {
    standIn.conversation('CHIST', { botMember: true });
    for (let n = 0; n < 20; n++) await client().chat.postMessage({ channel: 'CHIST', text: `m${n}` });
    expect(await outcome(client().conversations.history({ channel: 'U1' }))).toBe('channel_not_found');
    const page = await client().conversations.history({ channel: 'CHIST', limit: 200 });
    expect(page.messages).toHaveLength(15);
    expect(page.has_more).toBe(true);
    expect(await outcome(client().conversations.history({ channel: 'CHIST' }))).toBe('ratelimited');
    expect(standIn.takeRefusals().at(-1)).toMatchObject({
      method: 'conversations.history',
      error: 'ratelimited',
    });
    now += 60_000;
    expect(await outcome(client().conversations.history({ channel: 'CHIST' }))).toBe('ok');
  });

  it('answers a 429 with Retry-After', async () => {
    standIn.conversation('CHIST2', { botMember: true });
    await client().conversations.history({ channel: 'CHIST2' });
    const response = await fetch(`${standIn.apiUrl}conversations.history`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-contract', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=CHIST2',
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('interactivity', () => {
  const view = {
    type: 'modal',
    callback_id: 'm',
    title: { type: 'plain_text', text: 'Answer' },
    blocks: [section('hi')],
  };

  it('a trigger_id opens one view, within 3 seconds', async () => {
    const open = (trigger: string) =>
      outcome(client().views.open({ trigger_id: trigger, view: view as never }));
    const fresh = newTriggerId();
    expect(await open(fresh)).toBe('ok');
    expect(await open(fresh)).toBe('exchanged_trigger_id');
    expect(await open(newTriggerId(Date.now() - 4_000))).toBe('expired_trigger_id');
    expect(await open('trigger-2')).toBe('invalid_trigger_id');
  });

  it('a view that breaks a rule is refused', async () => {
    const long = { ...view, title: { type: 'plain_text', text: 'A title over twenty-four chars' } };
    expect(await outcome(client().views.open({ trigger_id: newTriggerId(), view: long as never }))).toBe(
      'invalid_arguments',
    );
  });

  it('a response_url takes 5 posts within 30 minutes, and refuses a message Slack would not show', async () => {
    const url = standIn.responseUrl('contract-hook');
    const post = (body: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ text: 'x', blocks: rateButtons(['a', 'a']) })).status).toBe(400);
    for (let n = 0; n < 4; n++) expect((await post({ text: `ok ${n}` })).status).toBe(200);
    expect((await post({ text: 'sixth' })).status).toBe(404);

    let clock = 0;
    const urls = createResponseUrls(() => clock);
    urls.issue('late');
    clock = 30 * 60_000 + 1;
    expect(urls.use('late')).toBe('expired_url');
    const triggers = createTriggers(() => clock);
    expect(triggers.exchange(newTriggerId(clock - 2_999))).toBeUndefined();
  });
});

describe('a Slack that hangs (for tests, not a rule of Slack)', () => {
  it('records a held call at once and answers it only when released', async () => {
    const release = standIn.hold('users.info');
    const before = standIn.callsOf('users.info').length;
    let answered = false;
    const call = client()
      .users.info({ user: 'U1' })
      .then(() => {
        answered = true;
      });
    await standIn.waitFor('users.info', before + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    await call;
    expect(answered).toBe(true);
    expect(await outcome(client().users.info({ user: 'U1' }))).toBe('ok'); // released for good
  });
});
