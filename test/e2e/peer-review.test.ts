import { describe, expect, it } from 'vitest';
import { visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, textOf } from '../support/e2e.js';
import {
  eventCallback,
  messageShortcut,
  viewSubmission,
  viewSubmissionWith,
} from '../support/signed-requests.js';

/**
 * Peer review end to end: answers in a daily thread, reactions as signed events (retried, removed,
 * out of order), the rubric modal through the shortcut and the button, leaderboards per period,
 * the weekly recap, and stats for a teammate.
 */

const names: Record<string, string> = {
  U1: 'Ana',
  U2: 'Ben',
  U7: 'Cleo',
  U8: 'Dev',
  U9: 'Eli',
  UBOT2: 'Jira Bot',
};

const clock = fakeClock('2026-11-23T20:00:00Z');
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) =>
    standIn.on('users.info', (args) => {
      const id = String(args.user);
      return {
        ok: true,
        user: {
          id,
          name: id.toLowerCase(),
          real_name: names[id] ?? id,
          tz: 'Europe/Berlin',
          is_bot: id === 'UBOT2',
        },
      };
    }),
  app: { env: { STAR_REACTION_WEIGHTS: 'star:2' } },
});
const { star, openModal, openModalWith, viaResponseUrl } = e2e;

/** A daily post in C1 on the current day, and thread replies by the given users. */
async function dailyThread(
  authors: string[],
  day = '2026-11-24',
): Promise<{ postTs: string; answers: Record<string, string> }> {
  if (!e2e.app.query("SELECT 1 FROM subscriptions WHERE channel_id = 'C1'").length)
    await star('subscribe 09:00 Europe/Berlin');
  clock.at(`${day}T08:00:00Z`);
  await e2e.app.runDailyPass(clock.now());
  const post = e2e.app.query<{ message_ts: string }>(
    'SELECT message_ts FROM daily_outbox WHERE local_date = ? AND kind = ?',
    day,
    'question',
  )[0];
  if (!post) throw new Error('no daily post');
  const answers: Record<string, string> = {};
  for (const [index, user] of authors.entries()) {
    const ts = `${Math.floor(clock.now() / 1000) + 60 + index}.000100`;
    answers[user] = ts;
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        channel: 'C1',
        channel_type: 'channel',
        user,
        text: `Answer by ${user}: I rewrote the slow query, so the report loads 30% faster.`,
        ts,
        thread_ts: post.message_ts,
      }),
    );
  }
  await expect
    .poll(() => e2e.app.query('SELECT * FROM thread_answers WHERE thread_ts = ?', post.message_ts).length)
    .toBe(authors.length);
  return { postTs: post.message_ts, answers };
}

/** "Review STAR answer" on the message `ts` by `authorId`, by `userId`. */
const reviewShortcut =
  (userId: string, ts: string, authorId = 'U7') =>
  (responseUrl: string) =>
    messageShortcut('review_star_answer', { channelId: 'C1', ts, authorId }, responseUrl, { userId });

let eventTs = 1_800_000_000;
function reaction(
  type: 'reaction_added' | 'reaction_removed',
  user: string,
  name: string,
  ts: string,
  extra: Record<string, unknown> = {},
) {
  eventTs += 1;
  return {
    type,
    user,
    reaction: name,
    item_user: 'U7',
    item: { type: 'message', channel: 'C1', ts },
    event_ts: `${eventTs}.000100`,
    ...extra,
  };
}

const points = () =>
  e2e.app.query<{ reactor_id: string; author_id: string; points: number }>(
    'SELECT reactor_id, author_id, points FROM reaction_points ORDER BY reactor_id',
  );

