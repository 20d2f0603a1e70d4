import { describe, expect, it } from 'vitest';
import { redelivery } from '../../src/domain/redelivery-policy.js';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, type ModalView } from '../support/e2e.js';
import { installAsBrowser, oauthAccess } from '../support/oauth.js';
import { buttonClick, eventCallback, homeButtonClick } from '../support/signed-requests.js';

/**
 * First contact end to end, the real app against the strict stand-in (which must refuse nothing):
 * the welcome DM after an OAuth install (once per workspace), or at the first start of a single
 * workspace when its installer is configured; one introduction when the bot is invited to a
 * channel; a short help after a mention, once however often Slack sends the event; and the App Home
 * of someone new, which teaches what to try first.
 */

const clock = fakeClock('2026-11-24T08:00:00Z');
const e2e = endToEnd({
  clock,
  standInPerTest: true,
  setUpStandIn: (standIn) => standIn.on('oauth.v2.access', oauthAccess()),
});
const { star } = e2e;

/** What the bot posted in a conversation (a channel, or the app's DM with a user id). */
const botPosts = (channel: string) => e2e.standIn.messagesIn(channel).filter((m) => m.bot_id === 'BBOT');
const textOf = (message: { blocks?: unknown }) => visibleText((message.blocks as unknown[]) ?? []);

/** Sends an event as Slack does (`retryNum`: a retry of it), and waits for its listeners. */
async function deliver(event: Record<string, unknown>, eventId: string, retryNum?: number): Promise<void> {
  const reply = await e2e.app.sendEvent(eventCallback(event, { eventId }), retryNum);
  expect(reply.status).toBe(200);
  await e2e.app.idle();
}

describe('the welcome DM to whoever installed the app', () => {
  it('after an OAuth install: once per workspace, also when Slack itself starts the install', async () => {
    await e2e.restart({ oauth: true });
    expect((await installAsBrowser(e2e.app.url, 'TA')).status).toBe(200);
    await e2e.app.idle();
    const [welcome, ...more] = botPosts('UINSTALLER');
    expect(more).toEqual([]);
    expect(textOf(welcome ?? {})).toContain('Thanks for installing STAR Partner!');
    expect(textOf(welcome ?? {})).toContain('`/star subscribe 9am`');
    expect([...buttons((welcome?.blocks as unknown[]) ?? []).keys()]).toEqual([
      'Practice now',
      'How the question of the day works',
    ]);
    expect(e2e.standIn.callsOf('chat.postMessage').at(-1)?.token).toBe('xoxb-ta-token');

    // Installed again (a new scope, say): the same workspace is not welcomed twice.
    const posts = e2e.standIn.callsOf('chat.postMessage').length;
    expect((await installAsBrowser(e2e.app.url, 'TA')).status).toBe(200);
    await e2e.app.idle();
    expect(e2e.standIn.callsOf('chat.postMessage')).toHaveLength(posts);

    // An install Slack starts (no state) welcomes its workspace's installer too, once.
    const started = await fetch(`${e2e.app.url}/slack/oauth_redirect?code=code-TB`);
    expect(started.status).toBe(200);
    await e2e.app.idle();
    expect(
      e2e.standIn
        .callsOf('chat.postMessage')
        .slice(posts)
        .map((c) => [c.token, c.args.channel]),
    ).toEqual([['xoxb-tb-token', 'UINSTALLER']]);
    expect(e2e.app.query('SELECT team_id, kind, status FROM onboarding_messages ORDER BY team_id')).toEqual([
      { team_id: 'TA', kind: 'welcome', status: 'sent' },
      { team_id: 'TB', kind: 'welcome', status: 'sent' },
    ]);
  });

  it('its "How the question of the day works" opens a window from the DM', async () => {
    await e2e.restart({ oauth: true });
    await installAsBrowser(e2e.app.url, 'TA');
    await e2e.app.idle();
    const welcome = botPosts('UINSTALLER')[0];
    const button = buttons((welcome?.blocks as unknown[]) ?? []).get('How the question of the day works');
    if (!button) throw new Error('no guide button');
    const opened = e2e.standIn.callsOf('views.open').length;
    const reply = await e2e.app.send(
      buttonClick(button, e2e.standIn.responseUrl('welcome-guide'), {
        teamId: 'TA',
        userId: 'UINSTALLER',
        channelId: 'DUINSTALLER',
        ephemeral: false,
      }),
    );
    expect(reply.status).toBe(200);
    await e2e.standIn.waitFor('views.open', opened + 1);
    const view = e2e.standIn.callsOf('views.open').at(-1)?.args.view as ModalView & {
      title: { text: string };
    };
    expect(view.title.text).toBe('Question of the day');
    expect(visibleText(view.blocks)).toContain('Type `/star subscribe 9am` there');
  });

  it('one workspace: nobody unless an installer is configured; then on the first start only', async () => {
    // The app this test started has no STAR_INSTALLER_USER_ID: it welcomed nobody.
    await e2e.app.idle();
    expect(e2e.standIn.callsOf('chat.postMessage')).toEqual([]);

    const configured = { env: { STAR_INSTALLER_USER_ID: 'U0OWNER' } };
    await e2e.restart(configured);
    await e2e.app.idle();
    expect(botPosts('U0OWNER').map(textOf)).toEqual([expect.stringContaining('Thanks for installing')]);

    await e2e.restart(configured); // restarts never welcome again
    await e2e.app.idle();
    expect(e2e.standIn.callsOf('chat.postMessage')).toHaveLength(1);
  });
});

