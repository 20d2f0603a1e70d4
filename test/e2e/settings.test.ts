import { describe, expect, it } from 'vitest';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, type ModalView } from '../support/e2e.js';
import { eventCallback, homeButtonClick, viewSubmissionOfState } from '../support/signed-requests.js';

/**
 * Settings on the App Home end to end, the real app against the strict stand-in (which must refuse
 * nothing): "Settings" opens a window with the daily reminder and leaderboard privacy as they stand;
 * saving it stores both (the same rows `/star remind` and `/star leaderboard hide` write) and
 * republishes the Home; an unreadable time goes back to its field and changes nothing.
 */

const clock = fakeClock('2026-11-24T08:00:00Z');
const e2e = endToEnd({ clock });

type SettingsView = Omit<ModalView, 'blocks'> & {
  title: { text: string };
  blocks: Array<{
    type: string;
    block_id?: string;
    label?: { text: string };
    element?: { initial_value?: string; initial_options?: Array<{ value: string }> };
  }>;
};

/** The App Home as published for `userId` after app_home_opened. */
async function openHome(userId = 'U1'): Promise<unknown[]> {
  await e2e.app.idle();
  const published = e2e.standIn.callsOf('views.publish').length;
  await e2e.app.sendEvent(
    eventCallback({ type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home', event_ts: '1.1' }),
  );
  await e2e.standIn.waitFor('views.publish', published + 1);
  const call = e2e.standIn.callsOf('views.publish').at(-1);
  expect(call?.args.user_id).toBe(userId);
  return (call?.args.view as { blocks: unknown[] } | undefined)?.blocks ?? [];
}

/** Clicks "Settings" on the Home tab; returns the window Slack was asked to open. */
async function openSettings(userId = 'U1'): Promise<SettingsView> {
  const settings = buttons(await openHome(userId)).get('Settings') as
    | { action_id: string; value: string }
    | undefined;
  expect(settings).toBeDefined();
  const opened = e2e.standIn.callsOf('views.open').length;
  const reply = await e2e.app.send(
    homeButtonClick(
      { action_id: settings?.action_id ?? '', value: settings?.value ?? '', block_id: 'home_settings' },
      { userId },
    ),
  );
  expect(reply.status).toBe(200);
  await e2e.standIn.waitFor('views.open', opened + 1);
  return e2e.standIn.callsOf('views.open').at(-1)?.args.view as SettingsView;
}

/** Submits the Settings window with this reminder text and the box ticked or not. */
function submit(view: SettingsView, reminder: string | null, hide: boolean, userId = 'U1') {
  return e2e.app.send(
    viewSubmissionOfState(
      view,
      {
        reminder: { reminder: { type: 'plain_text_input', value: reminder } },
        hide: {
          hide: {
            type: 'checkboxes',
            selected_options: hide
              ? [{ text: { type: 'plain_text', text: 'Hide me from leaderboards' }, value: 'hide' }]
              : [],
          },
        },
      },
      { userId },
    ),
  );
}

const stored = (userId = 'U1') => ({
  reminders: e2e.app.query<{ remind_time: string; time_zone: string }>(
    'SELECT remind_time, time_zone FROM reminders WHERE team_id = ? AND user_id = ?',
    'T1',
    userId,
  ),
  hidden: e2e.app.query<{ hidden: number }>(
    'SELECT hidden FROM leaderboard_privacy WHERE team_id = ? AND user_id = ?',
    'T1',
    userId,
  )[0]?.hidden,
});

const field = (view: SettingsView, id: string) => view.blocks.find((b) => b.block_id === id);

describe('Settings on the App Home', () => {
  it('opens with the settings as they stand, saves a reminder at 8:30am and hiding, and republishes the Home', async () => {
    const view = await openSettings();
    expect(view.title.text).toBe('Settings');
    expect(view.submit?.text).toBe('Save');
    expect(field(view, 'reminder')?.label?.text).toBe('Your daily reminder');
    expect(field(view, 'reminder')?.element?.initial_value).toBe('off');
    expect(field(view, 'hide')?.element?.initial_options).toBeUndefined();
    expect(visibleText(view.blocks)).toContain('Europe/Berlin');

    const published = e2e.standIn.callsOf('views.publish').length;
    const reply = await submit(view, '8:30am', true);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    await e2e.standIn.waitFor('views.publish', published + 1);
    const home = e2e.standIn.callsOf('views.publish').at(-1);
    expect(home?.args.user_id).toBe('U1');
    expect(
      buttons((home?.args.view as { blocks: unknown[] } | undefined)?.blocks ?? []).has('Settings'),
    ).toBe(true);

    expect(stored()).toEqual({
      reminders: [{ remind_time: '08:30', time_zone: 'Europe/Berlin' }],
      hidden: 1,
    });
    // Only the caller's settings change.
    expect(stored('U2')).toEqual({ reminders: [], hidden: undefined });

    const again = await openSettings();
    expect(field(again, 'reminder')?.element?.initial_value).toBe('08:30');
    expect(field(again, 'hide')?.element?.initial_options?.map((o) => o.value)).toEqual(['hide']);
  });

  it('sends an unreadable time back to its field, and changes nothing', async () => {
    const view = await openSettings();
    expect((await submit(view, '8:30am', false)).status).toBe(200);
    await e2e.app.idle();

    const invalid = await submit(view, '25:00', true);
    expect(invalid.status).toBe(200);
    expect(invalid.json()).toEqual({
      response_action: 'errors',
      errors: { reminder: expect.stringContaining('not a time of day') },
    });
    const twoTimes = await submit(view, '8am 9am', true);
    expect(twoTimes.json()).toMatchObject({
      response_action: 'errors',
      errors: { reminder: expect.stringContaining('one time') },
    });
    await e2e.app.idle();
    expect(stored()).toEqual({
      reminders: [{ remind_time: '08:30', time_zone: 'Europe/Berlin' }],
      hidden: 0,
    });
  });

  it('turns the reminder off and shows the user on leaderboards again', async () => {
    const view = await openSettings();
    expect((await submit(view, '20:30', true)).status).toBe(200);
    await e2e.app.idle();
    expect(stored()).toEqual({
      reminders: [{ remind_time: '20:30', time_zone: 'Europe/Berlin' }],
      hidden: 1,
    });

    const again = await openSettings();
    expect((await submit(again, 'off', false)).status).toBe(200);
    await e2e.app.idle();
    expect(stored()).toEqual({ reminders: [], hidden: 0 });

    // An emptied field is off too.
    expect((await submit(await openSettings(), '7am', false)).status).toBe(200);
    await e2e.app.idle();
    expect((await submit(await openSettings(), null, false)).status).toBe(200);
    await e2e.app.idle();
    expect(stored().reminders).toEqual([]);
    expect(field(await openSettings(), 'reminder')?.element?.initial_value).toBe('off');
  });

  it('lists the channels whose question of the day the user subscribed, each summarised', async () => {
    const none = await openSettings();
    expect(visibleText(none.blocks)).toContain('Channels you manage:* none yet');

    await e2e.star('subscribe 8:30am Europe/Berlin mon,wed,fri', { userId: 'U1', channelId: 'C1' });
    await e2e.star('pause', { userId: 'U1', channelId: 'C1' });
    await e2e.star('subscribe 10am', { userId: 'U2', channelId: 'C2' });
    await e2e.app.idle();

    const text = visibleText((await openSettings()).blocks);
    expect(text).toContain('*Channels you manage*');
    expect(text).toContain('<#C1>: 08:30 Europe/Berlin, mon,wed,fri — paused');
    expect(text).not.toContain('<#C2>');
    expect(visibleText((await openSettings('U2')).blocks)).toContain('<#C2>: 10:00 Europe/Berlin, weekdays');
  });
});
