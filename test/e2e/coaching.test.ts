import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock } from '../support/e2e.js';
import { eventCallback, viewSubmission } from '../support/signed-requests.js';

/** The STAR coach end to end: private practice, thread answers (once, per channel), the CLI. */

const clock = fakeClock('2026-11-23T20:00:00Z');
const weak = readFileSync(new URL('../fixtures/coach/all-we.txt', import.meta.url), 'utf8');
const e2e = endToEnd({ clock });
const { star, openModal, cardAfter } = e2e;

/** Subscribes `channel` and runs the daily pass on Tuesday morning: the ts of its post. */
const dailyPost = async (channel: string) => (await e2e.dailyPost(channel)).ts;

const coachings = (channel: string) =>
  e2e.standIn
    .callsOf('chat.postEphemeral')
    .filter((c) => c.args.channel === channel && String(c.args.text).includes('STAR coach'));

describe('coaching thread answers', () => {
  it('gives the author private, specific feedback in the thread, once per answer', async () => {
    const thread = await dailyPost('CC');
    const event = eventCallback(
      {
        type: 'message',
        channel: 'CC',
        channel_type: 'channel',
        user: 'U7',
        text: weak,
        ts: '1800000000.000100',
        thread_ts: thread,
      },
      { eventId: 'EvCoach' },
    );
    await e2e.app.sendEvent(event);
    await e2e.app.sendEvent(event, 1);
    await e2e.app.idle();
    expect(coachings('CC')).toHaveLength(1);
    const sent = coachings('CC')[0];
    expect(sent?.args).toMatchObject({ user: 'U7', thread_ts: thread });
    const text = visibleText(sent?.args.blocks as unknown[]);
    expect(text).toContain(
      'The Action says "we" 5 times and "I" never ("We profiled the queries"): what did you do yourself?',
    );
    expect(text).toContain('*Worth another pass.*');
    // At most three findings in a thread, the most important first.
    expect(text.split('\n').filter((line) => line.startsWith('•'))).toHaveLength(3);
    // An edit does not bring a second round of coaching.
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        subtype: 'message_changed',
        channel: 'CC',
        message: { ts: '1800000000.000100', text: 'Edited', thread_ts: thread },
      }),
    );
    await e2e.app.idle();
    expect(coachings('CC')).toHaveLength(1);
  });

  it('stays quiet in a channel that turned it off', async () => {
    const thread = await dailyPost('CQ');
    const off = await star('coach off', { channelId: 'CQ' });
    expect(off.response_type).toBe('in_channel');
    expect(visibleText(off.blocks)).toContain('turned the STAR coach off in this channel');
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        channel: 'CQ',
        channel_type: 'channel',
        user: 'U7',
        text: weak,
        ts: '1800000000.000200',
        thread_ts: thread,
      }),
    );
    await e2e.app.idle();
    expect(e2e.app.query("SELECT count(*) AS n FROM thread_answers WHERE channel_id = 'CQ'")).toEqual([
      { n: 1 },
    ]);
    expect(coachings('CQ')).toHaveLength(0);
    await star('coach on', { channelId: 'CQ' });
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        channel: 'CQ',
        channel_type: 'channel',
        user: 'U8',
        text: weak,
        ts: '1800000000.000300',
        thread_ts: thread,
      }),
    );
    await e2e.app.idle();
    expect(coachings('CQ')).toHaveLength(1);
  });

  it('coaches an answer posted into the thread with "Answer it"', async () => {
    const thread = await dailyPost('CM');
    const message = e2e.standIn.callsOf('chat.postMessage').find((c) => c.args.channel === 'CM');
    const view = await openModal({ blocks: message?.args.blocks as unknown[] }, 'Answer it', {
      channelId: 'CM',
      ephemeral: false,
      messageTs: thread,
    });
    await e2e.app.send(
      viewSubmission(view, {
        situation: 'We had an outage.',
        task: 'Fix it.',
        action: 'We fixed it.',
        result: 'It got better.',
      }),
    );
    await e2e.app.idle();
    expect(coachings('CM')).toHaveLength(1);
    expect(visibleText(coachings('CM')[0]?.args.blocks as unknown[])).toContain('Result says "better');
  });
});

