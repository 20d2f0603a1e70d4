import { describe, expect, it } from 'vitest';
import { visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, type ModalView, type Msg } from '../support/e2e.js';
import {
  eventCallback,
  homeButtonClick,
  messageShortcut,
  viewSubmission,
  viewSubmissionWith,
} from '../support/signed-requests.js';

/**
 * "Your answers" end to end: the App Home lists the user's latest answers (private, posted, and in a
 * thread; not their comments), each "Open" shows the answer in full in a modal, with the coach's
 * feedback and the reviews it received; a forged button value opens nothing of anyone else's; and
 * the export names the questions and where each answer is. The real app against the strict
 * stand-in, which must refuse nothing.
 */

const clock = fakeClock('2026-11-23T20:00:00Z'); // the daily post moves it to Tuesday 24 Nov, 09:00 in Berlin
const e2e = endToEnd({ clock });
const { star, openModal, openModalWith, cardAfter, click } = e2e;

const rally = 'Tell me about a time you rallied a team around a deadline';
const migration = 'Describe how you led a migration nobody wanted';
const kept = {
  situation: 'Our release train kept slipping <always>.',
  task: 'I had to get the launch out on time.',
  action: 'I cut scope with the PM and paired with the two newest engineers every morning.',
  result: 'We shipped 2 weeks early & kept everyone.',
};
const shared = {
  situation: 'Nobody wanted to leave the old queue.',
  task: 'I owned the migration plan.',
  action: 'I wrote the runbook, moved one service a week and reviewed every cutover myself.',
  result: 'All 12 services moved in 3 months with zero incidents.',
};
/** The sample deck's prompts, by question id. */
const prompts: Record<string, string> = {
  'rally-team': rally,
  'sample-deck/describe-how-you-led-a-migration-nobody-wanted': migration,
  'pm-disagreement': 'Tell me about a disagreement with a product manager',
};
const threadText =
  'Situation: the PM wanted a date. Task: I owned the estimate. Action: I split the work and showed the tradeoffs. Result: we agreed on a date 2 weeks later and hit it.';

type AnswerLine = {
  block_id: string;
  text: { text: string };
  accessory: { action_id: string; value: string; text: { text: string } };
};