describe('the introduction when the bot joins a channel', () => {
  it('is posted once when a person invites it, in a private channel too, even if it leaves and comes back', async () => {
    e2e.standIn.conversation('GTEAM', { type: 'private' });
    await deliver(e2e.standIn.botJoins('GTEAM', { inviter: 'U1' }), 'EvJoin1');
    await deliver(e2e.standIn.botJoins('GTEAM', { inviter: 'U1' }), 'EvJoin1', 1); // Slack retries it
    const [intro, ...more] = botPosts('GTEAM');
    expect(more).toEqual([]);
    expect(textOf(intro ?? {})).toContain('*Hi, I’m STAR Partner.*');
    expect(textOf(intro ?? {})).toContain('`/star subscribe 9am`: a question of the day here');

    // Removed, then invited back: the channel has met the bot already.
    e2e.standIn.removeBot('GTEAM');
    await deliver(e2e.standIn.botJoins('GTEAM', { inviter: 'U2' }), 'EvJoin2');
    expect(botPosts('GTEAM')).toHaveLength(1);

    // Another member joining is not the bot.
    await deliver(
      { type: 'member_joined_channel', user: 'U3', channel: 'GTEAM', channel_type: 'G', inviter: 'U1' },
      'EvJoin3',
    );
    expect(botPosts('GTEAM')).toHaveLength(1);
  });

  it('is not posted when the bot joins by itself for /star subscribe: the confirmation says it all', async () => {
    await star('subscribe 9am', { channelId: 'CSUB' });
    expect(e2e.standIn.callsOf('conversations.join').map((c) => c.args.channel)).toContain('CSUB');
    await deliver(e2e.standIn.botJoins('CSUB'), 'EvSelfJoin');
    expect(botPosts('CSUB')).toEqual([]);

    // Removed (its question pauses), then invited back by a person: introduced, with what to do now.
    e2e.standIn.removeBot('CSUB');
    await deliver({ type: 'channel_left', channel: 'CSUB', actor_id: 'U1', event_ts: '1.1' }, 'EvLeft');
    await deliver(e2e.standIn.botJoins('CSUB', { inviter: 'U1' }), 'EvBack');
    expect(botPosts('CSUB').map(textOf)).toEqual([
      expect.stringContaining('This channel’s question of the day is paused: `/star resume` starts it again'),
    ]);
  });
});

