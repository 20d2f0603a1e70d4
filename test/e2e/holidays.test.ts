import { describe, expect, it } from 'vitest';
import { endToEnd, fakeClock, textOf } from '../support/e2e.js';

/**
 * Public holidays end to end: `/star subscribe … holidays DE` through signed slash commands, the
 * daily pass at chosen instants against the strict stand-in (which must refuse nothing), what
 * `/star schedule` says, and `holidays off`.
 */

const clock = fakeClock('2026-12-14T12:00:00Z'); // Monday 14 December 2026, 13:00 in Berlin
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => ({ ok: true, user: { id: args.user, tz: 'Europe/Berlin' } })),
});
const { star, posts } = e2e;

/** One daily pass at `iso`: the channels that got a question. */
async function passAt(iso: string) {
  const report = await e2e.app.runDailyPass(clock.at(iso));
  return { ...report, channels: report.posted.map((p) => p.channelId).sort() };
}

describe('a channel that skips public holidays', () => {
  it('`subscribe 09:00 Europe/Berlin holidays DE` is confirmed in the channel, with the holidays', async () => {
    const reply = await star('subscribe 09:00 Europe/Berlin holidays DE');
    expect(reply.response_type).toBe('in_channel');
    expect(textOf(reply)).toContain(
      '<@U1> subscribed this channel to the question of the day: *09:00 Europe/Berlin, weekdays, not on public holidays in Germany (DE)*',
    );
    expect(e2e.app.query('SELECT holidays FROM subscriptions')).toEqual([{ holidays: 'DE' }]);

    // A region of a country, in any case; the rest of the settings stay as they were.
    const region = await star('subscribe holidays de-by');
    expect(textOf(region)).toContain(
      '<@U1> changed the question of the day to *09:00 Europe/Berlin, weekdays, not on public holidays in Bayern, Germany (DE-BY)*',
    );
    expect(e2e.app.query('SELECT post_time, time_zone, days, holidays FROM subscriptions')).toEqual([
      { post_time: '09:00', time_zone: 'Europe/Berlin', days: '1,2,3,4,5', holidays: 'DE-BY' },
    ]);
  });

  it('gets no question on Christmas Day, and its next on Monday 28 December', async () => {
    await star('subscribe 09:00 Europe/Berlin holidays DE', { channelId: 'CDE' });
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'CPLAIN' });

    // Thursday 24 December: Christmas Eve is a bank holiday in Germany, not a public one.
    expect((await passAt('2026-12-24T08:00:00Z')).channels).toEqual(['CDE', 'CPLAIN']);

    const christmas = await passAt('2026-12-25T08:00:00Z');
    expect(christmas.channels).toEqual(['CPLAIN']);
    expect(christmas.skipped).toContainEqual({
      teamId: 'T1',
      channelId: 'CDE',
      reason: '2026-12-25 is Christmas Day, a public holiday in DE: next post 2026-12-28T08:00:00.000Z',
    });
    // Passes all day long (the app was down, a manual run) change nothing.
    expect((await passAt('2026-12-25T16:00:00Z')).channels).toEqual([]);
    expect(
      e2e.app.query(
        "SELECT local_date FROM daily_outbox WHERE channel_id = 'CDE' AND kind = 'question' ORDER BY local_date",
      ),
    ).toEqual([{ local_date: '2026-12-24' }]);

    expect((await passAt('2026-12-28T08:00:00Z')).channels).toEqual(['CDE', 'CPLAIN']);
    expect(posts('CDE')).toHaveLength(2);
    expect(posts('CPLAIN')).toHaveLength(3);
  });

  it('`/star schedule` says whose holidays are skipped, and names the next one within 14 days', async () => {
    await star('subscribe 09:00 Europe/Berlin holidays DE');
    const schedule = await star('schedule');
    expect(schedule.response_type).toBe('ephemeral');
    expect(textOf(schedule)).toContain('*Question of the day:* 09:00 Europe/Berlin, weekdays');
    expect(textOf(schedule)).toContain(
      '*Holidays:* public holidays in Germany (DE) are skipped — the next one skipped: Christmas Day (Fri, 25 Dec 2026)',
    );

    // Just after Christmas: the next is New Year's Day, and the next post skips it.
    clock.at('2026-12-29T12:00:00Z');
    const afterChristmas = textOf(await star('schedule'));
    expect(afterChristmas).toContain("the next one skipped: New Year's Day (Fri, 1 Jan 2027)");
    clock.at('2026-12-31T23:30:00Z'); // 00:30 on New Year's Day in Berlin
    expect(textOf(await star('schedule'))).toContain('*Next post:* Mon 4 Jan, 09:00');

    // Early January: the next public holiday (Good Friday) is months away, so none is named.
    clock.at('2027-01-05T12:00:00Z');
    const january = textOf(await star('schedule'));
    expect(january).toContain('*Holidays:* public holidays in Germany (DE) are skipped\n');
    expect(january).not.toContain('the next one skipped');
  });

  it('`holidays off`: Christmas Day gets its question again', async () => {
    await star('subscribe 09:00 Europe/Berlin holidays DE');
    const off = await star('subscribe holidays off');
    expect(off.response_type).toBe('in_channel');
    expect(textOf(off)).toContain(
      '<@U1> changed the question of the day to *09:00 Europe/Berlin, weekdays*. Public holidays get a question like any other day.',
    );
    expect(e2e.app.query('SELECT holidays FROM subscriptions')).toEqual([{ holidays: null }]);
    expect(textOf(await star('schedule'))).not.toContain('Holidays');

    expect((await passAt('2026-12-25T08:00:00Z')).channels).toEqual(['C1']);
  });

  it('a country the calendar does not know is one private line with an example, and changes nothing', async () => {
    await star('subscribe 09:00 Europe/Berlin');
    const refused = await star('subscribe holidays XX');
    expect(refused.response_type).toBe('ephemeral');
    expect(textOf(refused)).toContain(
      '`/star subscribe holidays XX`: “XX” is not a country code the holiday calendar knows. Try `/star subscribe holidays DE`.',
    );
    expect(e2e.app.query('SELECT holidays FROM subscriptions')).toEqual([{ holidays: null }]);
  });
});
