import { type CodedError, ErrorCode, type MultipleListenerError } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { IntakeApp } from '../../src/slack/event-intake.js';
import { createLogger } from '../../src/slack/logger.js';
import { signingSecret } from '../support/signed-requests.js';

/**
 * The app runs a request through the listeners of its own kind only (commands, actions, views,
 * events, shortcuts), each listener's chain as Bolt runs it: its constraints, its middleware, all
 * listeners that match, failures reported as Bolt reports them.
 */

function makeApp() {
  const app = new IntakeApp(
    {
      token: 'xoxb-kinds',
      botId: 'B1',
      botUserId: 'UBOT',
      signingSecret,
      logger: createLogger('error', () => {}),
      extendedErrorHandler: true,
    },
    undefined,
  );
  const errors: CodedError[] = [];
  app.error(async ({ error }: { error: CodedError }) => {
    errors.push(error);
  });
  return { app, errors };
}

const command = { command: '/star', text: 'question', team_id: 'T1', user_id: 'U1', channel_id: 'C1' };
const click = (actionId: string) => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1' },
  channel: { id: 'C1' },
  actions: [{ type: 'button', action_id: actionId, block_id: 'b1', action_ts: '1.1' }],
});
const deliver = (app: IntakeApp, body: object) => app.processEvent({ body, ack: async () => {} });

describe('listeners by kind', () => {
  it('runs every matching listener of the request kind, with its middleware, and no other', async () => {
    const { app, errors } = makeApp();
    const ran: string[] = [];
    app.command('/star', async () => {
      ran.push('star');
    });
    app.command(
      '/star',
      async ({ next }) => {
        ran.push('star middleware');
        await next();
      },
      async () => {
        ran.push('star, second listener');
      },
    );
    app.command('/other', async () => {
      ran.push('other');
    });
    app.action('show', async () => {
      ran.push('show');
    });
    app.action(/^rate_(\w+)$/, async ({ context }) => {
      ran.push(`rate ${String(context.actionIdMatches?.[1])}`);
    });
    app.event('reaction_added', async () => {
      ran.push('reaction');
    });

    await deliver(app, command);
    expect(ran).toEqual(['star', 'star middleware', 'star, second listener']);
    ran.length = 0;
    await deliver(app, click('rate_good'));
    expect(ran).toEqual(['rate good']);
    ran.length = 0;
    await deliver(app, click('show'));
    expect(ran).toEqual(['show']);
    expect(errors).toEqual([]);
  });

  it('tells every kind of request apart: views, shortcuts, options and the rest each reach only their own', async () => {
    const { app, errors } = makeApp();
    const ran: string[] = [];
    app.command('/star', async ({ ack }) => {
      ran.push('command');
      await ack();
    });
    app.action('show', async ({ ack }) => {
      ran.push('action');
      await ack();
    });
    app.view('answer', async ({ ack }) => {
      ran.push('view');
      await ack();
    });
    app.shortcut('review', async ({ ack }) => {
      ran.push('shortcut');
      await ack();
    });
    app.options('pick', async ({ ack }) => {
      ran.push('options');
      await ack({ options: [] });
    });
    app.event('app_home_opened', async () => {
      ran.push('event');
    });
    const team = { id: 'T1' };
    const user = { id: 'U1' };
    const requests: Array<[string, object]> = [
      ['command', command],
      ['action', click('show')],
      // A click inside a modal names its view too: still an action.
      [
        'action',
        { ...click('show'), container: { type: 'view' }, view: { id: 'V1', callback_id: 'answer' } },
      ],
      [
        'view',
        {
          type: 'view_submission',
          team,
          user,
          view: { id: 'V1', callback_id: 'answer', state: { values: {} } },
        },
      ],
      ['shortcut', { type: 'message_action', callback_id: 'review', team, user, channel: { id: 'C1' } }],
      ['options', { type: 'block_suggestion', action_id: 'pick', block_id: 'b1', value: 'x', team, user }],
      [
        'event',
        {
          type: 'event_callback',
          team_id: 'T1',
          event_id: 'Ev9',
          event: { type: 'app_home_opened', user: 'U1' },
        },
      ],
    ];
    for (const [kind, body] of requests) {
      ran.length = 0;
      await deliver(app, body);
      expect(ran, kind).toEqual([kind]);
    }
    expect(errors).toEqual([]);
  });

  it('runs an event through the listeners of its type and of a matching pattern, in the order registered', async () => {
    const { app, errors } = makeApp();
    const ran: string[] = [];
    app.event('message', async () => {
      ran.push('message');
    });
    app.event(/^reaction_(added|removed)$/, async ({ context }) => {
      ran.push(`pattern ${String(context.matches?.[1])}`);
    });
    app.event('reaction_added', async ({ event }) => {
      ran.push(`reaction on ${event.item.type}`);
    });
    app.event('reaction_removed', async () => {
      ran.push('removed');
    });
    app.event('reaction_added', async () => {
      ran.push('reaction, second listener');
    });
    const reaction = {
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'Ev1',
      event: {
        type: 'reaction_added',
        user: 'U2',
        reaction: 'star',
        item: { type: 'message', channel: 'C1', ts: '1.1' },
        event_ts: '1.2',
      },
    };
    await deliver(app, reaction);
    expect(ran).toEqual(['pattern added', 'reaction on message', 'reaction, second listener']);
    ran.length = 0;
    await deliver(app, { ...reaction, event: { ...reaction.event, type: 'reaction_removed' } });
    expect(ran).toEqual(['pattern removed', 'removed']);
    expect(errors).toEqual([]);
  });

  it('reports one failing listener as its own error, several as one error holding each', async () => {
    const { app, errors } = makeApp();
    app.command('/star', async () => {
      throw new Error('first');
    });
    app.action('show', async () => {
      throw new Error('only');
    });
    app.action('show', async () => {});
    await deliver(app, click('show'));
    expect(errors.map((error) => error.message)).toEqual(['only']);

    app.command('/star', async () => {
      throw new Error('second');
    });
    await deliver(app, command);
    expect(errors).toHaveLength(2);
    expect(errors[1]?.code).toBe(ErrorCode.MultipleListenerError);
    expect((errors[1] as unknown as MultipleListenerError).originals.map((error) => error.message)).toEqual([
      'first',
      'second',
    ]);
  });
});