describe('reaction scoring', () => {
  it('scores answers fairly: weights, the cap of 3, removals, retries, no self-votes, no bots, no non-answers', async () => {
    const { postTs, answers } = await dailyThread(['U7']);
    const answer = answers.U7 as string;

    const starEvent = eventCallback(reaction('reaction_added', 'U2', 'star', answer), { eventId: 'EvStar' });
    await e2e.app.sendEvent(starEvent);
    await e2e.app.sendEvent(starEvent, 1); // Slack retried it (x-slack-retry-num: 1)
    await e2e.app.sendEvent(starEvent, 2);
    await expect.poll(points).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 2 }]);

    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'fire', answer)));
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'tada', answer)));
    await expect.poll(points).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 3 }]);

    await e2e.app.sendEvent(eventCallback(reaction('reaction_removed', 'U2', 'star', answer)));
    await expect.poll(points).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 2 }]);

    // Self-votes, bots, the question post itself and files do not score.
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U7', 'star', answer)));
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'UBOT2', 'star', answer)));
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'star', postTs)));
    await e2e.app.sendEvent(
      eventCallback(reaction('reaction_added', 'U2', 'star', answer, { item: { type: 'file', file: 'F1' } })),
    );
    await e2e.app.idle(); // every event above has been handled, not just the ones we wait for
    expect(points()).toEqual([
      { reactor_id: 'U2', author_id: 'U7', points: 2 },
      { reactor_id: 'U7', author_id: 'U7', points: 0 },
      { reactor_id: 'UBOT2', author_id: 'U7', points: 0 },
    ]);

    // The ledger is append-only: every distinct event on a message once (the one on the question
    // post too, which scores nothing), retries not at all, files not at all.
    const ledger = e2e.app.query<{ n: number }>('SELECT count(*) AS n FROM reaction_events')[0]?.n;
    expect(ledger).toBe(7);
  });

  it('reactions that arrive before their thread reply is recorded still score it', async () => {
    const { postTs } = await dailyThread([]);
    const ts = '1800000500.000100';
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'star', ts)));
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U1', 'fire', ts)));
    await e2e.app.idle();
    expect(points()).toEqual([]);
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        channel: 'C1',
        channel_type: 'channel',
        user: 'U7',
        text: 'Late answer: I cached the report and it loaded 40% faster.',
        ts,
        thread_ts: postTs,
      }),
    );
    await e2e.app.idle();
    expect(points()).toEqual([
      { reactor_id: 'U1', author_id: 'U7', points: 1 },
      { reactor_id: 'U2', author_id: 'U7', points: 2 },
    ]);
  });

  it('a removal that arrives before its add takes nothing away twice', async () => {
    const { answers } = await dailyThread(['U7']);
    const added = reaction('reaction_added', 'U2', 'fire', answers.U7 as string);
    const removed = reaction('reaction_removed', 'U2', 'fire', answers.U7 as string);
    await e2e.app.sendEvent(eventCallback(removed));
    await e2e.app.sendEvent(eventCallback(added));
    await expect.poll(() => e2e.app.query('SELECT count(*) AS n FROM reaction_events')).toEqual([{ n: 2 }]);
    expect(points()).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 0 }]);
  });
});

