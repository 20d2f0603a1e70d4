import { describe, expect, it } from 'vitest';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, textOf } from '../support/e2e.js';
import {
  eventCallback,
  homeButtonClick,
  modalButtonClick,
  viewSubmissionOfState,
} from '../support/signed-requests.js';

/**
 * A channel's question of the day changed from the App Home, end to end through the strict
 * stand-in: Settings lists the channels the user manages (an admin: every subscribed channel), each
 * with "Change", which pushes a window with the channel's time, zone, days, holidays, pause, skip and
 * coach as they stand and "Post today's question now". Saving stores what changed, tells the channel
 * in one message, and the Settings window underneath says so; each problem goes back to its field;
 * someone who may not change the channel is told who can.
 */

const clock = fakeClock('2026-11-24T06:00:00Z'); // Tuesday 07:00 in Berlin
/** users.info: UADMIN is a workspace admin; everyone else a member. */
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => ({
      ok: true,
      user: { id: String(args.user), tz: 'Europe/Berlin', is_admin: args.user === 'UADMIN' },
    })),
});

type View = {
  callback_id: string;
  private_metadata?: string;
  title: { text: string };
  blocks: Array<{
    type: string;
    block_id?: string;
    accessory?: { action_id: string; value: string };
    element?: Record<string, unknown>;
  }>;
};

const SETTINGS_VIEW = 'VSETTINGS';
const CHANNEL_VIEW = 'VCHANNEL';

