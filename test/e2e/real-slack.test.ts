import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, labels, type Msg, nextHookId } from '../support/e2e.js';
import { type Actor, buttonClick, eventCallback, viewSubmission } from '../support/signed-requests.js';
import { botToken, startTestApp } from '../support/test-app.js';

/**
 * What real Slack refuses, end to end: the whole practice loop in a public channel, a private
 * channel and a DM; sharing only where it can work; long answers; Slack's errors told as they are;
 * installs Slack starts itself; a refused token; the bot removed from a channel; posts in doubt
 * looked up within conversations.history's limits. Each test failed on the code before the strict
 * stand-in (issue 11).
 */

const clock = fakeClock('2026-11-23T20:00:00Z'); // Monday 21:00 in Berlin
// A Slack of its own for each test: what one test posts or calls is never seen by the next.
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  standInPerTest: true,
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => ({ ok: true, user: { id: args.user, tz: 'Europe/Berlin' } })),
});
const { star, click, practise, openModal, cardAfter, posts } = e2e;

const answer = {
  situation: 'Our release train kept slipping.',
  task: 'I owned the fix.',
  action: 'I split the train into two lanes and wrote the runbook.',
  result: 'Slips fell from 6 to 1 a quarter.',
};

/** Answer it → the modal → submitted → the card shows the saved answer. */
async function answerFromCard(card: Msg, who: Actor): Promise<Msg> {
  const view = await openModal(card, 'Answer it', who);
  expect((await e2e.app.send(viewSubmission(view, answer, who))).status).toBe(200);
  return cardAfter(view);
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
      e2e.standIn.conversation('CPRIVATE', { type: 'private', botMember: true });
      e2e.standIn.conversation('G0GROUP', { type: 'mpim' });
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
        expect(e2e.standIn.messagesIn(who.channelId as string)).toHaveLength(1);
        const shared = await click(await star('question 2', who), 'Post to channel', who);
        expect(shared.text).toContain('Posted to the channel');
      } else {
        expect(labels(saved)).not.toContain('Post my answer to channel');
        expect(e2e.standIn.callsOf('chat.postMessage')).toEqual([]);
        expect(e2e.standIn.callsOf('conversations.join')).toEqual([]);
      }
      const ratings = e2e.app.query<{ rating: number }>(
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
    expect(e2e.standIn.callsOf('conversations.join')).toEqual([]);
  });

  it('a private channel the bot is not in: an invitation, nothing posted', async () => {
    e2e.standIn.conversation('CSECRET', { type: 'private' });
    const reply = await click(await star('question 1', { channelId: 'CSECRET' }), 'Post to channel', {
      channelId: 'CSECRET',
    });
    expect(reply.text).toContain('invite me with `/invite @STAR Partner`');
    expect(e2e.standIn.callsOf('chat.postMessage')).toEqual([]);
  });

  it('"Practice now" and the reminder open cards in the app DM with nothing to share', async () => {
    await e2e.app.send(
      buttonClick(
        { action_id: 'star_practice_now', value: '{"home":1}' },
        e2e.standIn.responseUrl(nextHookId('home')),
        {
          channelId: 'DUBOTDM',
          ephemeral: false,
        },
      ),
    );
    await e2e.standIn.waitFor('chat.postMessage');
    const dm = e2e.standIn.callsOf('chat.postMessage')[0]?.args as { channel: string; blocks: unknown[] };
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
    e2e.standIn
      .messagesIn(channel)
      .map((m) => visibleText(m.blocks as unknown[]))
      .join('\n');

  it('a 4 × 3,000-character answer reaches the channel whole: the answer, continued in its thread', async () => {
    const card = await star('question 1', { channelId: 'CLONG' });
    const view = await openModal(card, 'Answer it', { channelId: 'CLONG' });
    await e2e.app.send(viewSubmission(view, long, { channelId: 'CLONG' }));
    const saved = await cardAfter(view);
    const posted = await click(saved, 'Post my answer to channel', { channelId: 'CLONG' });
    expect(posted.text).toContain('Your answer is posted');
    const messages = e2e.standIn.messagesIn('CLONG');
    expect(messages.length).toBeGreaterThan(1);
    const [first, ...rest] = messages;
    for (const more of rest) expect(more.thread_ts).toBe(first?.ts);
    const text = partsIn('CLONG');
    for (const end of ['end-of-situation', 'end-of-task', 'end-of-action', 'end-of-result'])
      expect(text).toContain(end);
    expect([...buttons(first?.blocks as unknown[]).keys()]).toEqual(['Review']);
    expect(e2e.app.query('SELECT posted_ts FROM answers')).toEqual([{ posted_ts: first?.ts }]);
  });

  it('the same answer posted into a daily thread stays in that thread', async () => {
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'CDAILY' });
    clock.at('2026-11-24T08:00:00Z');
    const [post] = (await e2e.app.runDailyPass(clock.now())).posted;
    const daily = e2e.standIn.messagesIn('CDAILY')[0] as { ts: string; blocks: unknown[] };
    const view = await openModal({ blocks: daily.blocks }, 'Answer it', {
      channelId: 'CDAILY',
      ephemeral: false,
      messageTs: post?.ts as string,
    });
    await e2e.app.send(viewSubmission(view, long, { channelId: 'CDAILY' }));
    await expect.poll(() => partsIn('CDAILY')).toContain('end-of-result');
    const replies = e2e.standIn.messagesIn('CDAILY').filter((m) => m.thread_ts !== undefined);
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
      e2e.standIn.once('conversations.join', { body: { ok: false, error } });
      const reply = await click(card, 'Post to channel', { channelId: 'CERR' });
      expect(reply.text).toContain(says);
      expect(reply.text).not.toContain('/invite');
      expect(reply.text).not.toContain('try again in a moment');
    });
  }

  it('ratelimited: try again in a minute, at once (no sleeping through Retry-After)', async () => {
    const card = await star('question 1', { channelId: 'CRATE' });
    e2e.standIn.once('conversations.join', {
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
    await e2e.app.stop();
    e2e.standIn.on('oauth.v2.access', (args) => ({
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
    const oauthApp = await startTestApp({
      standIn: e2e.standIn,
      dbPath: join(e2e.dir, 'oauth.db'),
      oauth: true,
    });
    try {
      const base = oauthApp.url;
      const forged = await fetch(`${base}/slack/oauth_redirect?code=code-forged&state=not-ours`);
      expect(forged.status).toBeGreaterThanOrEqual(400);
      expect(e2e.standIn.callsOf('oauth.v2.access')).toEqual([]);

      const started = await fetch(`${base}/slack/oauth_redirect?code=code-settings-page`);
      expect(started.status).toBe(200);
      expect(e2e.standIn.callsOf('oauth.v2.access').map((c) => c.args.code)).toEqual(['code-settings-page']);
      const reply = await fetch(`${base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(reply.status).toBe(401); // signature checks stay on
    } finally {
      await oauthApp.stop();
      await e2e.restart();
    }
  });
});

describe('the workspace and its channels', () => {
  it("a refused token pauses the workspace's delivery once, and a working request resumes it the same day", async () => {
    for (const channelId of ['CT1', 'CT2', 'CT3']) await star('subscribe 09:00 Europe/Berlin', { channelId });
    e2e.standIn.revokeToken(botToken, 'account_inactive');
    clock.at('2026-11-24T08:00:00Z');
    const paused = await e2e.app.runDailyPass(clock.now());
    e2e.standIn.takeRefusals();
    expect(paused.posted).toEqual([]);
    expect(paused.pausedWorkspaces).toEqual([{ teamId: 'T1', error: 'account_inactive' }]);
    expect(e2e.standIn.callsOf('chat.postMessage').length).toBeLessThanOrEqual(3);
    const sends = e2e.standIn.callsOf('chat.postMessage').length;
    // The channels themselves are not paused; the next pass sends nothing while the token is refused.
    expect(e2e.app.query('SELECT paused FROM subscriptions')).toEqual([
      { paused: 0 },
      { paused: 0 },
      { paused: 0 },
    ]);
    clock.advance(60_000);
    expect((await e2e.app.runDailyPass(clock.now())).posted).toEqual([]);
    expect(e2e.standIn.callsOf('chat.postMessage')).toHaveLength(sends);

    e2e.standIn.restoreToken(botToken);
    await star('help', { channelId: 'CT1' });
    await e2e.app.idle();
    await expect.poll(() => e2e.app.query('SELECT * FROM workspace_delivery')).toEqual([]);
    clock.advance(60_000);
    const resumed = await e2e.app.runDailyPass(clock.now());
    expect(resumed.posted.map((p) => p.channelId).sort()).toEqual(['CT1', 'CT2', 'CT3']);
  });

  it('the bot removed from a channel pauses its question of the day, with the reason', async () => {
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'CLEFT' });
    const someone = eventCallback({ type: 'member_left_channel', user: 'U5', channel: 'CLEFT', team: 'T1' });
    expect((await e2e.app.sendEvent(someone)).status).toBe(200);
    await e2e.app.idle();
    expect(e2e.app.query('SELECT paused FROM subscriptions')).toEqual([{ paused: 0 }]);

    e2e.standIn.removeBot('CLEFT');
    const bot = eventCallback({ type: 'member_left_channel', user: 'UBOT', channel: 'CLEFT', team: 'T1' });
    expect((await e2e.app.sendEvent(bot)).status).toBe(200);
    await e2e.app.idle();
    expect(e2e.app.query('SELECT paused, pause_reason FROM subscriptions')).toEqual([
      { paused: 1, pause_reason: expect.stringContaining('removed from the channel') },
    ]);
    clock.at('2026-11-24T08:00:00Z');
    expect((await e2e.app.runDailyPass(clock.now())).posted).toEqual([]);
    expect(visibleText((await star('schedule', { channelId: 'CLEFT' })).blocks)).toContain(
      'removed from the channel',
    );
  });
});

describe('posts in doubt, within conversations.history limits', () => {
  it('channels in doubt are looked up one narrow page a minute, and nothing is posted twice', async () => {
    for (const channelId of ['CD1', 'CD2']) await star('subscribe 09:00 Europe/Berlin', { channelId });
    // Slack takes both posts, but both replies are lost (HTTP 500 after processing).
    e2e.standIn.loseReplies('chat.postMessage', 2);
    clock.at('2026-11-24T08:00:00Z');
    const first = await e2e.app.runDailyPass(clock.now(), { retryHorizonMs: 0 });
    expect(first.posted).toEqual([]);
    expect(posts('CD1')).toHaveLength(1);
    expect(posts('CD2')).toHaveLength(1);

    const recovered: string[] = [];
    for (let minute = 1; minute <= 10 && recovered.length < 2; minute++) {
      clock.at('2026-11-24T08:00:00Z');
      clock.advance(minute * 60_000);
      const pass = await e2e.app.runDailyPass(clock.now(), { retryHorizonMs: 0 });
      recovered.push(...pass.posted.filter((p) => p.recovered).map((p) => p.channelId));
    }
    expect(recovered.sort()).toEqual(['CD1', 'CD2']);
    expect(posts('CD1')).toHaveLength(1);
    expect(posts('CD2')).toHaveLength(1);
    const lookups = e2e.standIn.callsOf('conversations.history');
    for (const lookup of lookups) {
      expect(Number(lookup.args.limit)).toBeLessThanOrEqual(15);
      expect(Number(lookup.args.latest) - Number(lookup.args.oldest)).toBeLessThanOrEqual(120);
    }
  });

  it('a reminder DM in doubt is not looked up (the app cannot read its DMs) and never resent', async () => {
    await star('question 1', { userId: 'U1' });
    const card = await star('question 1');
    await practise(card, 'Again');
    await star('remind 08:30');
    e2e.standIn.loseReplies('chat.postMessage', 1);
    clock.at('2026-11-25T07:30:00Z');
    await e2e.app.runDailyPass(clock.now(), { retryHorizonMs: 0 });
    const dms = () => e2e.standIn.messagesIn('U1').length;
    expect(dms()).toBe(1);
    clock.advance(5 * 60_000);
    await e2e.app.runDailyPass(clock.now(), { retryHorizonMs: 0 });
    expect(dms()).toBe(1);
    expect(e2e.standIn.callsOf('conversations.history')).toEqual([]);
    expect(e2e.app.query(`SELECT status FROM daily_outbox WHERE kind = 'reminder'`)).toEqual([
      { status: 'expired' },
    ]);
  });
});
