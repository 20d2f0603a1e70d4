import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, promptOf } from '../support/e2e.js';
import { sampleStoriesDir } from '../support/fixtures.js';
import { buttonClick, eventCallback } from '../support/signed-requests.js';

/**
 * Personal progress end to end: spaced repetition through the card, the App Home, the daily
 * reminder DM, export, forget-me, and the terminal practice loop through piped stdin.
 */

const clock = fakeClock('2026-11-24T08:00:00Z');
const e2e = endToEnd({ clock });
const { star, click, practise } = e2e;

describe('spaced repetition', () => {
  it('a question rated Easy does not come back while others are waiting; a filter always wins', async () => {
    const first = await star('question');
    const easy = promptOf(first);
    await practise(first, 'Easy');
    const cards = e2e.app.query<{ question_id: string; due_at: number }>(
      'SELECT question_id, due_at FROM review_cards',
    );
    expect(cards).toHaveLength(1);
    expect((cards[0]?.due_at ?? 0) - clock.now()).toBeGreaterThanOrEqual(3 * 86_400_000);

    const served: Array<string | undefined> = [];
    for (let i = 0; i < 4; i++) {
      const card = await star('question');
      served.push(promptOf(card));
      await practise(card, 'Again'); // due again within minutes
    }
    expect(served).not.toContain(easy);
    // A filter wins over the schedule.
    const filtered = await star(
      `question ${e2e.app.query<{ question_id: string }>('SELECT question_id FROM review_cards WHERE due_at > ?', clock.now() + 86_400_000)[0]?.question_id}`,
    );
    expect(promptOf(filtered)).toBe(easy);
  });
});

describe('App Home', () => {
  it('is published on app_home_opened, refreshed after practice, and "Practice now" sends a card', async () => {
    const published = e2e.standIn.callsOf('views.publish').length;
    await e2e.app.sendEvent(
      eventCallback({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.1' }),
    );
    await e2e.standIn.waitFor('views.publish', published + 1);
    const home = e2e.standIn.callsOf('views.publish').at(-1);
    expect(home?.args.user_id).toBe('U1');
    const view = home?.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    // Someone new is shown what to try first (test/e2e/onboarding.test.ts), not a page of zeros.
    expect(visibleText(view.blocks)).toContain('What to try first');
    expect(visibleText(view.blocks)).not.toContain('*Practiced:*');

    await practise(await star('question 1'), 'Again');
    await e2e.standIn.waitFor('views.publish', published + 3); // after the reveal, and after the rating
    const refreshed = e2e.standIn.callsOf('views.publish').at(-1)?.args.view as { blocks: unknown[] };
    expect(visibleText(refreshed.blocks)).toContain('*Practiced:* 1 of 3');
    expect(visibleText(refreshed.blocks)).toContain('*Due today* (1)');

    const posts = e2e.standIn.callsOf('chat.postMessage').length;
    await e2e.app.send(
      buttonClick(
        buttons(refreshed.blocks).get('Practice now') as { action_id: string; value: string },
        e2e.standIn.responseUrl('home'),
      ),
    );
    await e2e.standIn.waitFor('chat.postMessage', posts + 1);
    const dm = e2e.standIn.callsOf('chat.postMessage').at(-1);
    expect(dm?.args.channel).toBe('U1');
    expect([...buttons(dm?.args.blocks as unknown[]).keys()]).toContain('Show model answer');
  });
});

describe('daily reminder', () => {
  it('DMs "N questions due" once a day at the chosen time, only when something is due', async () => {
    const set = await star('remind 08:30');
    expect(visibleText(set.blocks)).toContain("I'll DM you at *08:30* (Europe/Berlin)");
    expect(visibleText((await star('remind 25:00')).blocks)).toContain(
      '“25:00” is not a time of day: the hours go from 00 to 23. Try `/star remind 8:30am` or `/star remind off`.',
    );

    // Nothing due yet: no DM.
    clock.at('2026-11-24T07:30:00Z');
    await e2e.app.runDailyPass(clock.now());
    const reminders = () =>
      e2e.standIn.callsOf('chat.postMessage').filter((c) => String(c.args.text).includes('due for review'));
    expect(reminders()).toHaveLength(0);

    clock.at('2026-11-24T09:00:00Z');
    await practise(await star('question 1'), 'Again');
    clock.at('2026-11-25T07:30:00Z'); // 08:30 in Berlin
    await e2e.app.runDailyPass(clock.now());
    await e2e.app.runDailyPass(clock.now() + 60_000);
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]?.args.channel).toBe('U1');
    expect(reminders()[0]?.args.text).toBe('1 question due for review');

    // A day when nothing is due (the card was rated Easy): no DM.
    clock.at('2026-11-25T09:00:00Z');
    await practise(await star('question 1'), 'Easy');
    clock.at('2026-11-26T07:30:00Z');
    await e2e.app.runDailyPass(clock.now());
    expect(reminders()).toHaveLength(1);
    expect(
      e2e.app.query("SELECT status FROM daily_outbox WHERE kind = 'reminder' AND local_date = '2026-11-26'"),
    ).toEqual([{ status: 'empty' }]);

    expect(visibleText((await star('remind off')).blocks)).toContain('Daily reminders are off.');
    clock.at('2026-11-27T07:30:00Z');
    await e2e.app.runDailyPass(clock.now());
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
    expect(e2e.standIn.callsOf('conversations.open').at(-1)?.args.users).toBe('U1');
    const csv = e2e.standIn.upload('star-partner-export-2026-11-24.csv') ?? '';
    expect(csv.split('\r\n')[0]).toBe(
      'record,at,question_id,kind,rating,where,text,reviewer,scores,question,posted_in,message',
    );
    expect(csv).toContain(
      'practice,2026-11-24T08:00:00.000Z,rally-team,rating,3,slack,,,,Tell me about a time you rallied a team around a deadline,,',
    );
    expect(csv.split('\r\n')).toHaveLength(4);
  });

  it('without a file (files:write not granted), the export comes as a message', async () => {
    await practise(await star('question 1'), 'Good');
    e2e.standIn.once('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
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
      e2e.app.query("SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U1'"),
    ).toEqual([{ n: 3 }]);
    const cancelled = await click(confirm, 'Cancel');
    expect(visibleText(cancelled.blocks)).toContain('Nothing was deleted.');

    const done = await click(confirm, 'Delete my data');
    expect(done.replace_original).toBe(true);
    expect(visibleText(done.blocks)).toContain(
      '• 3 entries in your practice history\n• 1 question on your review schedule',
    );
    expect(visibleText(done.blocks)).not.toMatch(/practice_events|review_cards/);
    expect(
      e2e.app.query("SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U1'"),
    ).toEqual([{ n: 0 }]);
    expect(
      e2e.app.query("SELECT count(*) AS n FROM review_cards WHERE team_id = 'T1' AND user_id = 'U1'"),
    ).toEqual([{ n: 0 }]);
    // Other people, and the same user id in another workspace, keep their data.
    expect(
      e2e.app.query("SELECT count(*) AS n FROM practice_events WHERE team_id = 'T1' AND user_id = 'U2'"),
    ).toEqual([{ n: 3 }]);
    expect(
      e2e.app.query("SELECT count(*) AS n FROM practice_events WHERE team_id = 'T2' AND user_id = 'U1'"),
    ).toEqual([{ n: 3 }]);
  });
});