/** Clicks "Settings" on the Home tab as `userId`; the window Slack was asked to open. */
async function openSettings(userId: string): Promise<View> {
  await e2e.app.idle();
  const published = e2e.standIn.callsOf('views.publish').length;
  await e2e.app.sendEvent(
    eventCallback({ type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home', event_ts: '1.1' }),
  );
  await e2e.standIn.waitFor('views.publish', published + 1);
  const home = e2e.standIn.callsOf('views.publish').at(-1)?.args.view as { blocks: unknown[] };
  const settings = buttons(home.blocks).get('Settings') as { action_id: string; value: string };
  const opened = e2e.standIn.callsOf('views.open').length;
  await e2e.app.send(homeButtonClick({ ...settings, block_id: 'home_settings' }, { userId }));
  await e2e.standIn.waitFor('views.open', opened + 1);
  return e2e.standIn.callsOf('views.open').at(-1)?.args.view as View;
}

/** The "Change" buttons of the Settings window, by channel. */
const changeButtons = (view: View) =>
  new Map(
    view.blocks
      .filter((b) => b.accessory?.action_id === 'star_channel_settings')
      .map((b) => [
        b.accessory?.value ?? '',
        { ...(b.accessory as { action_id: string; value: string }), block_id: b.block_id ?? '' },
      ]),
  );

/** Clicks "Change" beside `channelId`; the window pushed on top. */
async function openChannel(settings: View, channelId: string, userId: string): Promise<View> {
  const change = changeButtons(settings).get(channelId);
  expect(change).toBeDefined();
  const pushed = e2e.standIn.callsOf('views.push').length;
  const reply = await e2e.app.send(
    modalButtonClick(
      change as { action_id: string; value: string; block_id: string },
      { id: SETTINGS_VIEW, callbackId: settings.callback_id },
      { userId },
    ),
  );
  expect(reply.status).toBe(200);
  await e2e.standIn.waitFor('views.push', pushed + 1);
  return e2e.standIn.callsOf('views.push').at(-1)?.args.view as View;
}

type Form = {
  time?: string;
  zone?: string;
  days?: number[];
  holidays?: string;
  status?: 'posting' | 'paused';
  pausedUntil?: string | null;
  skip?: string | null;
  coach?: boolean;
  pairs?: 'off' | 'weekly' | 'biweekly';
  pairsDay?: number;
};

/** Submits a channel's window with its initial values, changed by `form`. */
function submitChannel(view: View, form: Form, userId: string) {
  const initial = (id: string) => view.blocks.find((b) => b.block_id === id)?.element ?? {};
  const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  const days =
    form.days?.map(String) ??
    ((initial('days').initial_options as Array<{ value: string }> | undefined) ?? []).map((o) => o.value);
  const coach = form.coach ?? ((initial('coach').initial_options as unknown[] | undefined)?.length ?? 0) > 0;
  const status = form.status ?? (initial('status').initial_option as { value: 'posting' | 'paused' }).value;
  return e2e.app.send(
    viewSubmissionOfState(
      view,
      {
        time: { time: { type: 'timepicker', selected_time: form.time ?? initial('time').initial_time } },
        zone: { zone: { type: 'plain_text_input', value: form.zone ?? initial('zone').initial_value } },
        days: { days: { type: 'checkboxes', selected_options: days.map(option) } },
        holidays: {
          holidays: {
            type: 'plain_text_input',
            value: form.holidays ?? initial('holidays').initial_value ?? null,
          },
        },
        status: { status: { type: 'radio_buttons', selected_option: option(status) } },
        pausedUntil: { pausedUntil: { type: 'datepicker', selected_date: form.pausedUntil ?? null } },
        skip: { skip: { type: 'datepicker', selected_date: form.skip ?? null } },
        coach: { coach: { type: 'checkboxes', selected_options: coach ? [option('on')] : [] } },
        pairs: {
          pairs: {
            type: 'radio_buttons',
            selected_option: option(
              form.pairs ??
                (initial('pairs').initial_option as { value: string } | undefined)?.value ??
                'off',
            ),
          },
        },
        pairsDay: {
          pairsDay: {
            type: 'static_select',
            selected_option: option(
              String(
                form.pairsDay ??
                  (initial('pairsDay').initial_option as { value: string } | undefined)?.value ??
                  '1',
              ),
            ),
          },
        },
      },
      { userId },
      { viewId: CHANNEL_VIEW, rootViewId: SETTINGS_VIEW },
    ),
  );
}

const subscription = (channelId = 'C1') =>
  e2e.app.query<{
    post_time: string;
    time_zone: string;
    days: string;
    holidays: string | null;
    paused: number;
    paused_until: string | null;
    created_by: string;
  }>(
    'SELECT post_time, time_zone, days, holidays, paused, paused_until, created_by FROM subscriptions WHERE team_id = ? AND channel_id = ?',
    'T1',
    channelId,
  )[0];
const coachOn = (channelId = 'C1') =>
  e2e.app.query<{ coach_enabled: number }>(
    'SELECT coach_enabled FROM channel_settings WHERE team_id = ? AND channel_id = ?',
    'T1',
    channelId,
  )[0]?.coach_enabled ?? 1;
/** The blocks of the last window Slack was asked to update. */
const lastUpdate = () =>
  (e2e.standIn.callsOf('views.update').at(-1)?.args.view as View | undefined)?.blocks ?? [];
const field = (view: View, id: string) => view.blocks.find((b) => b.block_id === id)?.element;

describe('a channel’s question of the day in the App Home’s Settings', () => {
  it('shows the channel as it stands, saves every setting, tells the channel once and says so in Settings', async () => {
    await e2e.star('subscribe 9am Europe/Berlin', { userId: 'U1', channelId: 'C1' });
    await e2e.app.idle();
    const settings = await openSettings('U1');
    expect(visibleText(settings.blocks)).toContain('<#C1>: 09:00 Europe/Berlin, weekdays');
    const view = await openChannel(settings, 'C1', 'U1');
    expect(view.title.text).toBe('Question of the day');
    expect(field(view, 'time')?.initial_time).toBe('09:00');
    expect(field(view, 'zone')?.initial_value).toBe('Europe/Berlin');
    expect(
      ((field(view, 'days')?.initial_options ?? []) as Array<{ value: string }>).map((o) => o.value),
    ).toEqual(['1', '2', '3', '4', '5']);
    expect((field(view, 'status')?.initial_option as { value: string } | undefined)?.value).toBe('posting');
    expect(field(view, 'coach')?.initial_options).toHaveLength(1);
    expect(buttons(view.blocks).has("Post today's question now")).toBe(true);

    const before = e2e.posts('C1').length;
    const updates = e2e.standIn.callsOf('views.update').length;
    const reply = await submitChannel(
      view,
      { time: '10:30', zone: 'cet', days: [1, 3], holidays: 'de', skip: '2026-11-30', coach: false },
      'U1',
    );
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    await e2e.app.idle();

    expect(subscription()).toMatchObject({
      post_time: '10:30',
      time_zone: 'Europe/Berlin',
      holidays: 'DE',
      paused: 0,
      created_by: 'U1',
    });
    expect(coachOn()).toBe(0);
    // One message in the channel, with every change.
    const told = e2e.posts('C1').slice(before);
    expect(told).toHaveLength(1);
    const said = visibleText((told[0] as { blocks: unknown[] }).blocks);
    expect(said).toContain('<@U1> changed this channel’s settings');
    expect(said).toContain('10:30 Europe/Berlin, mon,wed, not on public holidays in Germany (DE)');
    expect(said).toContain('no question on Mon, 30 Nov 2026');
    expect(said).toContain('the STAR coach is off here');
    // The Settings window underneath says it was saved, with the channel as it is now.
    await e2e.standIn.waitFor('views.update', updates + 1);
    const update = e2e.standIn.callsOf('views.update').at(-1);
    expect(update?.args.view_id).toBe(SETTINGS_VIEW);
    const again = visibleText((update?.args.view as View | undefined)?.blocks ?? []);
    expect(again).toContain('Saved <#C1>');
    expect(again).toContain('<#C1>: 10:30 Europe/Berlin, mon,wed');

    // `/star schedule` reads the same settings.
    const schedule = textOf(await e2e.star('schedule', { userId: 'U2', channelId: 'C1' }));
    expect(schedule).toContain('10:30 Europe/Berlin, mon,wed');
    expect(schedule).toContain('Skipping:* Mon, 30 Nov 2026');
  });

  it('turns mock-interview rounds on and off, as `/star pairs on|off` does', async () => {
    await e2e.star('subscribe 9am Europe/Berlin', { userId: 'U1', channelId: 'C1' });
    await e2e.app.idle();
    const view = await openChannel(await openSettings('U1'), 'C1', 'U1');
    expect((field(view, 'pairs')?.initial_option as { value: string } | undefined)?.value).toBe('off');
    await submitChannel(view, { pairs: 'biweekly', pairsDay: 4 }, 'U1');
    await e2e.app.idle();
    expect(
      e2e.app.query<{ cadence: string; weekday: number; round_time: string }>(
        'SELECT cadence, weekday, round_time FROM pairs_settings WHERE team_id = ? AND channel_id = ?',
        'T1',
        'C1',
      ),
    ).toEqual([{ cadence: 'biweekly', weekday: 4, round_time: '09:00' }]);
    expect(visibleText((e2e.posts('C1').at(-1) as { blocks: unknown[] }).blocks)).toContain(
      'mock interviews in pairs every two weeks on Thursday',
    );
    const again = await openChannel(await openSettings('U1'), 'C1', 'U1');
    expect((field(again, 'pairs')?.initial_option as { value: string } | undefined)?.value).toBe('biweekly');
    await submitChannel(again, { pairs: 'off' }, 'U1');
    await e2e.app.idle();
    expect(e2e.app.query('SELECT 1 FROM pairs_settings')).toEqual([]);
  });

  it('pauses until a day and resumes; saving nothing changed tells nobody', async () => {
    await e2e.star('subscribe 9am Europe/Berlin', { userId: 'U1', channelId: 'C1' });
    await e2e.app.idle();
    const view = await openChannel(await openSettings('U1'), 'C1', 'U1');
    await submitChannel(view, { status: 'paused', pausedUntil: '2026-12-07' }, 'U1');
    await e2e.app.idle();
    expect(subscription()).toMatchObject({ paused: 1, paused_until: '2026-12-07' });
    expect(visibleText((e2e.posts('C1').at(-1) as { blocks: unknown[] }).blocks)).toContain(
      'paused until Mon, 7 Dec 2026',
    );

    const paused = await openChannel(await openSettings('U1'), 'C1', 'U1');
    expect((field(paused, 'status')?.initial_option as { value: string } | undefined)?.value).toBe('paused');
    expect(field(paused, 'pausedUntil')?.initial_date).toBe('2026-12-07');
    await submitChannel(paused, { status: 'posting' }, 'U1');
    await e2e.app.idle();
    expect(subscription()).toMatchObject({ paused: 0 });
    expect(visibleText((e2e.posts('C1').at(-1) as { blocks: unknown[] }).blocks)).toContain('resumed');

    const posts = e2e.posts('C1').length;
    const unchanged = await openChannel(await openSettings('U1'), 'C1', 'U1');
    const updates = e2e.standIn.callsOf('views.update').length;
    await submitChannel(unchanged, {}, 'U1');
    await e2e.app.idle();
    expect(e2e.posts('C1')).toHaveLength(posts);
    await e2e.standIn.waitFor('views.update', updates + 1);
    expect(visibleText(lastUpdate())).toContain('Nothing changed in <#C1>');
  });

  it('sends each problem back to its field and changes nothing', async () => {
    await e2e.star('subscribe 9am Europe/Berlin', { userId: 'U1', channelId: 'C1' });
    await e2e.app.idle();
    const view = await openChannel(await openSettings('U1'), 'C1', 'U1');
    const errors = async (form: Form) => (await submitChannel(view, form, 'U1')).json();

    expect(await errors({ zone: 'Mars/Olympus' })).toEqual({
      response_action: 'errors',
      errors: { zone: expect.stringContaining('is not a time zone I know') },
    });
    expect(await errors({ days: [] })).toEqual({
      response_action: 'errors',
      errors: { days: 'Tick at least one day.' },
    });
    expect(await errors({ holidays: 'Atlantis' })).toEqual({
      response_action: 'errors',
      errors: { holidays: expect.stringContaining('I don’t know public holidays for “Atlantis”') },
    });
    expect(await errors({ status: 'paused', pausedUntil: '2026-11-24' })).toEqual({
      response_action: 'errors',
      errors: { pausedUntil: expect.stringContaining('Tue, 24 Nov 2026 is already today') },
    });
    expect(await errors({ skip: '2026-11-20' })).toEqual({
      response_action: 'errors',
      errors: { skip: expect.stringContaining('Fri, 20 Nov 2026 has passed') },
    });
    await e2e.app.idle();
    expect(subscription()).toMatchObject({ post_time: '09:00', paused: 0, holidays: null });
  });

  it('lists only the channels a member subscribed, every channel for an admin; others are told who can', async () => {
    await e2e.star('subscribe 9am Europe/Berlin', { userId: 'U1', channelId: 'C1' });
    await e2e.star('subscribe 10am Europe/Berlin', { userId: 'U2', channelId: 'C2' });
    await e2e.app.idle();

    expect([...changeButtons(await openSettings('U1')).keys()]).toEqual(['C1']);
    expect([...changeButtons(await openSettings('U3')).keys()]).toEqual([]);
    const admin = await openSettings('UADMIN');
    expect([...changeButtons(admin).keys()].sort()).toEqual(['C1', 'C2']);

    // The admin changes U1's channel; U1 stays its subscriber.
    const view = await openChannel(admin, 'C1', 'UADMIN');
    await submitChannel(view, { time: '08:15' }, 'UADMIN');
    await e2e.app.idle();
    expect(subscription()).toMatchObject({ post_time: '08:15', created_by: 'U1' });

    // A member who is not the subscriber, submitting the window anyway (an old one, say): refused.
    const refused = await submitChannel(view, { time: '11:00' }, 'U3');
    expect(refused.json()).toEqual({
      response_action: 'errors',
      errors: {
        time: 'Only <@U1> (who subscribed this channel) or a workspace admin can change the question of the day here.',
      },
    });
    await e2e.app.idle();
    expect(subscription()).toMatchObject({ post_time: '08:15' });
  });

  it('posts today’s question now, once: the scheduled post later that day does not come again', async () => {
    await e2e.star('subscribe 9am Europe/Berlin', { userId: 'U1', channelId: 'C1' });
    await e2e.app.idle();
    const view = await openChannel(await openSettings('U1'), 'C1', 'U1');
    const postNow = buttons(view.blocks).get("Post today's question now") as {
      action_id: string;
      value: string;
    };
    const click = async () => {
      const updates = e2e.standIn.callsOf('views.update').length;
      const reply = await e2e.app.send(
        modalButtonClick(
          { ...postNow, block_id: 'post_now' },
          {
            id: CHANNEL_VIEW,
            callbackId: view.callback_id,
            ...(view.private_metadata ? { privateMetadata: view.private_metadata } : {}),
            rootViewId: SETTINGS_VIEW,
          },
          { userId: 'U1' },
        ),
      );
      expect(reply.status).toBe(200);
      await e2e.standIn.waitFor('views.update', updates + 1);
      const update = e2e.standIn.callsOf('views.update').at(-1);
      expect(update?.args.view_id).toBe(CHANNEL_VIEW);
      return visibleText((update?.args.view as View | undefined)?.blocks ?? []);
    };

    expect(await click()).toContain('Today’s question is on its way to <#C1>');
    await e2e.standIn.waitFor('chat.postMessage', 1);
    await e2e.app.idle();
    const questions = () =>
      e2e
        .posts('C1')
        .filter((m) => visibleText((m as { blocks: unknown[] }).blocks).includes('Question of the day'));
    await expect.poll(() => questions().length).toBe(1);

    expect(await click()).toContain('is already posted in <#C1>, or on its way: one a day');
    // 09:00 comes: today already had its question.
    const report = await e2e.app.runDailyPass(clock.at('2026-11-24T08:00:00Z'));
    expect(report.posted).toEqual([]);
    expect(questions()).toHaveLength(1);

    // Someone who may not change the channel: the window says who can.
    const updates = e2e.standIn.callsOf('views.update').length;
    await e2e.app.send(
      modalButtonClick(
        { ...postNow, block_id: 'post_now' },
        { id: CHANNEL_VIEW, callbackId: view.callback_id },
        { userId: 'U3' },
      ),
    );
    await e2e.standIn.waitFor('views.update', updates + 1);
    expect(visibleText(lastUpdate())).toContain(
      'Only <@U1> (who subscribed this channel) or a workspace admin',
    );
  });
});
