import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { redelivery } from '../../src/domain/redelivery-policy.js';
import { endToEnd, fakeClock } from '../support/e2e.js';
import { eventCallback } from '../support/signed-requests.js';

/**
 * Durable intake (issue 13, docs/decisions/0003-durable-intake.md): an event Slack was told we have
 * is never lost. Bolt acknowledges an event before its listeners run, and Slack never sends an
 * acknowledged event again; so each event is stored before the acknowledgement, and delivered again
 * from the inbox when a listener failed on a busy database or the process died during it.
 */

const clock = fakeClock('2026-11-24T07:00:00Z');
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => ({
      ok: true,
      user: { id: String(args.user), name: 'ben', real_name: 'Ben', tz: 'Europe/Berlin', is_bot: false },
    })),
});

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Another process (as `npx star daily` or a second app would be) takes the database's write lock
 * and keeps it for `ms`. Resolves once it holds the lock; `released` resolves when it let go.
 */
async function holdWriteLock(dbPath: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));
  `;
  const child = spawn(process.execPath, ['-e', script, dbPath, String(ms)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the lock holder exited with ${code}`)),
    );
  });
  await Promise.race([
    new Promise((resolve) => child.stdout.once('data', resolve)),
    released.then(() => {
      throw new Error('the lock holder ended before it held the lock');
    }),
  ]);
  return { released };
}

let eventTs = 1_800_000_000;
/** A reaction on a message in C1 (the ledger keeps every reaction on a message, answer or not). */
function reactionEvent(eventId: string, name = 'star'): string {
  eventTs += 1;
  return eventCallback(
    {
      type: 'reaction_added',
      user: 'U2',
      reaction: name,
      item_user: 'U7',
      item: { type: 'message', channel: 'C1', ts: '1799999999.000100' },
      event_ts: `${eventTs}.000100`,
    },
    { eventId },
  );
}

/** How many times the reaction ledger recorded the event. */
const recorded = (eventId: string) =>
  e2e.app.query<{ n: number }>('SELECT count(*) AS n FROM reaction_events WHERE event_id = ?', eventId)[0]?.n;

const lookups = () => e2e.standIn.callsOf('users.info').length;

