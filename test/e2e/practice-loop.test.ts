import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockKitViolations, visibleText } from '../support/block-kit-limits.js';
import { cardHookOf, endToEnd, type Msg, promptOf } from '../support/e2e.js';
import { questionMarkdown, tempDir, writeFiles } from '../support/fixtures.js';
import { postSigned, signatureFor, slashCommand, viewSubmission } from '../support/signed-requests.js';
import { botToken } from '../support/test-app.js';

/**
 * The private practice loop end to end: the real Bolt app over HTTP, requests signed as Slack signs
 * them, every Web API call and response_url post landing at the loopback stand-in.
 */

const e2e = endToEnd();
const { star, click, openModal, cardAfter, practise } = e2e;

const events = (kind?: string) =>
  e2e.app.query<{
    team_id: string;
    user_id: string;
    question_id: string;
    kind: string;
    rating: number | null;
  }>(
    `SELECT team_id, user_id, question_id, kind, rating FROM practice_events ${kind ? 'WHERE kind = ?' : ''} ORDER BY id`,
    ...(kind ? [kind] : []),
  );

describe('requests are verified as Slack signs them', () => {
  it('refuses a forged signature and a stale timestamp with 401, and serves /healthz', async () => {
    const body = slashCommand('help', e2e.standIn.responseUrl('x'));
    const url = `${e2e.app.url}/slack/events`;
    const form = 'application/x-www-form-urlencoded';
    expect((await postSigned(url, body, form, { secret: 'wrong-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postSigned(url, body, form, { timestamp: stale })).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    expect(
      (
        await postSigned(url, `${body}&x=1`, form, {
          signature: signatureFor(body, 'test-signing-secret', now),
          timestamp: now,
        })
      ).status,
    ).toBe(401);
    expect(events()).toEqual([]);

    const health = await fetch(`${e2e.app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  });
});

describe('/star', () => {
  it('help lists the subcommands, ephemerally', async () => {
    const reply = await star('help');
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply.blocks)).toContain('/star question conflict');
  });

  it('unknown or malformed input gets one ephemeral line that says what was wrong, not the whole help', async () => {
    const reply = await star('dance please');
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply.blocks)).toContain(
      '`/star dance please`: there is no “dance” command. Try `/star help`.',
    );
    expect(visibleText(reply.blocks)).not.toContain('/star categories');
    const extra = await star('tips now');
    expect(visibleText(extra.blocks)).toContain(
      '`/star tips now`: tips takes nothing after it. Try `/star tips`.',
    );
    const stats = await star('stats everyone');
    expect(visibleText(stats.blocks)).toContain(
      '`/star stats everyone`: “everyone” is not a person: mention one. Try `/star stats @teammate`.',
    );
  });

  it('question with a filter that matches nothing says so, with the categories', async () => {
    const reply = await star('question quantum physics');
    expect(visibleText(reply.blocks)).toContain('Nothing matches *quantum physics*');
    expect(visibleText(reply.blocks)).toContain('*Conflict Resolution* — 1 question, 0 practiced');
    expect(events()).toEqual([]);
  });

  it('tips shows the decks’ practice tips', async () => {
    const reply = await star('tips');
    expect(visibleText(reply.blocks)).toContain('*Practice Tips*\n1. *Time yourself*: two to three minutes');
  });
});

describe('the practice loop', () => {
  it('question → model answer → rating → follow-up → next, each shown and stored', async () => {
    const card = await star('question conflict');
    expect(card.response_type).toBe('ephemeral');
    expect(blockKitViolations(card.blocks)).toEqual([]);
    expect(visibleText(card.blocks)).toContain('Tell me about a disagreement with a product manager');
    expect(visibleText(card.blocks)).not.toContain('2-day test window');
    expect(events()).toEqual([
      { team_id: 'T1', user_id: 'U1', question_id: 'pm-disagreement', kind: 'view', rating: null },
    ]);

    const revealed = await click(card, 'Show model answer');
    expect(revealed.replace_original).toBe(true);
    expect(blockKitViolations(revealed.blocks)).toEqual([]);
    const shown = visibleText(revealed.blocks);
    expect(shown).toContain('*Situation*\nThe PM wanted a launch date that skipped load testing.');
    expect(shown).toContain('*Action*\nI showed last year’s outage numbers'.replace('’', "'"));
    expect(shown).toContain('*Result*\nWe launched 2 days later with no incident.');
    expect(events('reveal')).toHaveLength(1);

    const rated = await click(revealed, 'Good');
    expect(visibleText(rated.blocks)).toContain('You rated your recall *Good*');
    expect(events('rating')).toEqual([
      { team_id: 'T1', user_id: 'U1', question_id: 'pm-disagreement', kind: 'rating', rating: 3 },
    ]);

    const followUp = await click(rated, 'Follow-up');
    expect(visibleText(followUp.blocks)).toContain('*Follow-up 1 of 1:* What if the PM had said no?');
    expect(visibleText(followUp.blocks)).not.toContain('escalated with the data');
    const followUpAnswer = await click(followUp, 'Show follow-up answer');
    expect(visibleText(followUpAnswer.blocks)).toContain('escalated with the data');
    expect(events('follow_up')).toHaveLength(1);

    // "conflict" has one question: Next question serves it again rather than nothing.
    const next = await click(followUpAnswer, 'Next question');
    expect(visibleText(next.blocks)).toContain('Tell me about a disagreement with a product manager');
    expect(visibleText(next.blocks)).not.toContain('You rated');
  });

  it('serves every unseen question before any repeat', async () => {
    let card: Msg = await star('question');
    const seen = [card];
    for (let i = 0; i < 3; i++) {
      card = await click(card, 'Next question');
      seen.push(card);
    }
    const prompts = seen.map(promptOf);
    expect(new Set(prompts.slice(0, 3)).size).toBe(3);
    expect(prompts[3]).toBe(prompts[0]);
    expect(events('view')).toHaveLength(4);
  });

  it('Answer it opens the STAR modal; the answer is validated, saved privately and shown', async () => {
    const card = await star('question 1');
    const view = await openModal(card, 'Answer it');
    const open = e2e.standIn.callsOf('views.open').at(-1);
    expect(open?.token).toBe(botToken);
    // The click's trigger_id, used once within its 3 seconds (the stand-in refuses anything else).
    expect(open?.args.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    expect(e2e.standIn.refusals).toEqual([]);
    expect(visibleText(view.blocks)).toContain('Tell me about a time you rallied a team around a deadline');

    const invalid = await e2e.app.send(
      viewSubmission(view, { situation: 'ok then', task: '', action: null, result: 'x'.repeat(3001) }),
    );
    expect(invalid.json()).toEqual({
      response_action: 'errors',
      errors: {
        task: 'Write at least a few words.',
        action: 'Write at least a few words.',
        result: 'Keep it under 3000 characters.',
      },
    });
    expect(e2e.app.query('SELECT * FROM answers')).toEqual([]);

    const tampered = await e2e.app.send(
      viewSubmission(
        { ...view, private_metadata: '{"q":"nope!"}' },
        { situation: 'abc', task: 'abc', action: 'abc', result: 'abc' },
      ),
    );
    expect(tampered.json()).toMatchObject({
      response_action: 'errors',
      errors: { situation: expect.stringContaining('out of date') },
    });

    const answer = {
      situation: 'Our release train kept slipping <always>.',
      task: 'I owned the fix.',
      action: 'I split the train into two lanes & wrote the runbook.',
      result: 'Slips fell from 6 to 1 a quarter.',
    };
    const saved = await e2e.app.send(viewSubmission(view, answer));
    expect(saved.status).toBe(200);
    expect(saved.text).toBe('');
    const stored = e2e.app.query<Record<string, unknown>>(
      'SELECT team_id, user_id, question_id, situation, task, action, result, posted_ts FROM answers',
    );
    expect(stored).toEqual([
      { team_id: 'T1', user_id: 'U1', question_id: 'rally-team', ...answer, posted_ts: null },
    ]);
    expect(events('answer')).toHaveLength(1);

    // The card it came from now shows the saved answer (its response_url was in the modal's metadata).
    const shown = await cardAfter(view);
    expect(shown.replace_original).toBe(true);
    expect(visibleText(shown.blocks)).toContain('Your answer is saved.');
    expect(visibleText(shown.blocks)).toContain('Our release train kept slipping &lt;always&gt;.');

    // Posting it puts it in the channel once, with its author; a second click does not post again.
    const posts = e2e.standIn.callsOf('chat.postMessage').length;
    const posted = await click(shown, 'Post my answer to channel');
    expect(posted.text, e2e.app.logs.join('\n')).toContain('Your answer is posted in <#C1>');
    const post = e2e.standIn.callsOf('chat.postMessage').at(-1);
    expect(post?.args.channel).toBe('C1');
    expect(visibleText(post?.args.blocks as unknown[])).toContain('STAR answer by <@U1>');
    expect(e2e.app.query('SELECT posted_channel_id, posted_ts FROM answers')).toEqual([
      { posted_channel_id: 'C1', posted_ts: expect.stringMatching(/^\d+\.\d+$/) },
    ]);
    const again = await click(shown, 'Post my answer to channel');
    expect(again.text).toContain('already posted');
    expect(e2e.standIn.callsOf('chat.postMessage')).toHaveLength(posts + 1);

    // Someone else cannot post it.
    const stranger = await click(shown, 'Post my answer to channel', { userId: 'U2' });
    expect(stranger.text).toContain('can’t find that answer');
  });

  it('Post to channel shares the question; a channel the bot cannot post in gets a clear reason', async () => {
    const card = await star('question 2');
    const done = await click(card, 'Post to channel');
    expect(done.text).toContain('Posted to the channel');
    expect(done.replace_original).toBe(false);
    const post = e2e.standIn.callsOf('chat.postMessage').at(-1);
    expect(post?.args.channel).toBe('C1');
    expect(visibleText(post?.args.blocks as unknown[])).toContain('<@U1> shared a practice question');
    expect(visibleText(post?.args.blocks as unknown[])).toContain(
      'Describe how you led a migration nobody wanted',
    );
    expect(e2e.app.query('SELECT team_id, channel_id, question_id, shared_by FROM shared_questions')).toEqual(
      [
        {
          team_id: 'T1',
          channel_id: 'C1',
          question_id: 'sample-deck/describe-how-you-led-a-migration-nobody-wanted',
          shared_by: 'U1',
        },
      ],
    );

    // A teammate opens the model answer from the channel post: only they see it.
    const teammate = await click({ blocks: post?.args.blocks as unknown[] }, 'Show model answer', {
      userId: 'U2',
      ephemeral: false,
    });
    expect(teammate.response_type).toBe('ephemeral');
    expect(teammate.replace_original).toBe(false);
    expect(visibleText(teammate.blocks)).toContain('I wrote the runbook &amp; ran 3 dry runs.');
    expect(events('reveal').map((e) => e.user_id)).toEqual(['U2']);

    // A second click shares nothing more: once a day per channel.
    const posts = e2e.standIn.callsOf('chat.postMessage').length;
    const again = await click(card, 'Post to channel');
    expect(again.text).toContain('already shared here today');
    expect(e2e.standIn.callsOf('chat.postMessage')).toHaveLength(posts);

    // A channel the bot cannot post in: a clear reason, and nothing recorded.
    e2e.standIn.once('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const other = await star('question 3');
    const refused = await click(other, 'Post to channel');
    expect(refused.text).toContain('invite me with `/invite @STAR Partner`');
    expect(e2e.app.query('SELECT question_id FROM shared_questions')).toEqual([
      { question_id: 'sample-deck/describe-how-you-led-a-migration-nobody-wanted' },
    ]);
  });

  it('a stale or tampered button gets an explanation, not silence', async () => {
    const reply = await click(
      {
        blocks: [
          {
            type: 'actions',
            block_id: 'card',
            elements: [
              {
                type: 'button',
                text: { type: 'plain_text', text: 'Show model answer' },
                action_id: 'star_show_answer',
                value: '{"q":"gone-from-decks","a":1}',
              },
            ],
          },
        ],
      },
      'Show model answer',
    );
    expect(reply.text).toContain('This card is out of date');
  });

  it('categories and stats count what the user practiced, per user and workspace', async () => {
    const card = await star('question 1');
    await practise(card, 'Easy');
    await star('question 3', { userId: 'U2' });

    const categories = await star('categories');
    expect(visibleText(categories.blocks)).toContain('you have practiced 1 of 3 questions');
    expect(visibleText(categories.blocks)).toContain('*Leadership* — 2 questions, 1 practiced');
    expect(visibleText(categories.blocks)).toContain('*Conflict Resolution* — 1 question, 0 practiced');

    const stats = await star('stats');
    expect(e2e.standIn.callsOf('users.info').at(-1)?.args.user).toBe('U1');
    const text = visibleText(stats.blocks);
    expect(text).toContain('*Questions practiced:* 1 of 3');
    expect(text).toContain('*Streak:* 1 day in a row');
    expect(text).toContain('*Categories covered:* 1 of 2');
    expect(text).toContain('*Average self-rating:* 4.0 of 4 (Easy) over 1 rating');
    expect(text).toContain('Europe/Berlin');
  });

  it('history survives a restart on the same database', async () => {
    const card = await star('question 1');
    await click(card, 'Show model answer');
    await e2e.restart();
    const categories = await star('categories');
    expect(visibleText(categories.blocks)).toContain('*Leadership* — 2 questions, 1 practiced');
    // The restarted app still serves unseen questions first.
    const next = await star('question leadership');
    expect(visibleText(next.blocks)).toContain('Describe how you led a migration nobody wanted');
  });
});

describe('start-up', () => {
  it('refuses to start on a broken deck, naming file and line', async () => {
    const decks = tempDir();
    writeFiles(decks.dir, {
      'broken.md': `## Leadership\n\n${questionMarkdown(1, 'Fine')}\n### Question 2: Missing parts\n`,
    });
    await expect(e2e.startApp({ dbPath: join(e2e.dir, 'other.db'), storiesDir: decks.dir })).rejects.toThrow(
      `${join(decks.dir, 'broken.md')}:22: question 2 has no **Situation**, **Task**, **Action**, **Result**`,
    );
    decks.cleanup();
  });
});

describe('when things go wrong', () => {
  const answer = {
    situation: 'We were late.',
    task: 'I had to fix it.',
    action: 'I cut scope.',
    result: 'Shipped in 2 weeks.',
  };

  const openAnswerModal = async () => openModal(await star('question 1'), 'Answer it');

  it('an expired card shows the saved answer as an ephemeral message, else in a DM; nothing is lost', async () => {
    const view = await openAnswerModal();
    e2e.standIn.failHook(cardHookOf(view));
    const ephemerals = e2e.standIn.callsOf('chat.postEphemeral').length;
    await e2e.app.send(viewSubmission(view, answer));
    await e2e.standIn.waitFor('chat.postEphemeral', ephemerals + 1);
    const ephemeral = e2e.standIn.callsOf('chat.postEphemeral').at(-1);
    expect(ephemeral?.args).toMatchObject({ channel: 'C1', user: 'U1' });
    expect(visibleText(ephemeral?.args.blocks as unknown[])).toContain('Your answer is saved.');

    // The channel refuses ephemerals too: the answer arrives in a DM.
    const view2 = await openAnswerModal();
    e2e.standIn.failHook(cardHookOf(view2));
    e2e.standIn.once('chat.postEphemeral', { body: { ok: false, error: 'channel_not_found' } });
    const posts = e2e.standIn.callsOf('chat.postMessage').length;
    await e2e.app.send(viewSubmission(view2, answer));
    await e2e.standIn.waitFor('chat.postMessage', posts + 1);
    expect(e2e.standIn.callsOf('chat.postMessage').at(-1)?.args.channel).toBe('U1');
    expect(e2e.app.query('SELECT * FROM answers')).toHaveLength(2);
  });

  it('a double click on "Post my answer to channel" posts once', async () => {
    const view = await openAnswerModal();
    await e2e.app.send(viewSubmission(view, answer));
    const shown = await cardAfter(view);
    const posts = e2e.standIn.callsOf('chat.postMessage').length;
    const replies = await Promise.all([
      click(shown, 'Post my answer to channel'),
      click(shown, 'Post my answer to channel'),
    ]);
    expect(e2e.standIn.callsOf('chat.postMessage')).toHaveLength(posts + 1);
    expect(replies.map((r) => r.text).sort()).toEqual(
      [
        ':white_check_mark: Your answer is posted in <#C1>.',
        expect.stringMatching(/being posted right now|already posted/),
      ].sort(),
    );
  });

  it('an unexpected failure gets an apology through response_url instead of silence', async () => {
    e2e.standIn.once('views.open', { body: { ok: false, error: 'internal_error' } });
    // The click opens no modal: its response_url gets the apology.
    const apology = await click(await star('question 1'), 'Answer it');
    expect(visibleText(apology.blocks)).toContain('Something went wrong on our side');
    expect(e2e.app.logs.join('\n')).toContain('listener failed');
    expect(e2e.app.logs.join('\n')).not.toContain(botToken);
  });

  it('stats fall back to UTC when Slack does not answer users.info', async () => {
    e2e.standIn.once('users.info', { status: 500, body: { ok: false } });
    const stats = await star('stats');
    expect(visibleText(stats.blocks)).toContain('Start with `/star question`');
    await click(await star('question 1'), 'Show model answer');
    await e2e.app.idle();
    e2e.standIn.once('users.info', { body: { ok: false, error: 'user_not_found' } });
    expect(visibleText((await star('stats')).blocks)).toContain('(UTC)');
  });
});

describe('a bot token Slack refuses', () => {
  it('stops start-up with one clear message', async () => {
    e2e.standIn.once('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    // It listens at once and stops when Slack has refused the token (`star serve` then exits 1).
    const refused = await e2e.startApp({ dbPath: join(e2e.dir, 'refused.db') });
    expect((await refused.halted).message).toContain('SLACK_BOT_TOKEN was refused by Slack (invalid_auth)');
  });
});
