import { describe, expect, it } from 'vitest';
import { visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, type Msg, textOf } from '../support/e2e.js';
import { eventCallback, viewSubmissionWith } from '../support/signed-requests.js';

/**
 * Mock interviews in pairs end to end, the real app against the strict stand-in: a channel turns
 * rounds on, members join (by command and by the announcement's button), the round at its time
 * posts one announcement, one group DM per group (conversations.open with the group) and one
 * private packet per interviewer — exactly once, through a 429 and a restart; the candidate learns
 * the category only; the interviewer's scores reach the candidate; the next round avoids the pairs.
 */

const clock = fakeClock('2026-11-27T12:00:00Z'); // Friday; rounds on Mondays at 10:00 Berlin
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  standInPerTest: true, // group DMs are named by their members: each test its own Slack
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => ({
      ok: true,
      user: { id: String(args.user), tz: 'Europe/Berlin', is_admin: false },
    })),
});

const monday = '2026-11-30T09:00:00Z';
const C = 'CPREP';

/** Every group DM the app opened, by its members, and what was posted in each. */
function groupDms() {
  // Each group once, in the order they were first opened (a call refused with a 429 is tried again).
  const opened = new Set(
    e2e.standIn
      .callsOf('conversations.open')
      .map((c) => String(c.args.users))
      .filter((users) => users.includes(',')),
  );
  return [...opened].map((users) => {
    const id = `GM${users.split(',').sort().join('')}`;
    return { members: users.split(',').sort(), posts: e2e.standIn.messagesIn(id) };
  });
}
/** The app's DM with a user (packets, feedback). */
const dmOf = (userId: string) => e2e.standIn.messagesIn(`D${userId}`);

async function setUp(...members: string[]) {
  const on = await e2e.star('pairs on', { userId: 'U1', channelId: C });
  expect(on.response_type).toBe('in_channel');
  expect(textOf(on)).toContain(
    'started mock interviews in pairs here: *every week on Monday at 10:00 Europe/Berlin*',
  );
  for (const userId of members) {
    const joined = await e2e.star('pairs join', { userId, channelId: C });
    expect(textOf(joined)).toContain('You joined the mock interview rounds here');
  }
}

