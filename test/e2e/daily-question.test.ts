import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { parseDeliverySettings } from '../../src/config.js';
import { runDailyOnce } from '../../src/main.js';
import type { DailyPoster } from '../../src/use-cases/plan-daily-posts.js';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, labels, textOf } from '../support/e2e.js';
import { sampleStoriesDir } from '../support/fixtures.js';
import { eventCallback, viewSubmission } from '../support/signed-requests.js';
import { botToken } from '../support/test-app.js';

/**
 * The question of the day end to end: subscriptions through signed slash commands, scheduler
 * passes at chosen instants, posts landing at the stand-in (with 429s, 503s, vanished channels and a
 * crash between send and mark), and thread replies arriving as signed events.
 */

const clock = fakeClock('2026-11-23T20:00:00Z'); // Monday 21:00 in Berlin
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => ({ ok: true, user: { id: args.user, tz: 'Europe/Berlin' } })),
});
const { star, click, openModal, posts } = e2e;

describe('subscribing a channel', () => {
  it('subscribes with defaults from the caller (09:00, their Slack zone, weekdays), confirmed in the channel', async () => {
    const reply = await star('subscribe');
    expect(reply.response_type).toBe('in_channel');
    expect(textOf(reply)).toContain(
      '<@U1> subscribed this channel to the question of the day: *09:00 Europe/Berlin, weekdays*',
    );
    // Subscribed Monday 21:00 Berlin: the first question is Tuesday 09:00, not now.
    expect(textOf(reply)).toContain('Next question: *Tue 24 Nov, 09:00*');
    expect(
      e2e.app.query('SELECT team_id, channel_id, post_time, time_zone, days, paused FROM subscriptions'),
    ).toEqual([
      {
        team_id: 'T1',
        channel_id: 'C1',
        post_time: '09:00',
        time_zone: 'Europe/Berlin',
        days: '1,2,3,4,5',
        paused: 0,
      },
    ]);
  });

  it('takes a time, a zone and days in any order, and explains bad ones with an example', async () => {
    const reply = await star('subscribe mon,wed,fri America/New_York 7:30');
    expect(textOf(reply)).toContain('*07:30 America/New_York, mon,wed,fri*');
    for (const [input, reason] of [
      [
        'subscribe 25:00',
        '“25:00” is not a time of day: the hours go from 00 to 23. Try `/star subscribe 8:30am`.',
      ],
      [
        'subscribe 09:00 Mars/Olympus',
        '“Mars/Olympus” is not a time zone I know. Try `/star subscribe 09:00 Europe/Berlin`.',
      ],
      [
        'subscribe 09:00 funday',
        '“funday” is not a time, a time zone or days. Try `/star subscribe 09:00 mon,wed,fri`.',
      ],
    ] as const) {
      const refused = await star(input);
      expect(refused.response_type).toBe('ephemeral');
      expect(textOf(refused)).toContain(`\`/star ${input}\`: ${reason}`);
    }
  });

  it('joins a public channel it is not in, and asks to be invited to a private one', async () => {
    e2e.standIn.once('conversations.info', {
      body: { ok: true, channel: { id: 'CPUB', is_member: false, is_private: false } },
    });
    const joined = await star('subscribe', { channelId: 'CPUB' });
    expect(joined.response_type).toBe('in_channel');
    expect(e2e.standIn.callsOf('conversations.join').at(-1)?.args.channel).toBe('CPUB');

    e2e.standIn.once('conversations.info', { body: { ok: false, error: 'channel_not_found' } });
    const refused = await star('subscribe', { channelId: 'GPRIV' });
    expect(refused.response_type).toBe('ephemeral');
    expect(textOf(refused)).toContain('Invite me with `/invite @STAR Partner`');
    expect(e2e.app.query("SELECT channel_id FROM subscriptions WHERE channel_id = 'GPRIV'")).toEqual([]);
  });

  it('explains in a DM that subscriptions are for channels', async () => {
    const reply = await star('subscribe', { channelId: 'D123' });
    expect(reply.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain('The question of the day is for channels');
    expect(e2e.app.query('SELECT * FROM subscriptions')).toEqual([]);
  });

  it('schedule, pause, skip, resume and unsubscribe, each confirmed', async () => {
    expect(textOf(await star('schedule'))).toContain('This channel has no question of the day');
    await star('subscribe 09:00 Europe/Berlin');
    const schedule = await star('schedule');
    expect(schedule.response_type).toBe('ephemeral');
    expect(textOf(schedule)).toContain('*Question of the day:* 09:00 Europe/Berlin, weekdays');
    expect(textOf(schedule)).toContain('*Next post:* Tue 24 Nov, 09:00');

    const paused = await star('pause until 2026-11-26');
    expect(paused.response_type).toBe('in_channel');
    expect(textOf(paused)).toContain('paused the question of the day until Thu, 26 Nov 2026');
    expect(textOf(await star('schedule'))).toContain('*Paused* until Thu, 26 Nov 2026 — paused by <@U1>');
    expect(textOf(await star('schedule'))).toContain('*Next post:* Thu 26 Nov, 09:00');

    expect(textOf(await star('skip 2026-11-26'))).toContain('Next question: *Fri 27 Nov, 09:00*');
    expect(textOf(await star('pause until 2026-11-01'))).toContain(
      'Sun, 1 Nov 2026 has passed in this channel’s time zone (Europe/Berlin). Try `/star pause 2026-11-24`.',
    );
    expect(textOf(await star('resume'))).toContain('Next question: *Tue 24 Nov, 09:00*');
    expect(textOf(await star('schedule'))).toContain('*Skipping:* Thu, 26 Nov 2026');
    expect(textOf(await star('unsubscribe'))).toContain('unsubscribed this channel');
    expect(e2e.app.query('SELECT * FROM subscriptions')).toEqual([]);
    expect(e2e.app.query('SELECT * FROM subscription_skips')).toEqual([]);
  });
});

describe('the daily pass', () => {
  async function subscribeChannels(channels: Record<string, string>) {
    for (const [channel, zone] of Object.entries(channels))
      await star(`subscribe 09:00 ${zone}`, { channelId: channel });
  }

  it('posts once per channel at its local 09:00, never twice, and the missed post the same day only', async () => {
    await subscribeChannels({ CBER: 'Europe/Berlin', CNYC: 'America/New_York', CKOL: 'Asia/Kolkata' });
    clock.at('2026-11-24T07:59:00Z');
    let report = await e2e.app.runDailyPass(clock.now());
    expect(report.posted.map((p) => p.channelId)).toEqual(['CKOL']); // 09:00 IST was 03:30 UTC
    clock.at('2026-11-24T08:00:00Z');
    report = await e2e.app.runDailyPass(clock.now());
    expect(report.posted.map((p) => p.channelId)).toEqual(['CBER']);
    report = await e2e.app.runDailyPass(clock.now() + 60_000);
    expect(report.posted).toEqual([]);
    // The app was down from 12:00 to 22:30 Berlin: New York's 09:00 (14:00 UTC) goes out late, once.
    clock.at('2026-11-24T21:30:00Z');
    report = await e2e.app.runDailyPass(clock.now());
    expect(report.posted.map((p) => p.channelId)).toEqual(['CNYC']);
    expect([posts('CBER').length, posts('CNYC').length, posts('CKOL').length]).toEqual([1, 1, 1]);

    // The daily post: the question, the model answer button, Answer it, and the invitation.
    const post = e2e.standIn.callsOf('chat.postMessage').find((c) => c.args.channel === 'CBER');
    expect(textOf({ blocks: post?.args.blocks as unknown[] })).toContain(
      '*Question of the day* · Tuesday 24 November',
    );
    expect(textOf({ blocks: post?.args.blocks as unknown[] })).toContain('Answer in the thread');
    expect([...buttons(post?.args.blocks as unknown[]).keys()]).toEqual(['Show model answer', 'Answer it']);
    expect(post?.token).toBe(botToken);
    expect(post?.args.metadata).toMatchObject({
      event_type: 'star_daily_question',
      event_payload: { local_date: '2026-11-24' },
    });

    // Wednesday 00:10 Berlin: Tuesday is over and Wednesday's 09:00 has not come.
    clock.at('2026-11-24T23:10:00Z');
    expect((await e2e.app.runDailyPass(clock.now())).posted).toEqual([]);
  });

  it('never repeats a question until the deck is used up, through restarts', async () => {
    await subscribeChannels({ C1: 'Europe/Berlin' });
    const asked: string[] = [];
    const days = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30'];
    for (const [index, day] of days.entries()) {
      clock.at(`${day}T08:00:00Z`);
      const report = await e2e.app.runDailyPass(clock.now());
      asked.push(report.posted[0]?.questionId ?? 'none');
      if (index === 1) await e2e.restart();
    }
    expect(new Set(asked.slice(0, 3)).size).toBe(3); // the fixture deck has 3 questions
    expect(asked).not.toContain('none');
    expect(
      e2e.app
        .query("SELECT local_date, round FROM daily_outbox WHERE kind = 'question' ORDER BY local_date")
        .map((r) => (r as { round: number }).round),
    ).toEqual([1, 1, 1, 2, 2]);
  });

  it('every channel gets exactly one post through 429 (Retry-After) and 503', async () => {
    const channels = ['CA', 'CB', 'CC', 'CD', 'CE', 'CF'];
    await subscribeChannels(Object.fromEntries(channels.map((c) => [c, 'Europe/Berlin'])));
    e2e.standIn.once('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '3' },
      body: { ok: false, error: 'ratelimited' },
    });
    e2e.standIn.once('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    e2e.standIn.once('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    clock.at('2026-11-24T08:00:00Z');
    const start = clock.now();
    const report = await e2e.app.runDailyPass(clock.now());
    expect(report.posted.map((p) => p.channelId).sort()).toEqual(channels);
    for (const channel of channels) expect(posts(channel), channel).toHaveLength(1);
    expect(clock.now() - start).toBeGreaterThanOrEqual(3000); // Retry-After was honoured
    expect(e2e.app.query("SELECT count(*) AS n FROM daily_outbox WHERE status = 'sent'")).toEqual([{ n: 6 }]);
  });

  it('a channel that vanished pauses itself, with the reason, and the others go on', async () => {
    await subscribeChannels({ CGONE: 'Europe/Berlin', CLIVE: 'Europe/Berlin' });
    e2e.standIn.failChannel('CGONE', 'channel_not_found');
    clock.at('2026-11-24T08:00:00Z');
    const report = await e2e.app.runDailyPass(clock.now());
    expect(report.failed).toEqual([
      { teamId: 'T1', channelId: 'CGONE', localDate: '2026-11-24', error: 'channel_not_found', paused: true },
    ]);
    expect(report.posted.map((p) => p.channelId)).toEqual(['CLIVE']);
    const schedule = await star('schedule', { channelId: 'CGONE' });
    expect(textOf(schedule)).toContain('*Paused* — Slack refused the post: channel_not_found');
    clock.at('2026-11-25T08:00:00Z');
    expect((await e2e.app.runDailyPass(clock.now())).posted.map((p) => p.channelId)).toEqual(['CLIVE']);
  });
});

describe('crashes, second processes and manual runs', () => {
  /** A poster that "crashes" once: after Slack accepted the post (or before sending it), it dies. */
  function crashingOnce(when: 'after-send' | 'before-send') {
    let crashed = false;
    return (poster: DailyPoster): DailyPoster => ({
      ...poster,
      post: async (input) => {
        if (crashed) return poster.post(input);
        crashed = true;
        if (when === 'after-send') await poster.post(input);
        throw new Error('process died before marking the row');
      },
    });
  }

  for (const when of ['after-send', 'before-send'] as const) {
    it(`a crash ${when === 'after-send' ? 'between send and mark' : 'before Slack got the post'} gives exactly one post`, async () => {
      await e2e.restart({ decoratePoster: crashingOnce(when) });
      await star('subscribe 09:00 Europe/Berlin', { channelId: 'CCRASH' });
      clock.at('2026-11-24T08:00:00Z');
      const first = await e2e.app.runDailyPass(clock.now());
      expect(first.posted).toEqual([]);
      expect(first.waiting[0]?.error).toContain('in doubt');
      expect(e2e.app.query('SELECT status FROM daily_outbox')).toEqual([{ status: 'sending' }]);

      // Within the lease nobody touches the row: no lookup, no resend.
      const lookups = e2e.standIn.callsOf('conversations.history').length;
      clock.at('2026-11-24T08:01:30Z');
      expect((await e2e.app.runDailyPass(clock.now())).posted).toEqual([]);
      expect(e2e.standIn.callsOf('conversations.history')).toHaveLength(lookups);
      expect(e2e.app.query('SELECT status FROM daily_outbox')).toEqual([{ status: 'sending' }]);
      // After it, the row is resolved by looking for the post.
      clock.at('2026-11-24T08:03:00Z');
      const after = await e2e.app.runDailyPass(clock.now());
      expect(after.posted).toEqual([
        expect.objectContaining({
          channelId: 'CCRASH',
          ...(when === 'after-send' ? { recovered: true } : {}),
        }),
      ]);
      expect(posts('CCRASH')).toHaveLength(1);
      expect(e2e.app.query('SELECT status, message_ts FROM daily_outbox')).toEqual([
        { status: 'sent', message_ts: posts('CCRASH')[0]?.ts },
      ]);
      expect(e2e.standIn.callsOf('conversations.history').at(-1)?.args).toMatchObject({
        channel: 'CCRASH',
        include_all_metadata: 'true',
      });
    });
  }

  it('a manual run (star daily) beside the app, at the same time, posts nothing twice', async () => {
    const channels = ['CM1', 'CM2', 'CM3', 'CM4'];
    for (const channel of channels) await star('subscribe 09:00 Europe/Berlin', { channelId: channel });
    const at = clock.at('2026-11-24T08:05:00Z');
    const settings = parseDeliverySettings({
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: e2e.standIn.apiUrl,
      STAR_DB: e2e.dbPath,
      STAR_STORIES: sampleStoriesDir,
      LOG_LEVEL: 'error',
    });
    const reports = await Promise.all([
      e2e.app.runDailyPass(at),
      runDailyOnce(settings, at, { clock: { ...clock, random: Math.random } }),
      e2e.app.runDailyPass(at),
    ]);
    expect(reports.flatMap((r) => r.posted.map((p) => p.channelId)).sort()).toEqual(channels);
    for (const channel of channels) expect(posts(channel), channel).toHaveLength(1);
  });

  it('`star daily --dry-run` prints what it would post and writes nothing; other days are never posted', async () => {
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'CDRY' });
    const env = {
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: e2e.standIn.apiUrl,
      STAR_DB: e2e.dbPath,
      STAR_STORIES: sampleStoriesDir,
      LOG_LEVEL: 'error',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const out: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
      expect(await run(['daily', '--at', '2026-11-24T08:30:00Z', '--dry-run'], io)).toBe(0);
      expect(out.join('\n')).toMatch(/would post T1\/CDRY 2026-11-24 \S+/);
      expect(out.join('\n')).toContain('1 to post, 0 failed, 0 waiting, 0 skipped');
      expect(e2e.app.query('SELECT * FROM daily_outbox')).toEqual([]);

      // Without --dry-run, --at a day that is not today (by the real clock) posts nothing.
      out.length = 0;
      expect(await run(['daily', '--at', '2030-01-07T08:30:00Z'], io)).toBe(0);
      expect(out.join('\n')).toContain('skipped    T1/CDRY 2030-01-07 is not today in Europe/Berlin');
      expect(posts('CDRY')).toHaveLength(0);
      expect(await run(['daily', '--at', 'yesterday'], io)).toBe(2);
    } finally {
      for (const key of Object.keys(env)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('a post whose fate is unknown (a timeout after Slack took it) is looked up, not resent', async () => {
    let first = true;
    await e2e.restart({
      decoratePoster: (poster) => ({
        ...poster,
        post: async (input) => {
          const outcome = await poster.post(input);
          if (!first) return outcome;
          first = false;
          return { ok: false, kind: 'unknown', error: 'network: request timed out' };
        },
      }),
    });
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'CSLOW' });
    clock.at('2026-11-24T08:00:00Z');
    const report = await e2e.app.runDailyPass(clock.now());
    expect(report.posted).toEqual([expect.objectContaining({ channelId: 'CSLOW', recovered: true })]);
    expect(posts('CSLOW')).toHaveLength(1);
  });

  it('pausing or skipping today stops a post that is waiting to be retried', async () => {
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'CWAIT' });
    e2e.standIn.once('chat.postMessage', { status: 503, body: { ok: false } });
    clock.at('2026-11-24T08:00:00Z');
    const report = await e2e.app.runDailyPass(clock.now(), { retryHorizonMs: 0 });
    expect(report.waiting).toEqual([expect.objectContaining({ channelId: 'CWAIT', error: 'HTTP 503' })]);
    await star('skip 2026-11-24', { channelId: 'CWAIT' });
    clock.at('2026-11-24T08:05:00Z');
    await e2e.app.runDailyPass(clock.now());
    expect(posts('CWAIT')).toHaveLength(0);
    expect(e2e.app.query('SELECT status, last_error FROM daily_outbox')).toEqual([
      { status: 'expired', last_error: 'paused or skipped after it was planned' },
    ]);
  });
});

