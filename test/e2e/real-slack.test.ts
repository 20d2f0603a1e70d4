import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSlackSettings } from '../../src/config.js';
import { type RunningApp, startApp } from '../../src/main.js';
import { createLogger } from '../../src/slack/logger.js';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { sampleStoriesDir, tempDir } from '../support/fixtures.js';
import {
  type Actor,
  buttonClick,
  eventCallback,
  signingSecret,
  slashCommand,
  viewSubmission,
} from '../support/signed-requests.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { botToken, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * What real Slack refuses, end to end: the whole practice loop in a public channel, a private
 * channel and a DM; sharing only where it can work; long answers; Slack's errors told as they are;
 * installs Slack starts itself; a refused token; the bot removed from a channel; posts in doubt
 * looked up within conversations.history's limits. Each test failed on the code before the strict
 * stand-in (issue 11).
 */

let standIn: SlackStandIn;
let temp: ReturnType<typeof tempDir>;
let app: TestApp;
let hook = 0;
let now = Date.parse('2026-11-23T20:00:00Z'); // Monday 21:00 in Berlin
const clock = {
  now: () => now,
  sleep: async (ms: number) => {
    now += ms;
    await new Promise((resolve) => setImmediate(resolve));
  },
};

// A Slack of its own for each test: what one test posts or calls is never seen by the next.
beforeEach(async () => {
  standIn = await startSlackStandIn({ now: () => now });
  standIn.on('users.info', (args) => ({ ok: true, user: { id: args.user, tz: 'Europe/Berlin' } }));
  now = Date.parse('2026-11-23T20:00:00Z');
  temp = tempDir();
  app = await startTestApp({ standIn, dbPath: join(temp.dir, 'star.db'), clock });
});
afterEach(async () => {
  await app.stop();
  temp.cleanup();
  await standIn.close();
  expect(standIn.takeRefusals()).toEqual([]);
});

type Msg = { text?: string; blocks: unknown[]; response_type?: string; replace_original?: boolean };

async function star(text: string, who: Actor = {}): Promise<Msg> {
  const hookId = `rs-cmd-${++hook}`;
  const reply = await app.send(slashCommand(text, standIn.responseUrl(hookId), who));
  expect(reply.status).toBe(200);
  if (reply.text !== '') return reply.json() as Msg;
  await standIn.waitFor(`hook:${hookId}`);
  return standIn.hooksOf(hookId)[0]?.body as Msg;
}

async function click(
  message: Msg,
  label: string,
  who: Actor & { ephemeral?: boolean; messageTs?: string } = {},
): Promise<Msg> {
  const button = buttons(message.blocks).get(label);
  if (!button) throw new Error(`no "${label}" button in: ${[...buttons(message.blocks).keys()].join(', ')}`);
  const hookId = `rs-click-${++hook}`;
  const reply = await app.send(buttonClick(button, standIn.responseUrl(hookId), who));
  expect(reply.status).toBe(200);
  if (button.action_id.startsWith('star_answer_it') || button.action_id === 'star_answer_in_thread') {
    return { blocks: [] };
  }
  await standIn.waitFor(`hook:${hookId}`);
  return standIn.hooksOf(hookId)[0]?.body as Msg;
}

const labels = (message: Msg) => [...buttons(message.blocks).keys()];
const answer = {
  situation: 'Our release train kept slipping.',
  task: 'I owned the fix.',
  action: 'I split the train into two lanes and wrote the runbook.',
  result: 'Slips fell from 6 to 1 a quarter.',
};

/** Answer it → the modal → submitted → the card shows the saved answer. */
async function answerFromCard(card: Msg, who: Actor): Promise<Msg> {
  const opened = standIn.callsOf('views.open').length;
  await click(card, 'Answer it', who);
  await standIn.waitFor('views.open', opened + 1);
  const view = standIn.callsOf('views.open').at(-1)?.args.view as {
    callback_id: string;
    private_metadata: string;
  };
  expect((await app.send(viewSubmission(view, answer, who))).status).toBe(200);
  const cardHook = JSON.parse(view.private_metadata).u.split('/hooks/')[1] as string;
  await standIn.waitFor(`hook:${cardHook}`);
  return standIn.hooksOf(cardHook).at(-1)?.body as Msg;
}

