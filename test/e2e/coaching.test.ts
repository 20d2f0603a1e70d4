import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { tempDir } from '../support/fixtures.js';
import { buttonClick, eventCallback, slashCommand, viewSubmission } from '../support/signed-requests.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The STAR coach end to end: private practice, thread answers (once, per channel), the CLI. */

let standIn: SlackStandIn;
let temp: ReturnType<typeof tempDir>;
let app: TestApp;
let hook = 0;
let now = Date.parse('2026-11-23T20:00:00Z');
const clock = {
  now: () => now,
  sleep: async (ms: number) => {
    now += ms;
    await new Promise((resolve) => setImmediate(resolve));
  },
};
const weak = readFileSync(new URL('../fixtures/coach/all-we.txt', import.meta.url), 'utf8');

beforeAll(async () => {
  standIn = await startSlackStandIn();
});
afterAll(() => standIn.close());
beforeEach(async () => {
  temp = tempDir();
  now = Date.parse('2026-11-23T20:00:00Z');
  app = await startTestApp({ standIn, dbPath: join(temp.dir, 'star.db'), clock });
});
afterEach(async () => {
  await app.stop();
  temp.cleanup();
  // Slack refused nothing the test did not expect (and take) itself.
  expect(standIn.takeRefusals()).toEqual([]);
});

type Msg = { text?: string; blocks: unknown[]; response_type?: string };

async function star(text: string, channelId = 'C1'): Promise<Msg> {
  const hookId = `cmd-${++hook}`;
  const reply = await app.send(slashCommand(text, standIn.responseUrl(hookId), { channelId }));
  if (reply.text !== '') return reply.json() as Msg;
  await standIn.waitFor(`hook:${hookId}`);
  return standIn.hooksOf(hookId)[0]?.body as Msg;
}

async function dailyPost(channel: string): Promise<string> {
  await star('subscribe 09:00 Europe/Berlin', channel);
  now = Date.parse('2026-11-24T08:00:00Z');
  const report = await app.runDailyPass(now);
  const post = report.posted.find((p) => p.channelId === channel);
  if (!post) throw new Error('no post');
  return post.ts;
}

const coachings = (channel: string) =>
  standIn
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
    await app.sendEvent(event);
    await app.sendEvent(event, 1);
    await app.idle();
    expect(coachings('CC')).toHaveLength(1);
    const sent = coachings('CC')[0];
    expect(sent?.args).toMatchObject({ user: 'U7', thread_ts: thread });
    const text = visibleText(sent?.args.blocks as unknown[]);
    expect(text).toContain(
      'The Action starts 6 sentences with "we" and 0 with "I" ("We profiled the queries"): what did you do yourself?',
    );
    expect(text).toContain('*Worth another pass.*');
    // An edit does not bring a second round of coaching.
    await app.sendEvent(
      eventCallback({
        type: 'message',
        subtype: 'message_changed',
        channel: 'CC',
        message: { ts: '1800000000.000100', text: 'Edited', thread_ts: thread },
      }),
    );
    await app.idle();
    expect(coachings('CC')).toHaveLength(1);
  });

  it('stays quiet in a channel that turned it off', async () => {
    const thread = await dailyPost('CQ');
    const off = await star('coach off', 'CQ');
    expect(off.response_type).toBe('in_channel');
    expect(visibleText(off.blocks)).toContain('turned the STAR coach off in this channel');
    await app.sendEvent(
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
    await app.idle();
    expect(app.query("SELECT count(*) AS n FROM thread_answers WHERE channel_id = 'CQ'")).toEqual([{ n: 1 }]);
    expect(coachings('CQ')).toHaveLength(0);
    await star('coach on', 'CQ');
    await app.sendEvent(
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
    await app.idle();
    expect(coachings('CQ')).toHaveLength(1);
  });

  it('coaches an answer posted into the thread with "Answer it"', async () => {
    const thread = await dailyPost('CM');
    const message = standIn.callsOf('chat.postMessage').find((c) => c.args.channel === 'CM');
    const button = buttons(message?.args.blocks as unknown[]).get('Answer it') as {
      action_id: string;
      value: string;
    };
    const opens = standIn.callsOf('views.open').length;
    await app.send(
      buttonClick(button, standIn.responseUrl(`m-${++hook}`), {
        channelId: 'CM',
        ephemeral: false,
        messageTs: thread,
      }),
    );
    await standIn.waitFor('views.open', opens + 1);
    const view = standIn.callsOf('views.open').at(-1)?.args.view as {
      callback_id: string;
      private_metadata: string;
    };
    await app.send(
      viewSubmission(view, {
        situation: 'We had an outage.',
        task: 'Fix it.',
        action: 'We fixed it.',
        result: 'It got better.',
      }),
    );
    await app.idle();
    expect(coachings('CM')).toHaveLength(1);
    expect(visibleText(coachings('CM')[0]?.args.blocks as unknown[])).toContain('Result says "better');
  });
});

describe('coaching private practice', () => {
  it('shows feedback in the card as soon as the answer is saved', async () => {
    const card = await star('question 1');
    const button = buttons(card.blocks).get('Answer it') as { action_id: string; value: string };
    const opens = standIn.callsOf('views.open').length;
    await app.send(buttonClick(button, standIn.responseUrl(`p-${++hook}`)));
    await standIn.waitFor('views.open', opens + 1);
    const view = standIn.callsOf('views.open').at(-1)?.args.view as {
      callback_id: string;
      private_metadata: string;
    };
    await app.send(
      viewSubmission(view, {
        situation: 'Our team shipped late.',
        task: 'We had to ship.',
        action: 'We worked weekends.',
        result: 'Things improved a lot.',
      }),
    );
    const hookId = JSON.parse(view.private_metadata).u.split('/hooks/')[1];
    await standIn.waitFor(`hook:${hookId}`);
    const saved = standIn.hooksOf(hookId)[0]?.body as Msg;
    const text = visibleText(saved.blocks);
    expect(text).toContain(':speech_balloon: *STAR coach*');
    expect(text).toContain('Result says "improved a lot": by how much, and over what time?');
  });
});

describe('npx star coach', () => {
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
    expect(out).toContain('- The Action starts 6 sentences with "we"');
  });
});