describe('answers in the thread', () => {
  const dailyPost = (channel = 'CT') => e2e.dailyPost(channel);
  const reply = (channel: string, threadTs: string, ts: string, extra: Record<string, unknown> = {}) => ({
    type: 'message',
    channel,
    channel_type: 'channel',
    user: 'U7',
    text: 'Situation: our deploys failed. Action: I added canaries. Result: 0 failed deploys in Q3.',
    ts,
    thread_ts: threadTs,
    parent_user_id: 'UBOT',
    ...extra,
  });

  it('records thread replies once, follows edits and deletions, and ignores bots and other threads', async () => {
    const post = await dailyPost();
    const answers = () =>
      e2e.app.query<{ user_id: string; text: string; source: string; question_id: string }>(
        'SELECT user_id, text, source, question_id FROM thread_answers',
      );

    const event = eventCallback(reply('CT', post.ts, '1800000000.000100'), { eventId: 'Ev1' });
    expect((await e2e.app.sendEvent(event)).status).toBe(200);
    expect((await e2e.app.sendEvent(event, 1)).status).toBe(200); // Slack retried it
    await expect.poll(answers).toHaveLength(1);
    expect(answers()[0]).toMatchObject({ user_id: 'U7', source: 'reply', question_id: post.questionId });

    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        subtype: 'message_changed',
        channel: 'CT',
        message: { ...reply('CT', post.ts, '1800000000.000100'), text: 'Edited: Result: 2 incidents fewer.' },
        previous_message: reply('CT', post.ts, '1800000000.000100'),
      }),
    );
    await expect.poll(() => answers()[0]?.text).toBe('Edited: Result: 2 incidents fewer.');

    await e2e.app.sendEvent(
      eventCallback(
        reply('CT', post.ts, '1800000000.000200', {
          user: 'UOTHERBOT',
          bot_id: 'B9',
          subtype: 'bot_message',
        }),
      ),
    );
    await e2e.app.sendEvent(eventCallback(reply('CT', '1799999999.000001', '1800000000.000300')));
    await e2e.app.sendEvent(eventCallback(reply('CT', post.ts, post.ts)));
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        subtype: 'message_deleted',
        channel: 'CT',
        deleted_ts: '1800000000.000100',
        previous_message: reply('CT', post.ts, '1800000000.000100'),
      }),
    );
    await expect.poll(answers).toEqual([]);
  });

  it('counts replies also sent to the channel, and replies with a file, as answers', async () => {
    const post = await dailyPost('CB2');
    await e2e.app.sendEvent(
      eventCallback(reply('CB2', post.ts, '1800000001.000100', { subtype: 'thread_broadcast' })),
    );
    await e2e.app.sendEvent(
      eventCallback(reply('CB2', post.ts, '1800000001.000200', { subtype: 'file_share', user: 'U8' })),
    );
    await expect
      .poll(() => e2e.app.query('SELECT user_id FROM thread_answers ORDER BY message_ts'))
      .toEqual([{ user_id: 'U7' }, { user_id: 'U8' }]);
  });

  it('"Answer it" under the daily post posts the answer into the thread under its author', async () => {
    const post = await dailyPost('CA1');
    const message = e2e.standIn.callsOf('chat.postMessage').find((c) => c.args.channel === 'CA1');
    const view = await openModal({ blocks: message?.args.blocks as unknown[] }, 'Answer it', {
      channelId: 'CA1',
      userId: 'U5',
      ephemeral: false,
      messageTs: post.ts,
    });
    expect(view.submit?.text).toBe('Post in thread');
    const answer = {
      situation: 'Our pager was noisy.',
      task: 'I owned on-call health.',
      action: 'I deleted 40 alerts.',
      result: 'Pages fell 70% in a month.',
    };
    expect((await e2e.app.send(viewSubmission(view, answer, { userId: 'U5' }))).status).toBe(200);
    await expect
      .poll(() => e2e.standIn.messagesIn('CA1').filter((m) => m.thread_ts === post.ts))
      .toHaveLength(1);
    const threadPost = e2e.standIn.callsOf('chat.postMessage').at(-1);
    expect(visibleText(threadPost?.args.blocks as unknown[])).toContain('STAR answer by <@U5>');
    await expect
      .poll(() => e2e.app.query('SELECT user_id, source FROM thread_answers'))
      .toEqual([{ user_id: 'U5', source: 'modal' }]);
  });

  it('"Show model answer" on the daily post is shown only to whoever clicks', async () => {
    const post = await dailyPost('CS');
    const message = e2e.standIn.callsOf('chat.postMessage').find((c) => c.args.channel === 'CS');
    const shown = await click({ blocks: message?.args.blocks as unknown[] }, 'Show model answer', {
      channelId: 'CS',
      userId: 'U8',
      ephemeral: false,
      messageTs: post.ts,
    });
    expect(shown).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(shown)).toContain('*Situation*');
  });

  it('a card opened from the daily post keeps its thread: its "Answer it" posts into the thread', async () => {
    const post = await dailyPost('CK');
    const message = e2e.standIn.callsOf('chat.postMessage').find((c) => c.args.channel === 'CK');
    const card = await click({ blocks: message?.args.blocks as unknown[] }, 'Show model answer', {
      channelId: 'CK',
      userId: 'U6',
      ephemeral: false,
      messageTs: post.ts,
    });
    expect(textOf(card)).toContain('*Answer it* posts your answer in its thread');
    // The question is in the channel already: no "Post to channel" on this card.
    expect(labels(card)).not.toContain('Post to channel');
    const view = await openModal(card, 'Answer it', { channelId: 'CK', userId: 'U6' });
    expect(view.submit?.text).toBe('Post in thread');
    const answer = {
      situation: 'Deploys took an hour.',
      task: 'I owned the pipeline.',
      action: 'I cached the builds.',
      result: 'Deploys take 9 minutes.',
    };
    expect((await e2e.app.send(viewSubmission(view, answer, { userId: 'U6' }))).status).toBe(200);
    await expect
      .poll(() => e2e.standIn.messagesIn('CK').filter((m) => m.thread_ts === post.ts))
      .toHaveLength(1);
    await expect
      .poll(() => e2e.app.query('SELECT user_id, source FROM thread_answers'))
      .toEqual([{ user_id: 'U6', source: 'modal' }]);
    // Not kept as a private practice answer instead.
    expect(e2e.app.query('SELECT id FROM answers')).toEqual([]);
  });
});