describe('the practice loop where people practice', () => {
  const places: Array<[string, Actor, boolean]> = [
    ['a public channel', { channelId: 'CPUBLIC' }, true],
    ['a private channel the bot was invited to', { channelId: 'CPRIVATE' }, true],
    ['a DM', { channelId: 'D0PEOPLE' }, false],
    ['a group DM', { channelId: 'G0GROUP', channelName: 'mpdm-ana--ben--cleo-1' }, false],
  ];

  for (const [place, who, shares] of places) {
    it(`question → model answer → rating → follow-up → next → answer → post, in ${place}`, async () => {
      standIn.conversation('CPRIVATE', { type: 'private', botMember: true });
      standIn.conversation('G0GROUP', { type: 'mpim' });
      const card = await star('question', who);
      expect(labels(card)).toEqual(
        shares
          ? ['Show model answer', 'Follow-up', 'Answer it', 'Next question', 'Post to channel']
          : ['Show model answer', 'Follow-up', 'Answer it', 'Next question'],
      );
      const revealed = await click(card, 'Show model answer', who);
      expect(visibleText(revealed.blocks)).toContain('How well did you recall it?');
      expect(labels(revealed)).toEqual(expect.arrayContaining(['Again', 'Hard', 'Good', 'Easy']));
      const rated = await click(revealed, 'Good', who);
      expect(visibleText(rated.blocks)).toContain('You rated your recall *Good*');
      const followUp = await click(rated, 'Follow-up', who);
      const followUpAnswer = await click(followUp, 'Show follow-up answer', who);
      expect(visibleText(followUpAnswer.blocks)).toContain('Follow-up 1 of');
      const next = await click(followUpAnswer, 'Next question', who);
      const prompt = (m: Msg) => visibleText(m.blocks.slice(0, 1));
      expect(prompt(next)).not.toBe(prompt(card));
      expect(labels(next)).toEqual(labels(card).filter((l) => l !== 'Follow-up' || labels(next).includes(l)));

      const saved = await answerFromCard(card, who);
      expect(visibleText(saved.blocks)).toContain('Your answer is saved.');
      if (shares) {
        const posted = await click(saved, 'Post my answer to channel', who);
        expect(posted.text).toContain(`Your answer is posted in <#${who.channelId}>`);
        expect(standIn.messagesIn(who.channelId as string)).toHaveLength(1);
        const shared = await click(await star('question 2', who), 'Post to channel', who);
        expect(shared.text).toContain('Posted to the channel');
      } else {
        expect(labels(saved)).not.toContain('Post my answer to channel');
        expect(standIn.callsOf('chat.postMessage')).toEqual([]);
        expect(standIn.callsOf('conversations.join')).toEqual([]);
      }
      const ratings = app.query<{ rating: number }>(
        `SELECT rating FROM practice_events WHERE kind = 'rating'`,
      );
      expect(ratings).toEqual([{ rating: 3 }]);
    });
  }

  it('an old card clicked in a DM explains sharing instead of telling anyone to /invite', async () => {
    const channelCard = await star('question 1', { channelId: 'CPUBLIC' });
    const reply = await click(channelCard, 'Post to channel', { channelId: 'D0PEOPLE' });
    expect(reply.text).toContain('Sharing with the team works in a channel');
    expect(reply.text).not.toContain('/invite');
    expect(standIn.callsOf('conversations.join')).toEqual([]);
  });

  it('a private channel the bot is not in: an invitation, nothing posted', async () => {
    standIn.conversation('CSECRET', { type: 'private' });
    const reply = await click(await star('question 1', { channelId: 'CSECRET' }), 'Post to channel', {
      channelId: 'CSECRET',
    });
    expect(reply.text).toContain('invite me with `/invite @STAR Partner`');
    expect(standIn.callsOf('chat.postMessage')).toEqual([]);
  });

  it('"Practice now" and the reminder open cards in the app DM with nothing to share', async () => {
    const hookId = `rs-home-${++hook}`;
    await app.send(
      buttonClick({ action_id: 'star_practice_now', value: '{"home":1}' }, standIn.responseUrl(hookId), {
        channelId: 'DUBOTDM',
        ephemeral: false,
      }),
    );
    await standIn.waitFor('chat.postMessage');
    const dm = standIn.callsOf('chat.postMessage')[0]?.args as { channel: string; blocks: unknown[] };
    expect(dm.channel).toBe('U1');
    expect([...buttons(dm.blocks).keys()]).toEqual([
      'Show model answer',
      'Follow-up',
      'Answer it',
      'Next question',
    ]);
  });
});