describe('rubric review', () => {
  it('shortcut → modal → errors through ack → saved → the author gets a DM; a second review replaces the first', async () => {
    const { postTs, answers } = await dailyThread(['U7']);
    const answer = answers.U7 as string;

    // Not on your own answer, and not on a message that is not an answer.
    const own = await viaResponseUrl(reviewShortcut('U7', answer));
    expect(own.text).toContain('can’t review your own answer');
    const notAnswer = await viaResponseUrl(reviewShortcut('U2', postTs, 'UBOT'));
    expect(notAnswer.text).toContain('isn’t a STAR answer');

    const view = await openModalWith(reviewShortcut('U2', answer));
    expect(view.callback_id).toBe('star_review_modal');
    expect(visibleText(view.blocks)).toContain(
      "*<@U7>'s answer*\nAnswer by U7: I rewrote the slow query, so the report loads 30% faster.",
    );

    const refused = await e2e.app.send(
      viewSubmissionWith(
        view,
        { situation: '4', task: null, action: '3', result: '9' },
        { comment: 'x'.repeat(1001) },
        { userId: 'U2' },
      ),
    );
    expect(refused.json()).toEqual({
      response_action: 'errors',
      errors: {
        task: 'Pick a score from 1 to 5.',
        result: 'Pick a score from 1 to 5.',
        comment: 'Keep it under 1000 characters.',
      },
    });

    const dms = e2e.standIn.callsOf('chat.postMessage').length;
    const saved = await e2e.app.send(
      viewSubmissionWith(
        view,
        { situation: '4', task: '5', action: '3', result: '2' },
        { comment: 'Quantify the result <please>.' },
        { userId: 'U2' },
      ),
    );
    expect(saved.status).toBe(200);
    await e2e.standIn.waitFor('chat.postMessage', dms + 1);
    const dm = e2e.standIn.callsOf('chat.postMessage').at(-1);
    expect(dm?.args.channel).toBe('U7');
    const dmText = visibleText(dm?.args.blocks as unknown[]);
    expect(dmText).toContain('Situation *4*/5 · Task *5*/5 · Action *3*/5 · Result *2*/5');
    expect(dmText).toContain('Quantify the result &lt;please&gt;.');
    expect(dmText).toContain(
      `<https://example.slack.com/archives/C1/p${answer.replace('.', '')}|your answer>`,
    );

    await e2e.app.send(
      viewSubmissionWith(
        view,
        { situation: '5', task: '5', action: '4', result: '3' },
        { comment: 'Better now.' },
        { userId: 'U2' },
      ),
    );
    await e2e.standIn.waitFor('chat.postMessage', dms + 2);
    expect(visibleText(e2e.standIn.callsOf('chat.postMessage').at(-1)?.args.blocks as unknown[])).toContain(
      'updated their review',
    );
    expect(
      e2e.app.query(
        'SELECT reviewer_id, author_id, situation, task, action, result, comment FROM rubric_reviews',
      ),
    ).toEqual([
      {
        reviewer_id: 'U2',
        author_id: 'U7',
        situation: 5,
        task: 5,
        action: 4,
        result: 3,
        comment: 'Better now.',
      },
    ]);

    // The author cannot review their own answer even with a forged submission.
    const self = await e2e.app.send(
      viewSubmissionWith(
        view,
        { situation: '5', task: '5', action: '5', result: '5' },
        { comment: 'Mine is great.' },
        { userId: 'U7' },
      ),
    );
    expect(self.json()).toMatchObject({
      response_action: 'errors',
      errors: { comment: expect.stringContaining('your own answer') },
    });
  });

  it('the Review button under an answer posted from the STAR form opens the same modal', async () => {
    const { postTs } = await dailyThread([]);
    const daily = e2e.standIn.callsOf('chat.postMessage').find((c) => c.args.channel === 'C1');
    const form = await openModal({ blocks: daily?.args.blocks as unknown[] }, 'Answer it', {
      userId: 'U8',
      ephemeral: false,
      messageTs: postTs,
    });
    await e2e.app.send(
      viewSubmission(
        form,
        {
          situation: 'Our on-call rota was burning people out.',
          task: 'I had to cut the toil.',
          action: 'I automated the three noisiest runbooks.',
          result: 'R: 40% less toil',
        },
        { userId: 'U8' },
      ),
    );
    await expect
      .poll(() => e2e.standIn.messagesIn('C1').filter((m) => m.thread_ts === postTs).length)
      .toBe(1);
    const posted = e2e.standIn.callsOf('chat.postMessage').at(-1);
    const threadTs = e2e.standIn.messagesIn('C1').filter((m) => m.thread_ts === postTs)[0]?.ts as string;
    const reviewView = await openModal({ blocks: posted?.args.blocks as unknown[] }, 'Review', {
      userId: 'U2',
      ephemeral: false,
      messageTs: threadTs,
    });
    expect(reviewView.callback_id).toBe('star_review_modal');
  });
});

describe('answers that change', () => {
  it('a deleted answer loses its points and reviews everywhere', async () => {
    const { postTs, answers } = await dailyThread(['U7']);
    const answer = answers.U7 as string;
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'star', answer)));
    await expect.poll(points).toHaveLength(1);
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        subtype: 'message_deleted',
        channel: 'C1',
        deleted_ts: answer,
        previous_message: { ts: answer, thread_ts: postTs },
      }),
    );
    await e2e.app.idle();
    expect(points()).toEqual([]);
    expect(textOf(await star('stats <@U7|cleo>'))).toContain('*Points from reactions:* 0');
  });

  it('the review form shows a long answer within Block Kit limits, escaped once', async () => {
    const { postTs } = await dailyThread([]);
    const ts = '1800000099.000100';
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        channel: 'C1',
        channel_type: 'channel',
        user: 'U7',
        // Long, and every step its own: one sentence repeated would be filler, not an answer.
        text: `A -&gt; B &amp; C: I moved the queue. ${Array.from({ length: 400 }, (_, i) => `Step ${i} done.`).join(' ')}`,
        ts,
        thread_ts: postTs,
      }),
    );
    await expect
      .poll(() => e2e.app.query('SELECT text FROM thread_answers WHERE message_ts = ?', ts).length)
      .toBe(1);
    expect(
      (
        e2e.app.query<{ text: string }>('SELECT text FROM thread_answers WHERE message_ts = ?', ts)[0]
          ?.text ?? ''
      ).startsWith('A -> B & C'),
    ).toBe(true);
    const view = await openModalWith(reviewShortcut('U2', ts));
    const section = (view.blocks as Array<{ type: string; text?: { text: string } }>)[0]?.text?.text ?? '';
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section).toContain('A -&gt; B &amp; C');
    expect(section).not.toContain('&amp;gt;');
  });
});