/** The App Home as published for `userId` after app_home_opened. */
async function openHome(userId = 'U1'): Promise<{ blocks: unknown[]; lines: AnswerLine[] }> {
  await e2e.app.idle();
  const published = e2e.standIn.callsOf('views.publish').length;
  await e2e.app.sendEvent(
    eventCallback({ type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home', event_ts: '1.1' }),
  );
  await e2e.standIn.waitFor('views.publish', published + 1);
  const call = e2e.standIn.callsOf('views.publish').at(-1);
  expect(call?.args.user_id).toBe(userId);
  const blocks = (call?.args.view as { blocks: unknown[] } | undefined)?.blocks ?? [];
  const lines = (blocks as Array<Partial<AnswerLine> & { type: string }>).filter(
    (b): b is AnswerLine & { type: string } => b.type === 'section' && b.accessory !== undefined,
  );
  return { blocks, lines };
}

/** Clicks "Open" (or a forged copy of it) on the Home tab; returns the modal Slack was asked to open. */
async function openFromHome(button: AnswerLine['accessory'] & { block_id?: string }, userId = 'U1') {
  const opened = e2e.standIn.callsOf('views.open').length;
  const reply = await e2e.app.send(
    homeButtonClick(
      { action_id: button.action_id, value: button.value, block_id: button.block_id ?? 'home_answer_1' },
      { userId },
    ),
  );
  expect(reply.status).toBe(200);
  await e2e.standIn.waitFor('views.open', opened + 1);
  const call = e2e.standIn.callsOf('views.open').at(-1);
  return call?.args.view as ModalView & { title: { text: string } };
}

/** "Answer it" on the card of question `n`, saved; returns the card showing it. */
async function answerPrivately(n: number, answer: Record<string, string>): Promise<Msg> {
  const view = await openModal(await star(`question ${n}`), 'Answer it');
  expect((await e2e.app.send(viewSubmission(view, answer))).status).toBe(200);
  return cardAfter(view);
}

/** U1's answers: the daily question's thread (a reply and a comment), one kept private, one posted and reviewed. */
async function writeAnswers(): Promise<{ postedTs: string; replyTs: string; dailyTs: string }> {
  const daily = await e2e.dailyPost('C1'); // at 2026-11-24T08:00:00Z
  const dailyTs = daily.ts;

  clock.advance(60_000);
  await answerPrivately(1, kept);

  clock.advance(60_000);
  const card = await answerPrivately(2, shared);
  expect((await click(card, 'Post my answer to channel')).text).toContain('Your answer is posted in <#C1>');
  const postedTs = e2e.app.query<{ posted_ts: string }>(
    'SELECT posted_ts FROM answers WHERE posted_ts IS NOT NULL',
  )[0]?.posted_ts as string;
  const review = await openModalWith((url) =>
    messageShortcut('review_star_answer', { channelId: 'C1', ts: postedTs, authorId: 'U1' }, url, {
      userId: 'U2',
    }),
  );
  const reviewed = await e2e.app.send(
    viewSubmissionWith(
      review,
      { situation: '4', task: '3', action: '5', result: '2' },
      { comment: 'Say what you cut <first> & why.' },
      { userId: 'U2' },
    ),
  );
  expect(reviewed.status).toBe(200);

  clock.advance(60_000);
  const replyTs = `${Math.floor(clock.now() / 1000)}.000200`;
  const message = (ts: string, text: string) =>
    eventCallback({
      type: 'message',
      channel: 'C1',
      channel_type: 'channel',
      user: 'U1',
      text,
      ts,
      thread_ts: dailyTs,
    });
  await e2e.app.sendEvent(message(replyTs, threadText));
  clock.advance(60_000);
  await e2e.app.sendEvent(message(`${Math.floor(clock.now() / 1000)}.000300`, 'Great answer, thanks!'));
  await expect
    .poll(() => e2e.app.query('SELECT * FROM thread_answers WHERE thread_ts = ?', dailyTs))
    .toHaveLength(2);
  await e2e.app.idle();
  return { postedTs, replyTs, dailyTs };
}

const link = (ts: string) => `https://example.slack.com/archives/C1/p${ts.replace('.', '')}`;

describe('Your answers on the App Home', () => {
  it('a user who practised but wrote no answer sees one line saying how to write one', async () => {
    await e2e.practise(await star('question 1'), 'Good'); // someone new sees the first steps instead
    const { blocks, lines } = await openHome();
    expect(lines).toEqual([]);
    expect(visibleText(blocks)).toContain(
      '*Your answers*\n_No answers yet._ Write one: `/star question`, then *Answer it*, or answer a question of the day in its thread.',
    );
  });

  it('lists the latest answers, newest first, with the day and where; Open shows each in full', async () => {
    const { postedTs, replyTs, dailyTs } = await writeAnswers();
    const dailyQuestion = e2e.app.query<{ question_id: string }>(
      'SELECT question_id FROM daily_outbox WHERE message_ts = ?',
      dailyTs,
    )[0]?.question_id as string;
    const dailyPrompt = prompts[dailyQuestion];
    expect(dailyPrompt).toBeDefined();

    const { lines } = await openHome();
    // The reply in the thread, the posted answer, the private one; not the comment.
    expect(lines.map((l) => l.block_id)).toEqual(['home_answer_1', 'home_answer_2', 'home_answer_3']);
    expect(lines.map((l) => [l.accessory.text.text, l.accessory.action_id])).toEqual([
      ['Open', 'star_open_answer_1'],
      ['Open', 'star_open_answer_2'],
      ['Open', 'star_open_answer_3'],
    ]);
    const [reply, posted, privately] = lines.map((l) => l.text.text);
    expect(reply).toBe(`*${dailyPrompt}*\nTue, 24 Nov 2026 · in <#C1> · <${link(replyTs)}|view message>`);
    expect(posted).toBe(`*${migration}*\nTue, 24 Nov 2026 · in <#C1> · <${link(postedTs)}|view message>`);
    expect(privately).toBe(`*${rally}*\nTue, 24 Nov 2026 · private`);
    expect(
      e2e.standIn
        .callsOf('chat.getPermalink')
        .slice(-2)
        .map((c) => c.args.message_ts),
    ).toEqual([replyTs, postedTs]);

    // The posted answer: its four parts, the coach, and U2's review with its scores and comment.
    const postedView = await openFromHome(lines[1]?.accessory as AnswerLine['accessory']);
    expect(postedView.title.text).toBe('Your answer');
    const postedText = visibleText(postedView.blocks);
    expect(postedText).toContain(migration);
    expect(postedText).toContain('Written Tue, 24 Nov 2026 · posted in <#C1>');
    expect(postedText).toContain(
      '*Action*\nI wrote the runbook, moved one service a week and reviewed every cutover myself.',
    );
    expect(postedText).toContain(':speech_balloon: *STAR coach*');
    expect(postedText).toContain('*Reviews* (1)');
    expect(postedText).toContain(
      '<@U2> · Tue, 24 Nov 2026\nSituation *4*/5 · Task *3*/5 · Action *5*/5 · Result *2*/5',
    );
    expect(postedText).toContain('>Say what you cut &lt;first&gt; &amp; why.');

    // The private one: escaped as written, and no reviews (it was never in a channel).
    const privateView = await openFromHome(lines[2]?.accessory as AnswerLine['accessory']);
    const privateText = visibleText(privateView.blocks);
    expect(privateText).toContain(rally);
    expect(privateText).toContain('saved privately: only you see it');
    expect(privateText).toContain('*Situation*\nOur release train kept slipping &lt;always&gt;.');
    expect(privateText).toContain('*Result*\nWe shipped 2 weeks early &amp; kept everyone.');
    expect(privateText).toContain('teammates review answers posted in a channel');

    // The reply in the thread: its text, read by the coach as a written summary.
    const replyView = await openFromHome(lines[0]?.accessory as AnswerLine['accessory']);
    const replyText = visibleText(replyView.blocks);
    expect(replyText).toContain(dailyPrompt);
    expect(replyText).toContain('in a thread in <#C1>');
    expect(replyText).toContain(threadText);
    expect(replyText).toContain(':speech_balloon: *STAR coach*');
    expect(replyText).toContain('*Reviews*\n_None yet');
  });

  it('a forged value (another user’s answer) opens nothing of theirs', async () => {
    await writeAnswers();
    const { lines } = await openHome();
    const [reply, posted, privately] = lines.map((l) => l.accessory);
    const secret = 'reviewed every cutover myself';
    for (const button of [reply, posted, privately]) {
      const view = await openFromHome(button as AnswerLine['accessory'], 'U2');
      const text = visibleText(view.blocks);
      expect(text).toContain("*This answer can't be opened.* It is not one of your answers");
      expect(text).not.toContain(secret);
      expect(text).not.toContain('Our release train');
    }
    // Nor does a value that names no answer at all, or an id that does not exist.
    for (const value of ['not json', '{"kind":"private","id":-1}', '{"kind":"private","id":999}']) {
      const view = await openFromHome({ action_id: 'star_open_answer_4', value, text: { text: 'Open' } });
      expect(visibleText(view.blocks)).toContain("*This answer can't be opened.*");
    }
    // U2's own Home lists none of U1's answers.
    expect((await openHome('U2')).lines).toEqual([]);
  });

  it('the export names each question and says where each answer is', async () => {
    const { postedTs, replyTs, dailyTs } = await writeAnswers();
    expect((await star('export')).blocks).toBeDefined();
    const csv = e2e.standIn.upload('star-partner-export-2026-11-24.csv') ?? '';
    expect(csv.split('\r\n')[0]).toBe(
      'record,at,question_id,kind,rating,where,text,reviewer,scores,question,posted_in,message',
    );
    expect(csv).toContain(`kept everyone.",,,${rally},private,\r\n`);
    expect(csv).toContain(
      `zero incidents.",,,${migration},C1,/archives/C1/p${postedTs.replace('.', '')}\r\n`,
    );
    expect(csv).toContain(`,C1,/archives/C1/p${replyTs.replace('.', '')}?thread_ts=${dailyTs}&cid=C1\r\n`);
    expect(csv).toContain(
      `review received,2026-11-24T08:02:00.000Z,,rubric,,C1,Say what you cut <first> & why.,U2,S4 T3 A5 R2,,C1,/archives/C1/p${postedTs.replace('.', '')}`,
    );
  });
});
