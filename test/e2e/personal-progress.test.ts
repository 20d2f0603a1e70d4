import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { sampleStoriesDir, tempDir } from '../support/fixtures.js';
import { buttonClick, eventCallback, slashCommand } from '../support/signed-requests.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Personal progress end to end: spaced repetition through the card, the App Home, the daily
 * reminder DM, export, forget-me, and the terminal practice loop through piped stdin.
 */

let standIn: SlackStandIn;
let temp: ReturnType<typeof tempDir>;
let app: TestApp;
let hook = 0;
let now = Date.parse('2026-11-24T08:00:00Z');
const clock = {
  now: () => now,
  sleep: async (ms: number) => {
    now += ms;
    await new Promise((resolve) => setImmediate(resolve));
  },
};
const at = (iso: string) => {
  now = Date.parse(iso);
  return now;
};

beforeAll(async () => {
  standIn = await startSlackStandIn();
});
afterAll(() => standIn.close());
beforeEach(async () => {
  temp = tempDir();
  at('2026-11-24T08:00:00Z');
  app = await startTestApp({ standIn, dbPath: join(temp.dir, 'star.db'), clock });
});
afterEach(async () => {
  await app.stop();
  temp.cleanup();
  // Slack refused nothing the test did not expect (and take) itself.
  expect(standIn.takeRefusals()).toEqual([]);
});

type Msg = { text?: string; blocks: unknown[]; response_type?: string; replace_original?: boolean };

async function star(text: string, who: { userId?: string; teamId?: string } = {}): Promise<Msg> {
  const hookId = `cmd-${++hook}`;
  const reply = await app.send(slashCommand(text, standIn.responseUrl(hookId), who));
  if (reply.text !== '') return reply.json() as Msg;
  await standIn.waitFor(`hook:${hookId}`);
  return standIn.hooksOf(hookId)[0]?.body as Msg;
}

async function click(
  message: Msg,
  label: string,
  who: { userId?: string; teamId?: string } = {},
): Promise<Msg> {
  const button = buttons(message.blocks).get(label);
  if (!button) throw new Error(`no "${label}" in ${[...buttons(message.blocks).keys()]}`);
  const hookId = `click-${++hook}`;
  await app.send(buttonClick(button, standIn.responseUrl(hookId), who));
  await standIn.waitFor(`hook:${hookId}`);
  return standIn.hooksOf(hookId)[0]?.body as Msg;
}

const promptOf = (message: Msg) =>
  (message.blocks as Array<{ type: string; text?: { text: string } }>).find((b) => b.type === 'header')?.text
    ?.text;

/** Practise one question to the end: reveal, then rate. */
async function practise(card: Msg, rating: 'Again' | 'Hard' | 'Good' | 'Easy', who = {}) {
  return click(await click(card, 'Show model answer', who), rating, who);
}

describe('spaced repetition', () => {
  it('a question rated Easy does not come back while others are waiting; a filter always wins', async () => {
    const first = await star('question');
    const easy = promptOf(first);
    await practise(first, 'Easy');
    const cards = app.query<{ question_id: string; due_at: number }>(
      'SELECT question_id, due_at FROM review_cards',
    );
    expect(cards).toHaveLength(1);
    expect((cards[0]?.due_at ?? 0) - now).toBeGreaterThanOrEqual(3 * 86_400_000);

    const served: Array<string | undefined> = [];
    for (let i = 0; i < 4; i++) {
      const card = await star('question');
      served.push(promptOf(card));
      await practise(card, 'Again'); // due again within minutes
    }
    expect(served).not.toContain(easy);
    // A filter wins over the schedule.
    const filtered = await star(
      `question ${app.query<{ question_id: string }>('SELECT question_id FROM review_cards WHERE due_at > ?', now + 86_400_000)[0]?.question_id}`,
    );
    expect(promptOf(filtered)).toBe(easy);
  });
});

describe('App Home', () => {
  it('is published on app_home_opened, refreshed after practice, and "Practice now" sends a card', async () => {
    const published = standIn.callsOf('views.publish').length;
    await app.sendEvent(
      eventCallback({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.1' }),
    );
    await standIn.waitFor('views.publish', published + 1);
    const home = standIn.callsOf('views.publish').at(-1);
    expect(home?.args.user_id).toBe('U1');
    const view = home?.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(visibleText(view.blocks)).toContain('*Practiced:* 0 of 3');

    await practise(await star('question 1'), 'Again');
    await standIn.waitFor('views.publish', published + 3); // after the reveal, and after the rating
    const refreshed = standIn.callsOf('views.publish').at(-1)?.args.view as { blocks: unknown[] };
    expect(visibleText(refreshed.blocks)).toContain('*Practiced:* 1 of 3');
    expect(visibleText(refreshed.blocks)).toContain('*Due today* (1)');

    const posts = standIn.callsOf('chat.postMessage').length;
    await app.send(
      buttonClick(
        buttons(refreshed.blocks).get('Practice now') as { action_id: string; value: string },
        standIn.responseUrl('home'),
      ),
    );
    await standIn.waitFor('chat.postMessage', posts + 1);
    const dm = standIn.callsOf('chat.postMessage').at(-1);
    expect(dm?.args.channel).toBe('U1');
    expect([...buttons(dm?.args.blocks as unknown[]).keys()]).toContain('Show model answer');
  });
});

describe('daily reminder', () => {
  it('DMs "N questions due" once a day at the chosen time, only when something is due', async () => {
    const set = await star('remind 08:30');
    expect(visibleText(set.blocks)).toContain("I'll DM you at *08:30* (Europe/Berlin)");
    expect(visibleText((await star('remind 25:00')).blocks)).toContain('Remind takes a time of day or `off`');

    // Nothing due yet: no DM.
    at('2026-11-24T07:30:00Z');
    await app.runDailyPass(now);
    const reminders = () =>
      standIn.callsOf('chat.postMessage').filter((c) => String(c.args.text).includes('due for review'));
    expect(reminders()).toHaveLength(0);

    at('2026-11-24T09:00:00Z');
    await practise(await star('question 1'), 'Again');
    at('2026-11-25T07:30:00Z'); // 08:30 in Berlin
    await app.runDailyPass(now);
    await app.runDailyPass(now + 60_000);
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]?.args.channel).toBe('U1');
    expect(reminders()[0]?.args.text).toBe('1 question due for review');

    // A day when nothing is due (the card was rated Easy): no DM.
    at('2026-11-25T09:00:00Z');
    await practise(await star('question 1'), 'Easy');
    at('2026-11-26T07:30:00Z');
    await app.runDailyPass(now);
    expect(reminders()).toHaveLength(1);
    expect(
      app.query("SELECT status FROM daily_outbox WHERE kind = 'reminder' AND local_date = '2026-11-26'"),
    ).toEqual([{ status: 'empty' }]);

    expect(visibleText((await star('remind off')).blocks)).toContain('Daily reminders are off.');
    at('2026-11-27T07:30:00Z');
    await app.runDailyPass(now);
    expect(reminders()).toHaveLength(1);
  });
});