describe('mock interviews in pairs', () => {
  it('a round: one announcement, a group DM per group and a packet per interviewer, exactly once', async () => {
    await setUp('U1', 'U2', 'U3', 'U4');
    // The 4th group-DM post meets a 429 first (Retry-After 1 s): it is sent again, once.
    e2e.standIn.once('conversations.open', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    const report = await e2e.app.runDailyPass(clock.at(monday));
    expect(report.planned.filter((p) => p.channelId === C).map((p) => p.questionId)).toEqual([
      'round of 2 groups',
    ]);

    const announcements = e2e
      .posts(C)
      .filter((m) => visibleText(m.blocks as unknown[]).includes('Mock interview round'));
    expect(announcements).toHaveLength(1);
    const groups = groupDms();
    expect(groups).toHaveLength(2);
    expect(groups.flatMap((g) => g.members).sort()).toEqual(['U1', 'U2', 'U3', 'U4']);
    for (const group of groups) {
      expect(group.posts).toHaveLength(1);
      const text = visibleText(group.posts[0]?.blocks as unknown[]);
      expect(text).toContain('interviews');
      expect(text).toContain('category:');
    }
    // Each interviewer got one packet, with the question; the group DM never shows the question.
    for (const userId of ['U1', 'U2', 'U3', 'U4']) {
      const packets = dmOf(userId).filter((m) =>
        visibleText(m.blocks as unknown[]).includes('Your interviewer packet'),
      );
      expect(packets, userId).toHaveLength(1);
      const packet = visibleText(packets[0]?.blocks as unknown[]);
      const prompt = /\*Ask:\* (.+)\n/.exec(packet)?.[1] ?? '';
      expect(prompt.length).toBeGreaterThan(10);
      expect(packet).toContain('What a strong answer shows');
      for (const group of groups)
        expect(visibleText(group.posts[0]?.blocks as unknown[])).not.toContain(prompt);
    }

    // Another pass, and a restart: nothing is sent again.
    const posts = e2e.standIn.callsOf('chat.postMessage').length;
    await e2e.app.runDailyPass(clock.at('2026-11-30T09:30:00Z'));
    await e2e.restart();
    await e2e.app.runDailyPass(clock.at('2026-11-30T10:00:00Z'));
    expect(e2e.standIn.callsOf('chat.postMessage')).toHaveLength(posts);
  });

  it('feedback reaches the candidate; "we met" spares the nudge; the next round avoids the pairs', async () => {
    await setUp('U1', 'U2', 'U3', 'U4');
    await e2e.app.runDailyPass(clock.at(monday));
    const [first, second] = groupDms();
    if (!first || !second) throw new Error('two groups expected');
    const groupPost = first.posts[0] as unknown as Msg;

    // The first member gives feedback to the one they interviewed.
    const [interviewer] = first.members as [string, string];
    const view = await e2e.openModal(groupPost, 'Give feedback', { userId: interviewer, channelId: 'GX' });
    expect((view as unknown as { title: { text: string } }).title.text).toBe('Mock interview feedback');
    const candidate = first.members.find((m) => m !== interviewer) as string;
    expect(visibleText(view.blocks)).toContain(`<@${candidate}>* answered`);
    const submitted = await e2e.app.send(
      viewSubmissionWith(
        view,
        { situation: '4', task: '3', action: '2', result: '5' },
        { comment: 'Say what you did, in "I".' },
        { userId: interviewer },
      ),
    );
    expect(submitted.status).toBe(200);
    await e2e.app.idle();
    const feedback = dmOf(candidate).filter((m) =>
      visibleText(m.blocks as unknown[]).includes('scored your mock interview'),
    );
    expect(feedback).toHaveLength(1);
    expect(visibleText(feedback[0]?.blocks as unknown[])).toContain('Action *2*/5');
    // It counts in the candidate's peer rubric.
    const stats = await e2e.star('stats', { userId: candidate, channelId: C });
    expect(textOf(stats)).toMatch(/Action 2\.0.*over 1 review — weakest: \*Action\*/s);

    // Thursday: the group that gave feedback (so met) gets no nudge; the other one does.
    await e2e.app.runDailyPass(clock.at('2026-12-03T09:00:00Z'));
    expect(e2e.standIn.messagesIn(`GM${first.members.join('')}`)).toHaveLength(1);
    const nudges = e2e.standIn.messagesIn(`GM${second.members.join('')}`);
    expect(nudges).toHaveLength(2);
    expect(visibleText(nudges[1]?.blocks as unknown[])).toContain('have you found a time');

    // The next Monday: nobody is paired with last week's partner.
    await e2e.app.runDailyPass(clock.at('2026-12-07T09:00:00Z'));
    const pairs = groupDms().map((g) => g.members.join('+'));
    expect(pairs).toHaveLength(4);
    expect(new Set(pairs).size).toBe(4);
  });

  it('joining from the announcement, leaving the channel, and who may turn rounds off', async () => {
    await setUp('U1');
    await e2e.app.runDailyPass(clock.at(monday));
    const announcement = e2e
      .posts(C)
      .find((m) => visibleText(m.blocks as unknown[]).includes('Mock interview round'));
    expect(visibleText(announcement?.blocks as unknown[])).toContain('fewer than two people have joined');
    const joined = await e2e.click(announcement as unknown as Msg, 'Join the rounds', {
      userId: 'U5',
      channelId: C,
      ephemeral: false,
      messageTs: announcement?.ts ?? '',
    });
    expect(joined.text).toContain('You joined the mock interview rounds here');
    const status = await e2e.star('pairs', { userId: 'U5', channelId: C });
    expect(textOf(status)).toContain('2 people have joined. You are in');

    // U5 leaves the channel: out of the rounds.
    await e2e.app.sendEvent(
      eventCallback({ type: 'member_left_channel', user: 'U5', channel: C, channel_type: 'C' }),
    );
    await e2e.app.idle();
    expect(textOf(await e2e.star('pairs', { userId: 'U5', channelId: C }))).toContain('1 person has joined');

    // In a DM: rounds are for channels.
    expect(textOf(await e2e.star('pairs on', { userId: 'U1', channelId: 'D0FRIEND' }))).toContain(
      'for channels',
    );
    // Anyone may turn off rounds on a channel without a question of the day (as with the coach).
    const off = await e2e.star('pairs off', { userId: 'U2', channelId: C });
    expect(off.response_type).toBe('in_channel');
    expect(textOf(await e2e.star('pairs', { userId: 'U1', channelId: C }))).toContain(
      'no mock interview rounds',
    );
  });

  it('reads the command’s words: cadence, day, and one line for what it cannot read', async () => {
    const on = await e2e.star('pairs on biweekly thursday', { userId: 'U1', channelId: C });
    expect(textOf(on)).toContain('every two weeks on Thursday at 10:00 Europe/Berlin');
    expect(textOf(await e2e.star('pairs on daily', { userId: 'U1', channelId: C }))).toContain(
      '“daily” is not weekly, biweekly or a day',
    );
    expect(textOf(await e2e.star('pairs maybe', { userId: 'U1', channelId: C }))).toContain(
      '“maybe” is not on, off, join or leave',
    );
  });
});