describe('the help after a mention', () => {
  it('answers in a thread under the mention, once, however often Slack sends the event', async () => {
    e2e.standIn.conversation('CHELP', { botMember: true });
    const mention = e2e.standIn.mention('CHELP', { user: 'U1', text: 'what can you do?' });
    await deliver(mention, 'EvMention1');
    await deliver(mention, 'EvMention1', 1);
    await deliver(mention, 'EvMention1', 2);
    const replies = botPosts('CHELP');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.thread_ts).toBe(mention.ts);
    const help = textOf(replies[0] ?? {});
    expect(help.split('\n')).toHaveLength(4);
    for (const command of ['`/star question`', '`/star subscribe 9am`', '`/star help`'])
      expect(help).toContain(command);
  });

  it('answers a mention in a thread in that thread', async () => {
    e2e.standIn.conversation('GTHREAD', { type: 'private', botMember: true });
    const mention = e2e.standIn.mention('GTHREAD', { user: 'U1', threadTs: '1764000000.000100' });
    await deliver(mention, 'EvMention2');
    expect(botPosts('GTHREAD').map((m) => m.thread_ts)).toEqual(['1764000000.000100']);
  });

  it('a reply Slack did not take (503) is posted when the inbox delivers the event again, once', async () => {
    e2e.standIn.conversation('CRETRY', { botMember: true });
    const mention = e2e.standIn.mention('CRETRY', { user: 'U1' });
    e2e.standIn.once('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    await deliver(mention, 'EvMention3');
    expect(botPosts('CRETRY')).toEqual([]);
    clock.advance(redelivery.leaseMs);
    const report = await e2e.app.redeliverEvents();
    expect(report.done.map((d) => d.eventId)).toEqual(['EvMention3']);
    expect(botPosts('CRETRY')).toHaveLength(1);
    await deliver(mention, 'EvMention3', 1); // and a late retry from Slack changes nothing
    expect(botPosts('CRETRY')).toHaveLength(1);
  });

  it('a reply Slack took but whose answer was lost is not posted again', async () => {
    e2e.standIn.conversation('CLOST', { botMember: true });
    const mention = e2e.standIn.mention('CLOST', { user: 'U1' });
    e2e.standIn.loseReplies('chat.postMessage');
    await deliver(mention, 'EvMention4');
    clock.advance(redelivery.leaseMs);
    await e2e.app.redeliverEvents();
    await deliver(mention, 'EvMention5'); // the same message, under another event id
    expect(botPosts('CLOST')).toHaveLength(1);
    expect(e2e.app.logs.join('\n')).toContain('Slack may have taken it or not (HTTP 500); not sent again');
  });
});

describe('the App Home of someone new', () => {
  type Step = { block_id: string; accessory: { action_id: string; value: string; text: { text: string } } };

  async function openHome(userId: string): Promise<unknown[]> {
    const published = e2e.standIn.callsOf('views.publish').length;
    await deliver(
      { type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home', event_ts: '1.1' },
      `EvHome${userId}${published}`,
    );
    await e2e.standIn.waitFor('views.publish', published + 1);
    return (
      (e2e.standIn.callsOf('views.publish').at(-1)?.args.view as { blocks: unknown[] } | undefined)?.blocks ??
      []
    );
  }

  it('teaches what to try first with buttons, instead of zeros; each button works', async () => {
    const blocks = await openHome('U1');
    const text = visibleText(blocks);
    expect(text).toContain('What to try first');
    expect(text).not.toContain('*Practiced:* 0');
    const steps = (blocks as Array<Partial<Step>>).filter((b): b is Step => b.accessory !== undefined);
    expect(steps.map((s) => s.accessory.text.text)).toEqual([
      'Practice now',
      'How the question of the day works',
      'See categories',
    ]);

    const click = async (step: Step | undefined) => {
      if (!step) throw new Error('no such step');
      const opened = e2e.standIn.callsOf('views.open').length;
      const posted = e2e.standIn.callsOf('chat.postMessage').length;
      const reply = await e2e.app.send(
        homeButtonClick({ ...step.accessory, block_id: step.block_id }, { userId: 'U1' }),
      );
      expect(reply.status).toBe(200);
      await e2e.app.idle();
      return {
        view: e2e.standIn.callsOf('views.open').slice(opened)[0]?.args.view as
          | (ModalView & { title: { text: string } })
          | undefined,
        posts: e2e.standIn.callsOf('chat.postMessage').slice(posted),
      };
    };
    const guide = await click(steps[1]);
    expect(guide.view?.title.text).toBe('Question of the day');
    const categories = await click(steps[2]);
    expect(categories.view?.title.text).toBe('Categories');
    expect(visibleText(categories.view?.blocks ?? [])).toContain('you have practiced 0 of 3 questions');
    const practice = await click(steps[0]);
    expect(practice.posts.map((c) => c.args.channel)).toEqual(['U1']);
    expect([...buttons(practice.posts[0]?.args.blocks as unknown[]).keys()]).toContain('Show model answer');

    // After a first practice, the Home shows progress.
    await e2e.practise(await star('question 1'), 'Good');
    const after = visibleText(await openHome('U1'));
    expect(after).toContain('*Practiced:* 1 of 3');
    expect(after).not.toContain('What to try first');
  });
});