describe('durable intake', () => {
  it('an event that arrives while another process holds the write lock is recorded once the lock is released', {
    timeout: 30_000,
  }, async () => {
    // Held longer than the app's own busy timeout (5 s): a write after the ack would fail.
    const lock = await holdWriteLock(e2e.dbPath, 6_000);
    const event = reactionEvent('EvLocked');
    const first = await e2e.app.sendEvent(event);
    await lock.released;
    if (first.status !== 200) {
      // The intake could not store it within its short wait: not acknowledged, so Slack retries.
      expect(first.status).toBeGreaterThanOrEqual(500);
      expect(e2e.app.logs.join('\n')).toContain('EvLocked could not be stored');
      expect((await e2e.app.sendEvent(event, 1)).status).toBe(200);
    }
    await e2e.app.idle();
    expect(recorded('EvLocked')).toBe(1);
  });

  it('an event whose listener fails on a locked database after the ack is delivered again and recorded', {
    timeout: 30_000,
  }, async () => {
    const release = e2e.standIn.hold('users.info'); // the lookup between the ack and the write
    const asked = lookups();
    expect((await e2e.app.sendEvent(reactionEvent('EvBusy'))).status).toBe(200);
    await e2e.standIn.waitFor('users.info', asked + 1);
    const lock = await holdWriteLock(e2e.dbPath, 6_000);
    release(); // the listener goes on to its write, which waits 5 s for the lock and fails
    await e2e.app.idle();
    await lock.released;
    expect(e2e.app.logs.join('\n')).toContain('database is locked');
    expect(recorded('EvBusy')).toBe(0);

    // Not before its back-off has passed; then once.
    expect((await e2e.app.redeliverEvents()).done).toEqual([]);
    clock.advance(redelivery.leaseMs);
    const report = await e2e.app.redeliverEvents();
    expect(report.done).toEqual([{ eventId: 'EvBusy', eventType: 'reaction_added', teamId: 'T1' }]);
    expect(recorded('EvBusy')).toBe(1);
    clock.advance(redelivery.leaseMs);
    expect((await e2e.app.redeliverEvents()).done).toEqual([]);
    expect(recorded('EvBusy')).toBe(1);
  });

  it('an event acknowledged just before the process died is recorded once after a restart', {
    timeout: 30_000,
  }, async () => {
    const release = e2e.standIn.hold('users.info'); // the listener never gets past its lookup
    const asked = lookups();
    const event = reactionEvent('EvCrash');
    expect((await e2e.app.sendEvent(event)).status).toBe(200);
    await e2e.standIn.waitFor('users.info', asked + 1);

    // The process dies: its listener never finishes, and the database is closed under it.
    await e2e.restart();
    release(); // the dead process's lookup returns into a closed database: nothing is written
    expect(recorded('EvCrash')).toBe(0);

    // The new process takes the event over when the dead one's lease has ended.
    clock.advance(redelivery.leaseMs);
    const report = await e2e.app.redeliverEvents();
    expect(report.done.map((d) => d.eventId)).toEqual(['EvCrash']);
    expect(recorded('EvCrash')).toBe(1);

    // Slack's late retry, and later passes, change nothing.
    expect((await e2e.app.sendEvent(event, 1)).status).toBe(200);
    await e2e.app.idle();
    clock.advance(redelivery.leaseMs);
    expect((await e2e.app.redeliverEvents()).done).toEqual([]);
    expect(recorded('EvCrash')).toBe(1);
  });

  it('a retried event is handled once: a retry during the first delivery is not processed again', async () => {
    const release = e2e.standIn.hold('users.info');
    const asked = lookups();
    const event = reactionEvent('EvTwice');
    expect((await e2e.app.sendEvent(event)).status).toBe(200);
    await e2e.standIn.waitFor('users.info', asked + 1);
    // Slack did not see the answer in time and sends it again while the first is still running.
    expect((await e2e.app.sendEvent(event, 1)).status).toBe(200);
    release();
    await e2e.app.idle();
    expect(lookups()).toBe(asked + 1);
    expect(recorded('EvTwice')).toBe(1);
    expect(e2e.app.query('SELECT outcome, body FROM event_inbox WHERE event_id = ?', 'EvTwice')).toEqual([
      { outcome: 'done', body: null }, // done, and its content not kept
    ]);
  });

  it('a retry of an older edit does not undo a newer one', async () => {
    const post = await e2e.dailyPost('CE');
    const answerTs = '1800000100.000100';
    const text = () =>
      e2e.app.query<{ text: string }>('SELECT text FROM thread_answers WHERE message_ts = ?', answerTs)[0]
        ?.text;
    const message = (body: string) => ({
      type: 'message',
      channel: 'CE',
      channel_type: 'channel',
      user: 'U7',
      text: body,
      ts: answerTs,
      thread_ts: post.ts,
    });
    await e2e.app.sendEvent(eventCallback(message('Result: first.'), { eventId: 'EvReply' }));
    await expect.poll(text).toBe('Result: first.');
    const edit = (eventId: string, body: string, at: string) =>
      eventCallback(
        {
          type: 'message',
          subtype: 'message_changed',
          channel: 'CE',
          event_ts: at,
          message: { ...message(body), edited: { user: 'U7', ts: at } },
        },
        { eventId },
      );
    const older = edit('EvEdit1', 'Result: second.', '1800000200.000100');
    await e2e.app.sendEvent(older);
    await e2e.app.sendEvent(edit('EvEdit2', 'Result: third.', '1800000300.000100'));
    await e2e.app.idle();
    expect(text()).toBe('Result: third.');
    await e2e.app.sendEvent(older, 1); // Slack retries the older edit
    await e2e.app.idle();
    expect(text()).toBe('Result: third.');
  });
});
