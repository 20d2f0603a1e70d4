import { describe, expect, it } from 'vitest';
import { endToEnd, fakeClock, type Msg, nextHookId, textOf } from '../support/e2e.js';
import { type Actor, slashCommand } from '../support/signed-requests.js';

/**
 * Who may change a channel's settings, end to end: the person who subscribed it and workspace
 * admins and owners (as users.info says); anyone else is told, privately, who can. The caller's role
 * is asked of Slack after the ack, and the answer comes through the command's response_url.
 */

const clock = fakeClock('2026-11-23T20:00:00Z'); // Monday 21:00 in Berlin
/** What users.info says about each user: U1 and U2 are members, UADMIN an admin, UOWNER an owner. */
const people: Record<string, object> = {
  UADMIN: { is_admin: true },
  UOWNER: { is_owner: true, is_admin: false },
};
/** Users Slack says nothing about: users.info answers 503 (and keeps doing so through the retries). */
const SLACK_DOWN = 'UDOWN';
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => {
      const id = String(args.user);
      if (id === SLACK_DOWN) return { status: 503, body: { ok: false, error: 'service_unavailable' } };
      return { ok: true, user: { id, tz: 'Europe/Berlin', is_admin: false, ...people[id] } };
    }),
});
const { star } = e2e;

const as = (userId: string): Actor => ({ userId });
const subscription = () =>
  e2e.app.query<{ created_by: string; post_time: string; paused: number }>(
    'SELECT created_by, post_time, paused FROM subscriptions',
  );
const coachEnabled = () =>
  e2e.app.query<{ coach_enabled: number }>(
    "SELECT coach_enabled FROM channel_settings WHERE channel_id = 'C1'",
  );

/** `/star <text>`: the ack's body (empty when the answer comes later) and the answer, wherever it came. */
async function command(text: string, who: Actor): Promise<{ acked: string; answer: Msg }> {
  const hookId = nextHookId('perm');
  const reply = await e2e.app.send(slashCommand(text, e2e.standIn.responseUrl(hookId), who));
  expect(reply.status).toBe(200);
  const acked = reply.text;
  if (acked !== '') return { acked, answer: JSON.parse(acked) as Msg };
  await e2e.standIn.waitFor(`hook:${hookId}`);
  return { acked, answer: e2e.standIn.hooksOf(hookId)[0]?.body as Msg };
}

/** A refusal: one private line, nothing else. */
function expectRefusal(reply: Msg, line: string): void {
  expect(reply.response_type).toBe('ephemeral');
  expect(textOf(reply)).toBe(line);
  expect(reply.blocks).toHaveLength(1);
}