describe('your own data', () => {
  it('export sends a CSV of practice, answers and reviews to the DM', async () => {
    await practise(await star('question 1'), 'Good');
    const reply = await star('export');
    expect(visibleText(reply.blocks)).toMatch(
      /Your data \(3 records\) is in our direct messages as \*star-partner-export-2026-11-24\.csv\*/,
    );
    expect(standIn.callsOf('conversations.open').at(-1)?.args.users).toBe('U1');
    const csv = standIn.upload('star-partner-export-2026-11-24.csv') ?? '';
    expect(csv.split('\r\n')[0]).toBe('record,at,question_id,kind,rating,where,text,reviewer,scores');
    expect(csv).toContain('practice,2026-11-24T08:00:00.000Z,rally-team,rating,3,slack');
    expect(csv.split('\r\n')).toHaveLength(4);
  });

  it('without a file (files:write not granted), the export comes as a message', async () => {
    await practise(await star('question 1'), 'Good');
    standIn.once('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
    const reply = await star('export');
    const text = visibleText(reply.blocks);
    expect(text).toContain('the app needs the files:write scope');
    expect(text).toContain('```record,at,question_id,kind,rating,where,text,reviewer,scores');
  });

  it('forget-me asks first, then deletes every row of that user in that workspace and says what', async () => {
    await practise(await star('question 1'), 'Good');
    await practise(await star('question 1', { userId: 'U2' }), 'Good', { userId: 'U2' });
    await practise(await star('question 1', { teamId: 'T2' }), 'Good', { teamId: 'T2' });

    const confirm = await star('forget-me');
    expect(visibleText(confirm.blocks)).toContain('Delete all your STAR Partner data in this workspace?');
    expect(
      app.query("SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U1'"),
    ).toEqual([{ n: 3 }]);
    const cancelled = await click(confirm, 'Cancel');
    expect(visibleText(cancelled.blocks)).toContain('Nothing was deleted.');

    const done = await click(confirm, 'Delete my data');
    expect(done.replace_original).toBe(true);
    expect(visibleText(done.blocks)).toContain('• 3 practice events\n• 1 review cards');
    expect(
      app.query("SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U1'"),
    ).toEqual([{ n: 0 }]);
    expect(
      app.query("SELECT count(*) AS n FROM review_cards WHERE team_id = 'T1' AND user_id = 'U1'"),
    ).toEqual([{ n: 0 }]);
    // Other people, and the same user id in another workspace, keep their data.
    expect(
      app.query("SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U2'"),
    ).toEqual([{ n: 3 }]);
    expect(
      app.query("SELECT count(*) AS n FROM practice_events WHERE team_id = 'T2' AND user_id = 'U1'"),
    ).toEqual([{ n: 3 }]);
  });
});

describe('star practice (terminal)', () => {
  it('runs through piped stdin and records practice as a local user', async () => {
    const bin = fileURLToPath(new URL('../../src/bin/star.js', import.meta.url));
    const db = join(temp.dir, 'terminal.db');
    const child = spawn(process.execPath, [bin, 'practice', '--user', 'alice', '--filter', 'leadership'], {
      env: { PATH: process.env.PATH ?? '', STAR_DB: db, STAR_STORIES: sampleStoriesDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stdin.end('\n7\n4\n\n2\nq\n');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out).toContain('SITUATION');
    expect(out).toContain('Type 1, 2, 3 or 4 (or q to quit).');
    expect(out).toContain('Saved: Easy. It comes back in 8 days.');
    expect(out).toContain('Saved: Hard.');
    expect(out).toContain('Practiced 2 questions.');
    const rows = new Database(db, { readonly: true })
      .prepare(
        "SELECT team_id, user_id, kind, rating, source FROM practice_events WHERE kind = 'rating' ORDER BY id",
      )
      .all();
    expect(rows).toEqual([
      { team_id: 'local', user_id: 'alice', kind: 'rating', rating: 4, source: 'terminal' },
      { team_id: 'local', user_id: 'alice', kind: 'rating', rating: 2, source: 'terminal' },
    ]);
  });
});