describe('long answers', () => {
  /** A part of exactly 3,000 characters (the form's limit), in words, ending with a marker. */
  const part = (name: string) => {
    const end = ` end-of-${name}`;
    const words = `${name} `
      .repeat(3000)
      .slice(0, 3000 - end.length)
      .trimEnd();
    return `${words}${'.'.repeat(3000 - end.length - words.length)}${end}`;
  };
  const long = {
    situation: part('situation'),
    task: part('task'),
    action: part('action'),
    result: part('result'),
  };
  it('is the longest the form takes', () => {
    for (const text of Object.values(long)) expect(text).toHaveLength(3000);
  });
  const partsIn = (channel: string) =>
    standIn
      .messagesIn(channel)
      .map((m) => visibleText(m.blocks as unknown[]))
      .join('\n');

  it('a 4 × 3,000-character answer reaches the channel whole: the answer, continued in its thread', async () => {
    const card = await star('question 1', { channelId: 'CLONG' });
    const opened = standIn.callsOf('views.open').length;
    await click(card, 'Answer it', { channelId: 'CLONG' });
    await standIn.waitFor('views.open', opened + 1);
    const view = standIn.callsOf('views.open').at(-1)?.args.view as {
      callback_id: string;
      private_metadata: string;
    };
    await app.send(viewSubmission(view, long, { channelId: 'CLONG' }));
    const cardHook = JSON.parse(view.private_metadata).u.split('/hooks/')[1] as string;
    await standIn.waitFor(`hook:${cardHook}`);
    const saved = standIn.hooksOf(cardHook).at(-1)?.body as Msg;
    const posted = await click(saved, 'Post my answer to channel', { channelId: 'CLONG' });
    expect(posted.text).toContain('Your answer is posted');
    const messages = standIn.messagesIn('CLONG');
    expect(messages.length).toBeGreaterThan(1);
    const [first, ...rest] = messages;
    for (const more of rest) expect(more.thread_ts).toBe(first?.ts);
    const text = partsIn('CLONG');
    for (const end of ['end-of-situation', 'end-of-task', 'end-of-action', 'end-of-result'])
      expect(text).toContain(end);
    expect([...buttons(first?.blocks as unknown[]).keys()]).toEqual(['Review']);
    expect(app.query('SELECT posted_ts FROM answers')).toEqual([{ posted_ts: first?.ts }]);
  });

  it('the same answer posted into a daily thread stays in that thread', async () => {
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'CDAILY' });
    now = Date.parse('2026-11-24T08:00:00Z');
    const [post] = (await app.runDailyPass(now)).posted;
    const daily = standIn.messagesIn('CDAILY')[0] as { ts: string; blocks: unknown[] };
    const opened = standIn.callsOf('views.open').length;
    await click({ blocks: daily.blocks }, 'Answer it', {
      channelId: 'CDAILY',
      ephemeral: false,
      messageTs: post?.ts as string,
    });
    await standIn.waitFor('views.open', opened + 1);
    const view = standIn.callsOf('views.open').at(-1)?.args.view as {
      callback_id: string;
      private_metadata: string;
    };
    await app.send(viewSubmission(view, long, { channelId: 'CDAILY' }));
    await expect.poll(() => partsIn('CDAILY')).toContain('end-of-result');
    const replies = standIn.messagesIn('CDAILY').filter((m) => m.thread_ts !== undefined);
    expect(replies.length).toBeGreaterThan(1);
    for (const reply of replies) expect(reply.thread_ts).toBe(post?.ts);
  });
});