describe('what is coached in a thread: answers, however short; never a comment', () => {
  const reply = (channel: string, thread: string, ts: string, text: string, user = 'U7') =>
    e2e.app.sendEvent(
      eventCallback({ type: 'message', channel, channel_type: 'channel', user, text, ts, thread_ts: thread }),
    );

  it('a 22-word attempt gets feedback that fits a thread reply', async () => {
    const thread = await dailyPost('CS');
    await reply(
      'CS',
      thread,
      '1800000001.000100',
      'Our staging env kept drifting from prod, so I wrote a nightly job that diffs the configs and posts mismatches to Slack.',
    );
    await e2e.app.idle();
    expect(coachings('CS')).toHaveLength(1);
    const text = visibleText(coachings('CS')[0]?.args.blocks as unknown[]);
    expect(text).toContain('About 9 seconds to say (22 words): fine for a thread');
    expect(text).toContain('Said aloud, add the steps you took, in order, and why you chose them.');
    expect(text).not.toContain('aim for 2–3 minutes');
  });

  it('"Great answer, thanks!" gets no coaching; filler is told it is filler and counts nowhere', async () => {
    const thread = await dailyPost('CT');
    await reply('CT', thread, '1800000002.000100', 'Great answer, thanks!', 'U8');
    await reply('CT', thread, '1800000002.000200', 'asdf asdf asdf asdf asdf', 'U9');
    await e2e.app.idle();
    expect(coachings('CT').map((c) => c.args.user)).toEqual(['U9']);
    const text = visibleText(coachings('CT')[0]?.args.blocks as unknown[]);
    expect(text).toContain('*This reads as filler.*');
    expect(text).toContain('This reads as filler, not an answer, so it is not counted');
    expect(
      e2e.app.query("SELECT user_id, kind FROM thread_answers WHERE channel_id = 'CT' ORDER BY message_ts"),
    ).toEqual([
      { user_id: 'U8', kind: 'comment' },
      { user_id: 'U9', kind: 'filler' },
    ]);
    expect(
      e2e.app.query(
        "SELECT count(*) AS n FROM practice_events WHERE kind = 'answer' AND user_id IN ('U8', 'U9')",
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('a comment edited into an answer is coached then, once', async () => {
    const thread = await dailyPost('CE');
    await reply('CE', thread, '1800000003.000100', 'will post mine tonight');
    await e2e.app.idle();
    expect(coachings('CE')).toHaveLength(0);
    const edit = (text: string, eventTs: string) =>
      e2e.app.sendEvent(
        eventCallback({
          type: 'message',
          subtype: 'message_changed',
          channel: 'CE',
          event_ts: eventTs,
          message: { ts: '1800000003.000100', text, thread_ts: thread, user: 'U7' },
        }),
      );
    await edit(weak, '1800000100.000100');
    await e2e.app.idle();
    expect(coachings('CE')).toHaveLength(1);
    expect(coachings('CE')[0]?.args).toMatchObject({ user: 'U7', thread_ts: thread });
    expect(e2e.app.query("SELECT kind FROM thread_answers WHERE channel_id = 'CE'")).toEqual([
      { kind: 'answer' },
    ]);
    await edit(`${weak}\nEdited again.`, '1800000200.000100');
    await e2e.app.idle();
    expect(coachings('CE')).toHaveLength(1);
  });
});

describe('coaching private practice', () => {
  it('shows feedback in the card as soon as the answer is saved', async () => {
    const card = await star('question 1');
    const view = await openModal(card, 'Answer it');
    await e2e.app.send(
      viewSubmission(view, {
        situation: 'Our team shipped late.',
        task: 'We had to ship.',
        action: 'We worked weekends.',
        result: 'Things improved a lot.',
      }),
    );
    const saved = await cardAfter(view);
    const text = visibleText(saved.blocks);
    expect(text).toContain(':speech_balloon: *STAR coach*');
    expect(text).toContain('Result says "improved a lot": by how much, and over what time?');
  });
});

describe('npx star coach', () => {
  // Slow on purpose (2–4 s): it spawns the real bin, whose node + tsx start-up compiles src/, as `npx star coach` does.
  it('reads an answer on stdin and prints the feedback', async () => {
    const bin = fileURLToPath(new URL('../../src/bin/star.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'coach', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stdin.end(weak);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out).toContain('Worth another pass.');
    expect(out).toContain('- The Action says "we" 5 times and "I" never');
  }, 20_000);
});