describe('who may change a channel’s settings', () => {
  it('the subscriber pauses: confirmed in the channel, through the response_url', async () => {
    await star('subscribe 09:00 Europe/Berlin', as('U1'));
    const { acked, answer } = await command('pause', as('U1'));
    expect(acked).toBe(''); // acknowledged at once; the role came from Slack after
    expect(answer.response_type).toBe('in_channel');
    expect(textOf(answer)).toContain('<@U1> paused the question of the day');
    expect(subscription()).toMatchObject([{ created_by: 'U1', paused: 1 }]);
  });

  it('another member is refused, privately, with the subscriber named; nothing changes', async () => {
    await star('subscribe 09:00 Europe/Berlin', as('U1'));
    const refusals: Array<[string, string]> = [
      ['pause', 'pause the question of the day here'],
      ['pause tomorrow', 'pause the question of the day here'],
      ['resume', 'resume the question of the day here'],
      ['skip friday', 'skip a day of the question of the day here'],
      ['unsubscribe', 'unsubscribe this channel from the question of the day'],
      ['subscribe 10am', 'change the question of the day here'],
      ['subscribe holidays DE', 'change the question of the day here'],
    ];
    for (const [text, what] of refusals) {
      const { answer } = await command(text, as('U2'));
      expectRefusal(answer, `Only <@U1> (who subscribed this channel) or a workspace admin can ${what}.`);
    }
    expect(subscription()).toEqual([{ created_by: 'U1', post_time: '09:00', paused: 0 }]);
    expect(e2e.app.query('SELECT * FROM subscription_skips')).toEqual([]);
    expect(e2e.posts('C1')).toEqual([]); // no confirmation reached the channel
  });

  it('an admin or an owner may: the subscriber stays the one who subscribed', async () => {
    await star('subscribe 09:00 Europe/Berlin', as('U1'));
    const paused = await star('pause', as('UADMIN'));
    expect(paused.response_type).toBe('in_channel');
    expect(textOf(paused)).toContain('<@UADMIN> paused the question of the day');
    expect(textOf(await star('resume', as('UOWNER')))).toContain('<@UOWNER> resumed the question of the day');
    expect(textOf(await star('subscribe 10am', as('UADMIN')))).toContain(
      '<@UADMIN> changed the question of the day to *10:00 Europe/Berlin, weekdays*',
    );
    expect(subscription()).toEqual([{ created_by: 'U1', post_time: '10:00', paused: 0 }]);
    // Still U1's channel: a member is told so, not sent to the admin who changed it last.
    expectRefusal(
      (await command('pause', as('U2'))).answer,
      'Only <@U1> (who subscribed this channel) or a workspace admin can pause the question of the day here.',
    );
  });

  it('when Slack does not say whether the caller is an admin, they are refused and told to try again', async () => {
    await star('subscribe 09:00 Europe/Berlin', as('U1'));
    const asked = e2e.standIn.callsOf('users.info').length;
    const { acked, answer } = await command('pause', as(SLACK_DOWN));
    expect(acked).toBe('');
    expect(e2e.standIn.callsOf('users.info').length).toBeGreaterThan(asked); // Slack was asked (and retried)
    expectRefusal(
      answer,
      'Slack didn’t tell me whether you are a workspace admin, so I can’t pause the question of the day here yet: only <@U1> (who subscribed this channel) or a workspace admin can. Try again in a minute.',
    );
    expect(subscription()).toMatchObject([{ paused: 0 }]);
  });

  it('anyone may subscribe a channel that has none, even when Slack does not answer users.info', async () => {
    const reply = await star('subscribe 09:00 Europe/Berlin', as(SLACK_DOWN));
    expect(reply.response_type).toBe('in_channel');
    expect(subscription()).toEqual([{ created_by: SLACK_DOWN, post_time: '09:00', paused: 0 }]);
  });

  it('coach on|off follows the same rule: refused to a non-subscriber, anyone’s without a subscription', async () => {
    await star('subscribe 09:00 Europe/Berlin', as('U1'));
    expectRefusal(
      (await command('coach off', as('U2'))).answer,
      'Only <@U1> (who subscribed this channel) or a workspace admin can turn the STAR coach off here.',
    );
    expect(coachEnabled()).toEqual([]); // never set: on by default
    const off = await star('coach off', as('U1'));
    expect(off.response_type).toBe('in_channel');
    expect(coachEnabled()).toEqual([{ coach_enabled: 0 }]);
    // A channel with no question of the day: anyone.
    const elsewhere = await star('coach off', { userId: 'U2', channelId: 'C2' });
    expect(textOf(elsewhere)).toContain('<@U2> turned the STAR coach off in this channel');
  });

  it('anyone reads the schedule, at once, and it says who can change the settings', async () => {
    await star('subscribe 09:00 Europe/Berlin', as('U1'));
    const asked = e2e.standIn.callsOf('users.info').length;
    const { acked, answer } = await command('schedule', as('U2'));
    expect(acked).not.toBe(''); // in the ack itself: reading needs nobody's role
    expect(e2e.standIn.callsOf('users.info')).toHaveLength(asked);
    expect(answer.response_type).toBe('ephemeral');
    expect(textOf(answer)).toContain('*Question of the day:* 09:00 Europe/Berlin, weekdays');
    expect(textOf(answer)).toContain(
      'Only <@U1> (who subscribed this channel) or a workspace admin can change these settings, pause, skip, unsubscribe or turn the coach off here',
    );
  });
});