describe('leaderboards, stats and the weekly recap', () => {
  it('ranks answerers by points and reviewers by reviews, per period, naming without pinging', async () => {
    clock.at('2026-10-14T20:00:00Z');
    await star('subscribe 09:00 Europe/Berlin');
    const october = await dailyThread(['U9'], '2026-10-15');
    const earlier = await dailyThread(['U8'], '2026-11-10');
    const thisWeek = await dailyThread(['U7', 'U8'], '2026-11-24');
    for (const [user, emoji, ts] of [
      ['U2', 'star', thisWeek.answers.U7],
      ['U1', 'fire', thisWeek.answers.U7],
      ['U2', 'fire', earlier.answers.U8],
      ['U2', 'star', october.answers.U9],
      ['U1', 'star', october.answers.U9],
    ] as const) {
      await e2e.app.sendEvent(eventCallback(reaction('reaction_added', user, emoji, ts as string)));
    }
    await expect.poll(() => points().length).toBe(5);
    clock.at('2026-11-25T10:00:00Z');

    const week = textOf(await star('leaderboard'));
    expect(week).toContain('*Leaderboard — This week* (since Mon 23 Nov, 00:00, Europe/Berlin)');
    expect(week).toMatch(
      /:first_place_medal: \*Cleo\* — 3 points, 1 answer\n:second_place_medal: \*Dev\* — 0 points, 1 answer/,
    );
    expect(week).not.toContain('Eli');
    const month = textOf(await star('leaderboard month'));
    expect(month).toMatch(/\*Cleo\* — 3 points, 1 answer\n.*\*Dev\* — 1 point, 2 answers/);
    expect(month).not.toContain('Eli');
    const all = textOf(await star('leaderboard all'));
    expect(all).toMatch(
      /\*Eli\* — 4 points, 1 answer\n.*\*Cleo\* — 3 points, 1 answer\n.*\*Dev\* — 1 point, 2 answers/,
    );
    for (const board of [week, month, all]) expect(board).not.toMatch(/<@U/);
    expect(textOf(await star('leaderboard year'))).toContain(
      '“year” is not week, month, all, workspace, hide or show. Try `/star leaderboard month` or `/star leaderboard workspace`.',
    );
  });

  it('stats for a teammate show only what is public; your own add the rubric averages with the weakest part', async () => {
    const { answers } = await dailyThread(['U7']);
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'star', answers.U7 as string)));
    await expect.poll(() => points().length).toBe(1);
    const view = await openModalWith(reviewShortcut('U2', answers.U7 as string));
    await e2e.app.send(
      viewSubmissionWith(
        view,
        { situation: '4', task: '4', action: '3', result: '2' },
        { comment: 'More numbers.' },
        { userId: 'U2' },
      ),
    );
    await expect.poll(() => e2e.app.query('SELECT * FROM rubric_reviews').length).toBe(1);

    // A teammate asks about Cleo: her points, answers posted and reviews given, nothing private.
    const stats = textOf(await star('stats <@U7|cleo>', { channelId: 'C1', userId: 'U2' }));
    expect(stats).toContain("*Cleo in this workspace's channels*");
    expect(stats).toContain('*Points from reactions:* 2');
    expect(stats).toContain('*Answers posted in channels:* 1');
    expect(stats).toContain('*Reviews given:* 0');
    for (const secret of [
      'Average self-rating',
      'Streak:',
      'Peer rubric',
      'More numbers',
      'Questions practiced',
    ])
      expect(stats).not.toContain(secret);
    // Cleo asks about herself: her practice in full, with the rubric she received.
    const own = textOf(await star('stats', { channelId: 'C1', userId: 'U7' }));
    expect(own).toContain('*Your practice so far*');
    expect(own).toContain(
      '*Peer rubric (1–5):* Situation 4.0 · Task 4.0 · Action 3.0 · Result 2.0 over 1 review — weakest: *Result*',
    );
    expect(textOf(await star('stats', { channelId: 'C1', userId: 'U2' }))).toContain('*Reviews given:* 1');
  });

  it('the weekly recap goes out once, on Friday at the posting time, with the top answers and reviewers', async () => {
    const { postTs, answers } = await dailyThread(['U7', 'U8']);
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'star', answers.U7 as string)));
    await expect.poll(() => points().length).toBe(1);
    // A thank-you under the question is a comment: starred twice, it still scores nothing.
    const thanks = `${Math.floor(clock.now() / 1000) + 120}.000100`;
    await e2e.app.sendEvent(
      eventCallback({
        type: 'message',
        channel: 'C1',
        channel_type: 'channel',
        user: 'U9',
        text: 'Great answer, thanks!',
        ts: thanks,
        thread_ts: postTs,
      }),
    );
    for (const reactor of ['U2', 'U8'])
      await e2e.app.sendEvent(
        eventCallback(reaction('reaction_added', reactor, 'star', thanks, { item_user: 'U9' })),
      );
    await expect
      .poll(() => e2e.app.query('SELECT kind FROM thread_answers WHERE message_ts = ?', thanks))
      .toEqual([{ kind: 'comment' }]);
    await e2e.app.idle();
    expect(points()).toHaveLength(1);
    clock.at('2026-11-27T07:59:00Z');
    await e2e.app.runDailyPass(clock.now());
    const recaps = () =>
      e2e.standIn.callsOf('chat.postMessage').filter((c) => String(c.args.text).startsWith('Weekly recap'));
    expect(recaps()).toHaveLength(0);
    clock.at('2026-11-27T08:00:00Z');
    await e2e.app.runDailyPass(clock.now());
    await e2e.app.runDailyPass(clock.now() + 60_000);
    expect(recaps()).toHaveLength(1);
    const recap = visibleText(recaps()[0]?.args.blocks as unknown[]);
    expect(recap).toContain('*Weekly recap* — week of 23 November');
    expect(recap).toMatch(
      /:first_place_medal: \*Cleo\* — 2 points — <https:\/\/example\.slack\.com\/archives\/C1\/p\d+\|/,
    );
    expect(recap).not.toMatch(/<@U/);
    // The one answer with points; the starred thank-you is in no place of the recap.
    expect(recap.match(/_place_medal:/g)).toHaveLength(1);
    expect(recap).not.toContain(`p${thanks.replace('.', '')}`);
    expect(e2e.app.query("SELECT status FROM daily_outbox WHERE kind = 'recap'")).toEqual([
      { status: 'sent' },
    ]);
  });

  it('a channel that posts on Mondays and Wednesdays still gets its Friday recap', async () => {
    await star('subscribe 09:00 Europe/Berlin mon,wed', { channelId: 'CMW' });
    await star('subscribe 09:00 Europe/Berlin', { channelId: 'C1' });
    const { answers } = await dailyThread(['U7']);
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'fire', answers.U7 as string)));
    await expect.poll(() => points().length).toBe(1);
    clock.at('2026-11-27T08:00:00Z');
    await e2e.app.runDailyPass(clock.now());
    expect(
      e2e.app.query("SELECT channel_id, status FROM daily_outbox WHERE kind = 'recap' ORDER BY channel_id"),
    ).toEqual([
      { channel_id: 'C1', status: 'sent' },
      { channel_id: 'CMW', status: 'empty' }, // nothing was answered there this week
    ]);
  });

  it('anyone can hide from the leaderboards and the recap, and come back', async () => {
    const { answers } = await dailyThread(['U7', 'U8']);
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'star', answers.U7 as string)));
    await e2e.app.sendEvent(eventCallback(reaction('reaction_added', 'U2', 'fire', answers.U8 as string)));
    await expect.poll(() => points().length).toBe(2);
    const board = async () => textOf(await star('leaderboard', { channelId: 'C1', userId: 'U9' }));
    expect(await board()).toContain('*Cleo*');

    const hidden = textOf(await star('leaderboard hide', { channelId: 'C1', userId: 'U7' }));
    expect(hidden).toContain('You are off every leaderboard and weekly recap in this workspace');
    expect(await board()).not.toContain('Cleo');
    expect(await board()).toContain('*Dev*');
    // Her answer still scores for her, and the Friday recap leaves her out too.
    expect(points().filter((p) => p.author_id === 'U7')).toHaveLength(1);
    clock.at('2026-11-27T08:00:00Z');
    await e2e.app.runDailyPass(clock.now());
    const recap = e2e.standIn
      .callsOf('chat.postMessage')
      .filter((c) => String(c.args.text).startsWith('Weekly recap'))
      .at(-1);
    expect(visibleText(recap?.args.blocks as unknown[])).not.toContain('Cleo');
    expect(visibleText(recap?.args.blocks as unknown[])).toContain('Dev');

    expect(textOf(await star('leaderboard show', { channelId: 'C1', userId: 'U7' }))).toContain(
      'You are back on the leaderboards',
    );
    expect(await board()).toContain('*Cleo*');
  });
});
