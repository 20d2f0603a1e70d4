import { describe, expect, it } from 'vitest';
import { type EventIntake, IntakeApp } from '../../src/slack/event-intake.js';
import { createLogger } from '../../src/slack/logger.js';
import { eventCallback, signingSecret } from '../support/signed-requests.js';

/**
 * The event inbox's writes at the end of a turn (docs/decisions/0003-durable-intake.md): events that
 * arrive while others end are stored, and the others' outcomes recorded, in one commit; should that
 * commit fail, the arrivals are refused (Slack sends them again) and the outcomes are recorded on
 * their own.
 */

const reaction = (eventId: string) =>
  JSON.parse(
    eventCallback(
      {
        type: 'reaction_added',
        user: 'U2',
        reaction: 'star',
        item: { type: 'message', channel: 'C1', ts: '1.1' },
        event_ts: '2.2',
      },
      { eventId },
    ),
  ) as object;

/** An intake that writes nothing and says what it was asked, transactions included. */
function recordingIntake(refuse: ReadonlySet<string> = new Set()) {
  const said: string[] = [];
  const intake: EventIntake = {
    receive(events) {
      const ids = events.map((event) => event.eventId);
      if (ids.some((id) => refuse.has(id))) throw new Error('database is locked');
      said.push(`store ${ids.join(' ')}`);
      return events.map(() => 'new');
    },
    settle(settlements) {
      said.push(`record ${settlements.map((one) => `${one.key.eventId} ${one.outcome}`).join(' ')}`);
    },
    together(work) {
      said.push('begin');
      try {
        const result = work();
        said.push('commit');
        return result;
      } catch (error) {
        said.push('rollback');
        throw error;
      }
    },
  };
  return { intake, said };
}

/** The app, with a reaction listener that waits for `release` before it ends. */
function appWith(intake: EventIntake) {
  const app = new IntakeApp(
    {
      token: 'xoxb-intake',
      botId: 'B1',
      botUserId: 'UBOT',
      signingSecret,
      logger: createLogger('error', () => {}),
      extendedErrorHandler: true,
    },
    intake,
  );
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const started: string[] = [];
  app.event('reaction_added', async ({ body }) => {
    started.push((body as { event_id: string }).event_id);
    if (started.length === 1) await released;
  });
  return { app, release, started };
}

const deliver = (app: IntakeApp, body: object) => app.processEvent({ body, ack: async () => {} });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the inbox at the end of a turn', () => {
  it('stores an arriving event and records an ending one in one commit, the arrival first', async () => {
    const { intake, said } = recordingIntake();
    const { app, release, started } = appWith(intake);
    const first = deliver(app, reaction('EvA'));
    while (started.length === 0) await nextTurn();
    // A's listener ends in the same turn as B arrives.
    release();
    const second = deliver(app, reaction('EvB'));
    await Promise.all([first, second]);
    await app.idle(1_000);
    expect(said).toEqual(['store EvA', 'begin', 'store EvB', 'record EvA done', 'commit', 'record EvB done']);
  });

  it('refuses the arrival when the shared commit fails, and records the outcome on its own', async () => {
    const { intake, said } = recordingIntake(new Set(['EvB']));
    const { app, release, started } = appWith(intake);
    const first = deliver(app, reaction('EvA'));
    while (started.length === 0) await nextTurn();
    release();
    const second = deliver(app, reaction('EvB'));
    await expect(second).rejects.toThrow('database is locked');
    await first;
    await app.idle(1_000);
    expect(said).toEqual(['store EvA', 'begin', 'rollback', 'record EvA done']);
    expect(started).toEqual(['EvA']); // B was not delivered: Slack sends it again
  });
});