describe("Slack's errors keep their meaning", () => {
  const cases: Array<[string, string]> = [
    ['missing_scope', 'lack a permission'],
    ['invalid_auth', 'needs to reinstall'],
    ['is_archived', 'archived'],
    ['method_not_supported_for_channel_type', 'can’t join direct messages or group DMs'],
  ];
  for (const [error, says] of cases) {
    it(`${error} on "Post to channel" is told as it is`, async () => {
      const card = await star('question 1', { channelId: 'CERR' });
      standIn.once('conversations.join', { body: { ok: false, error } });
      const reply = await click(card, 'Post to channel', { channelId: 'CERR' });
      expect(reply.text).toContain(says);
      expect(reply.text).not.toContain('/invite');
      expect(reply.text).not.toContain('try again in a moment');
    });
  }

  it('ratelimited: try again in a minute, at once (no sleeping through Retry-After)', async () => {
    const card = await star('question 1', { channelId: 'CRATE' });
    standIn.once('conversations.join', {
      status: 429,
      headers: { 'retry-after': '30' },
      body: { ok: false },
    });
    const reply = await click(card, 'Post to channel', { channelId: 'CRATE' });
    expect(reply.text).toContain('try again in a minute');
  });
});

describe('installs that Slack starts itself', () => {
  it('complete without state; a forged state on our own flow is still refused', async () => {
    await app.stop();
    standIn.on('oauth.v2.access', (args) => ({
      ok: true,
      app_id: 'A1',
      access_token: `xoxb-${String(args.code)}`,
      token_type: 'bot',
      scope: 'commands,chat:write',
      bot_user_id: 'UBOTZ',
      team: { id: 'TZ', name: 'Team Z' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'UADMIN' },
    }));
    const logs: string[] = [];
    const oauthApp: RunningApp = await startApp(
      parseSlackSettings({
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_CLIENT_ID: '111.222',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'a-long-random-state-secret-for-tests',
        SLACK_API_URL: standIn.apiUrl,
        PORT: '0',
        STAR_DB: join(temp.dir, 'oauth.db'),
        STAR_STORIES: sampleStoriesDir,
        LOG_LEVEL: 'warn',
      }),
      { logger: createLogger('warn', (line) => logs.push(line)), scheduler: false },
    );
    try {
      const base = `http://127.0.0.1:${oauthApp.port}`;
      const forged = await fetch(`${base}/slack/oauth_redirect?code=code-forged&state=not-ours`);
      expect(forged.status).toBeGreaterThanOrEqual(400);
      expect(standIn.callsOf('oauth.v2.access')).toEqual([]);

      const started = await fetch(`${base}/slack/oauth_redirect?code=code-settings-page`);
      expect(started.status).toBe(200);
      expect(standIn.callsOf('oauth.v2.access').map((c) => c.args.code)).toEqual(['code-settings-page']);
      const reply = await fetch(`${base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(reply.status).toBe(401); // signature checks stay on
    } finally {
      await oauthApp.stop();
      app = await startTestApp({ standIn, dbPath: join(temp.dir, 'star.db'), clock });
    }
  });
});

describe('the workspace and its channels', () => {
  it("a refused token pauses the workspace's delivery once, and a working request resumes it the same day", async () => {
    for (const channelId of ['CT1', 'CT2', 'CT3']) await star('subscribe 09:00 Europe/Berlin', { channelId });
    standIn.revokeToken(botToken, 'account_inactive');
    now = Date.parse('2026-11-24T08:00:00Z');
    const paused = await app.runDailyPass(now);
    standIn.takeRefusals();
    expect(paused.posted).toEqual([]);
    expect(paused.pausedWorkspaces).toEqual([{ teamId: 'T1', error: 'account_inactive' }]);
    expect(standIn.callsOf('chat.postMessage').length).toBeLessThanOrEqual(3);
    const sends = standIn.callsOf('chat.postMessage').length;
    // The channels themselves are not paused; the next pass sends nothing while the token is refused.
    expect(app.query('SELECT paused FROM subscriptions')).toEqual([
      { paused: 0 },
      { paused: 0 },
      { paused: 0 },
    ]);
    now += 60_000;
    expect((await app.runDailyPass(now)).posted).toEqual([]);
    expect(standIn.callsOf('chat.postMessage')).toHaveLength(sends);

    standIn.restoreToken(botToken);
    await star('help', { channelId: 'CT1' });
    await app.idle();
    await expect.poll(() => app.query('SELECT * FROM workspace_delivery')).toEqual([]);
    now += 60_000;
    const resumed = await app.runDailyPass(now);
    expect(resumed.posted.map((p) => p.channelId).sort()).toEqual(['CT1', 'CT2', 'CT3']);
  });

  it('the bot removed from a channel pauses its question of the day, with the reason', async () => {
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'CLEFT' });
    const someone = eventCallback({ type: 'member_left_channel', user: 'U5', channel: 'CLEFT', team: 'T1' });
    expect((await app.sendEvent(someone)).status).toBe(200);
    await app.idle();
    expect(app.query('SELECT paused FROM subscriptions')).toEqual([{ paused: 0 }]);

    standIn.removeBot('CLEFT');
    const bot = eventCallback({ type: 'member_left_channel', user: 'UBOT', channel: 'CLEFT', team: 'T1' });
    expect((await app.sendEvent(bot)).status).toBe(200);
    await app.idle();
    expect(app.query('SELECT paused, pause_reason FROM subscriptions')).toEqual([
      { paused: 1, pause_reason: expect.stringContaining('removed from the channel') },
    ]);
    now = Date.parse('2026-11-24T08:00:00Z');
    expect((await app.runDailyPass(now)).posted).toEqual([]);
    expect(visibleText((await star('schedule', { channelId: 'CLEFT' })).blocks)).toContain(
      'removed from the channel',
    );
  });
});

describe('posts in doubt, within conversations.history limits', () => {
  it('channels in doubt are looked up one narrow page a minute, and nothing is posted twice', async () => {
    for (const channelId of ['CD1', 'CD2']) await star('subscribe 09:00 Europe/Berlin', { channelId });
    // Slack takes both posts, but both replies are lost (HTTP 500 after processing).
    standIn.loseReplies('chat.postMessage', 2);
    now = Date.parse('2026-11-24T08:00:00Z');
    const first = await app.runDailyPass(now, { retryHorizonMs: 0 });
    expect(first.posted).toEqual([]);
    const posts = (channel: string) => standIn.messagesIn(channel).filter((m) => m.thread_ts === undefined);
    expect(posts('CD1')).toHaveLength(1);
    expect(posts('CD2')).toHaveLength(1);

    const recovered: string[] = [];
    for (let minute = 1; minute <= 10 && recovered.length < 2; minute++) {
      now = Date.parse('2026-11-24T08:00:00Z') + minute * 60_000;
      const pass = await app.runDailyPass(now, { retryHorizonMs: 0 });
      recovered.push(...pass.posted.filter((p) => p.recovered).map((p) => p.channelId));
    }
    expect(recovered.sort()).toEqual(['CD1', 'CD2']);
    expect(posts('CD1')).toHaveLength(1);
    expect(posts('CD2')).toHaveLength(1);
    const lookups = standIn.callsOf('conversations.history');
    for (const lookup of lookups) {
      expect(Number(lookup.args.limit)).toBeLessThanOrEqual(15);
      expect(Number(lookup.args.latest) - Number(lookup.args.oldest)).toBeLessThanOrEqual(120);
    }
  });

  it('a reminder DM in doubt is not looked up (the app cannot read its DMs) and never resent', async () => {
    await star('question 1', { userId: 'U1' });
    const card = await star('question 1');
    await click(await click(card, 'Show model answer'), 'Again');
    await star('remind 08:30');
    standIn.loseReplies('chat.postMessage', 1);
    now = Date.parse('2026-11-25T07:30:00Z');
    await app.runDailyPass(now, { retryHorizonMs: 0 });
    const dms = () => standIn.messagesIn('U1').length;
    expect(dms()).toBe(1);
    now += 5 * 60_000;
    await app.runDailyPass(now, { retryHorizonMs: 0 });
    expect(dms()).toBe(1);
    expect(standIn.callsOf('conversations.history')).toEqual([]);
    expect(app.query(`SELECT status FROM daily_outbox WHERE kind = 'reminder'`)).toEqual([
      { status: 'expired' },
    ]);
  });
});