describe('star practice (terminal)', () => {
  // Slow on purpose (2–4 s each): they spawn the real bin, whose node + tsx start-up compiles src/, as `npx star` does.
  const bin = fileURLToPath(new URL('../../src/bin/star.js', import.meta.url));
  const starBin = (args: string[], db: string) =>
    spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', STAR_DB: db, STAR_STORIES: sampleStoriesDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  const collect = (stream: NodeJS.ReadableStream) => {
    const text = { value: '' };
    stream.on('data', (chunk) => {
      text.value += chunk;
    });
    return text;
  };

  it('runs through piped stdin and records practice as a local user', async () => {
    const db = join(e2e.dir, 'terminal.db');
    const child = starBin(['practice', '--user', 'alice', '--filter', 'leadership'], db);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stdin.end('\n7\n4\n\n2\nq\n');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out).toContain('SITUATION');
    expect(out).toContain('Type 1, 2, 3 or 4 to rate it, or f, c or q.');
    expect(out).toContain('Saved: Easy. It comes back in 8 days.');
    expect(out).toContain('Saved: Hard.');
    expect(out).toContain('Practiced 2 questions.');
    // Piped: plain text, wrapped at 80 columns, no Markdown and no escape codes.
    expect(out).not.toContain('**');
    expect(out).not.toContain('\u001b');
    expect(out.split('\n').every((line) => line.length <= 80)).toBe(true);
    const rows = new Database(db, { readonly: true })
      .prepare(
        "SELECT team_id, user_id, kind, rating, source FROM practice_events WHERE kind = 'rating' ORDER BY id",
      )
      .all();
    expect(rows).toEqual([
      { team_id: 'local', user_id: 'alice', kind: 'rating', rating: 4, source: 'terminal' },
      { team_id: 'local', user_id: 'alice', kind: 'rating', rating: 2, source: 'terminal' },
    ]);
  }, 20_000);

  it('piped into a reader that stops early (`| head`): exits 0, quietly', async () => {
    const child = starBin(['practice', '--user', 'bob'], join(e2e.dir, 'head.db'));
    const err = collect(child.stderr);
    // Far more output than a pipe holds (a model answer per question, 300 times): writes go on
    // after the reader has gone.
    child.stdin.end('\n3\n'.repeat(300));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = await once(child, 'exit');
    expect(err.value).toBe('');
    expect(code).toBe(0);
  }, 20_000);

  it('`star coach` piped into a reader that has gone: exits 0, quietly', async () => {
    const child = starBin(['coach', '-'], join(e2e.dir, 'coach.db'));
    const err = collect(child.stderr);
    child.stdout.destroy();
    child.stdin.end(
      'Situation: builds took 40 minutes. Task: cut them. Action: I cached. Result: 9 minutes.',
    );
    const [code] = await once(child, 'exit');
    expect(err.value).toBe('');
    expect(code).toBe(0);
  }, 20_000);

  it('a filter that matches nothing: one line on stderr, exit 1', async () => {
    const child = starBin(['practice', '--filter', 'kubernetes'], join(e2e.dir, 'none.db'));
    const out = collect(child.stdout);
    const err = collect(child.stderr);
    child.stdin.end('\nq\n');
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(out.value).toBe('');
    expect(err.value).toMatch(/^Nothing matches "kubernetes": [^\n]*\n$/);
  }, 20_000);
});
