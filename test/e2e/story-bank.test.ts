import { describe, expect, it } from 'vitest';
import { visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, type Msg } from '../support/e2e.js';
import {
  eventCallback,
  homeButtonClick,
  modalButtonClick,
  slashCommand,
  viewSubmission,
  viewSubmissionOfState,
} from '../support/signed-requests.js';
import { viewErrors } from '../support/slack-contract/block-kit.js';
import { newTriggerId } from '../support/slack-contract/interactivity.js';

/**
 * The story bank end to end, the real app against the strict stand-in (which must refuse nothing):
 * a story added in its window from `/star story add` and from the App Home, the coach's findings
 * beside it, the matrix on the Home and in `/star stories`; a question answered with one's own
 * story (the card's select, the fit rated); a story rehearsed from the Home; a story shared in a
 * channel for the rubric; the bank exported as a deck file and sent back in a DM, imported
 * unchanged; and a story started from one of the user's answers.
 */

const clock = fakeClock('2026-11-24T09:00:00Z');
const e2e = endToEnd({ clock });
const { star, openModalWith, openModal } = e2e;

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string };
  elements?: Array<{
    type: string;
    action_id: string;
    value?: string;
    text?: { text: string };
    options?: Array<{ text: { text: string }; value: string }>;
  }>;
  element?: Record<string, unknown>;
};
type View = { callback_id: string; private_metadata: string; blocks: Block[]; submit?: { text: string } };

const story = {
  title: 'The migration nobody wanted',
  situation: 'Our 12 services ran on a queue nobody wanted to leave, and it paged us weekly.',
  task: 'I owned the migration plan and the date.',
  action: 'I wrote the runbook, moved one service a week and reviewed every cutover myself.',
  result: 'All 12 services moved in 3 months with zero incidents; pages fell 80%.',
  lesson: 'I would ask the on-call people first next time.',
};

/** The story form's state as Slack submits it. */
function formState(values: typeof story, categories: readonly string[]) {
  const text = (id: string, value: string) => ({ [id]: { type: 'plain_text_input', value } });
  return {
    title: text('title', values.title),
    situation: text('situation', values.situation),
    task: text('task', values.task),
    action: text('action', values.action),
    result: text('result', values.result),
    lesson: text('lesson', values.lesson),
    categories: {
      categories: {
        type: 'multi_static_select',
        selected_options: categories.map((c) => ({ text: { type: 'plain_text', text: c }, value: c })),
      },
    },
  };
}

/** Submits the story form; the acknowledgement's body (the window it turned into, or the errors). */
async function submitStory(view: View, values = story, categories = ['Leadership'], userId = 'U1') {
  const reply = await e2e.app.send(viewSubmissionOfState(view, formState(values, categories), { userId }));
  expect(reply.status).toBe(200);
  return (await reply.json()) as { response_action: string; view?: View; errors?: Record<string, string> };
}

/** `/star story add`: the story form Slack was asked to open. */
const addStory = (userId = 'U1') =>
  openModalWith((url) => slashCommand('story add', url, { userId })) as unknown as Promise<View>;

/** The App Home as published after app_home_opened. */
async function openHome(userId = 'U1'): Promise<Block[]> {
  await e2e.app.idle();
  const published = e2e.standIn.callsOf('views.publish').length;
  await e2e.app.sendEvent(
    eventCallback({ type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home', event_ts: '1.1' }),
  );
  await e2e.standIn.waitFor('views.publish', published + 1);
  return lastPublished();
}

/** The blocks of the App Home last published. */
const lastPublished = (): Block[] =>
  (e2e.standIn.callsOf('views.publish').at(-1)?.args.view as { blocks: Block[] } | undefined)?.blocks ?? [];

/** A button of a view or Home by its label, with its block. */
function buttonIn(blocks: readonly Block[], label: string) {
  for (const block of blocks) {
    for (const element of block.elements ?? [])
      if (element.text?.text === label && element.value !== undefined)
        return { action_id: element.action_id, value: element.value, block_id: block.block_id ?? '' };
  }
  throw new Error(`no "${label}" button`);
}

/** Clicks a button inside a window (`viewId`); waits for the app's views call `method`. */
async function clickInView(view: View, label: string, method: string, userId = 'U1') {
  const before = e2e.standIn.callsOf(method).length;
  const reply = await e2e.app.send(
    modalButtonClick(
      buttonIn(view.blocks, label),
      { id: 'VSTORY', callbackId: view.callback_id ?? '' },
      { userId },
    ),
  );
  expect(reply.status).toBe(200);
  await e2e.standIn.waitFor(method, before + 1);
  return e2e.standIn.callsOf(method).at(-1)?.args as { view: View; view_id?: string };
}

/** Picks `title` in the card's "Answer with one of my stories"; returns what replaced the card. */
async function pickStory(card: Msg, title: string): Promise<Msg> {
  const block = (card.blocks as Block[]).find((b) => b.block_id === 'card_story_offer');
  const select = block?.elements?.[0];
  const option = select?.options?.find((o) => o.text.text === title);
  expect(option).toBeDefined();
  return e2e.viaResponseUrl((responseUrl) =>
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: 'U1', username: 'tester', team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy-verification-token',
        container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C1', is_ephemeral: true },
        trigger_id: newTriggerId(),
        team: { id: 'T1', domain: 'example' },
        channel: { id: 'C1', name: 'interview-prep' },
        response_url: responseUrl,
        actions: [
          {
            type: 'static_select',
            action_id: select?.action_id,
            block_id: 'card_story_offer',
            selected_option: option,
            action_ts: '1700000000.1',
          },
        ],
      }),
    }).toString(),
  );
}

describe('the story bank', () => {
  it('adds a story from /star story add; the window turns into the story with the coach’s findings', async () => {
    const form = await addStory();
    expect(form.callback_id).toBe('star_story_modal');
    const categories = form.blocks.find((b) => b.block_id === 'categories')?.element as {
      type: string;
      max_selected_items: number;
      options: Array<{ value: string }>;
    };
    expect(categories.type).toBe('multi_static_select');
    expect(categories.max_selected_items).toBe(5);
    expect(categories.options.map((o) => o.value)).toEqual(['Leadership', 'Conflict Resolution']);

    // A problem goes back to its field.
    const refused = await submitStory(form, { ...story, task: 'I' }, []);
    expect(refused).toEqual({
      response_action: 'errors',
      errors: {
        task: 'Write at least a few words.',
        categories: 'Pick at least one category this story answers.',
      },
    });

    const saved = await submitStory(form);
    expect(saved.response_action).toBe('update');
    expect(viewErrors(saved.view)).toEqual([]); // Slack would show it
    const text = visibleText(saved.view?.blocks ?? []);
    expect(text).toContain('Story added to your bank');
    expect(text).toContain(story.title);
    expect(text).toContain('STAR coach');
    // The Home was refreshed with the matrix: Conflict Resolution has no story, Leadership only one.
    await e2e.app.idle();
    const home = visibleText(lastPublished());
    expect(home).toContain('Your story bank');
    expect(home).toContain('*No story yet:* Conflict Resolution');
    expect(home).toContain('*Only one story:* Leadership');
  });

  it('adds, opens, edits and deletes a story from the App Home; the Home stays within 100 blocks', async () => {
    let home = await openHome();
    const opened = e2e.standIn.callsOf('views.open').length;
    await e2e.app.send(homeButtonClick(buttonIn(home, 'Add a story')));
    await e2e.standIn.waitFor('views.open', opened + 1);
    const form = e2e.standIn.callsOf('views.open').at(-1)?.args.view as View;
    await submitStory(form, story, ['Leadership', 'Conflict Resolution']);
    for (let i = 2; i <= 30; i++) await submitStory(form, { ...story, title: `Story number ${i}` });

    home = await openHome();
    expect(home.length).toBeLessThanOrEqual(100);
    const lines = home.filter((b) => b.block_id?.startsWith('home_story_'));
    expect(lines).toHaveLength(10);
    expect(visibleText(home)).toContain('and 20 more');

    // Open → Edit → the form filled in → saved; Delete.
    const open = lines[0]?.accessory as { action_id: string; value: string };
    const before = e2e.standIn.callsOf('views.open').length;
    await e2e.app.send(homeButtonClick({ ...open, block_id: 'home_story_1' }));
    await e2e.standIn.waitFor('views.open', before + 1);
    const view = e2e.standIn.callsOf('views.open').at(-1)?.args.view as View;
    expect(visibleText(view.blocks)).toContain('Answers: Leadership · Conflict Resolution');
    expect(visibleText(view.blocks)).not.toContain('Share in this channel'); // not opened from a channel
    const edit = await clickInView(view, 'Edit', 'views.update');
    expect(edit.view_id).toBe('VSTORY');
    const title = edit.view.blocks.find((b) => b.block_id === 'title')?.element as { initial_value: string };
    expect(title.initial_value).toBe(story.title);
    const changed = await submitStory(edit.view, { ...story, result: 'All 12 moved in 10 weeks.' }, [
      'Leadership',
    ]);
    expect(visibleText(changed.view?.blocks ?? [])).toContain('All 12 moved in 10 weeks.');
    const deleted = await clickInView(changed.view as View, 'Delete', 'views.update');
    expect(visibleText(deleted.view.blocks)).toContain('is deleted');
    expect(visibleText((await star('stories')).blocks)).not.toContain(story.title);
  });

  it('answers a question with one of the user’s stories, and the rated fit schedules the story', async () => {
    await submitStory(await addStory());
    const card = await star('question 1');
    // The offer stays on the card as it opens (the model answer, a follow-up).
    const revealed = await e2e.click(card, 'Show model answer');
    expect(JSON.stringify(revealed.blocks)).toContain('Answer with one of my stories');
    const answered = await pickStory(revealed, story.title);
    const text = visibleText(answered.blocks);
    expect(text).toContain('answering with your story');
    expect(text).toContain(story.action);
    expect(text).toContain('Follow-ups they may ask next');
    const rated = await e2e.click(answered, 'Fits perfectly');
    expect(visibleText(rated.blocks)).toContain(
      'You rated the fit *Fits perfectly*. This story comes back to be told again in 8 days.',
    );
  });

  it('rehearses the story that is due from the App Home', async () => {
    await submitStory(await addStory());
    const home = await openHome();
    const before = e2e.standIn.callsOf('views.open').length;
    await e2e.app.send(homeButtonClick(buttonIn(home, 'Rehearse a story (due)')));
    await e2e.standIn.waitFor('views.open', before + 1);
    const view = e2e.standIn.callsOf('views.open').at(-1)?.args.view as View;
    expect(visibleText(view.blocks)).toContain(story.title);
    expect(visibleText(view.blocks)).not.toContain(story.action); // told first, then checked
    const shown = await clickInView(view, 'Show my story', 'views.update');
    expect(visibleText(shown.view.blocks)).toContain(story.action);
    const rated = await clickInView(shown.view, 'Good', 'views.update');
    expect(visibleText(rated.view.blocks)).toContain('You rated it *Good*. It comes back');
    // Nothing is due now: the Home says so on its button.
    expect(visibleText(await openHome())).toContain('Rehearse a story');
    expect(visibleText(await openHome())).not.toContain('Rehearse a story (due)');
  });

  it('shares a story in a channel, where a teammate reviews it with the rubric', async () => {
    await submitStory(await addStory());
    const list = await star('stories', { channelId: 'C1' });
    const open = (list.blocks as Block[]).find((b) => b.block_id === 'story_1')?.accessory as {
      action_id: string;
      value: string;
    };
    const view = (await openModal(
      {
        blocks: [
          {
            type: 'actions',
            block_id: 'story_1',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open' }, ...open }],
          },
        ],
      },
      'Open',
      { channelId: 'C1' },
    )) as unknown as View;
    const shared = await clickInView(view, 'Share in this channel for review', 'views.update');
    expect(visibleText(shared.view.blocks)).toContain('Your story is posted in <#C1>');
    const post = e2e.posts('C1').at(-1);
    expect(visibleText(post?.blocks as Block[])).toContain(story.title);
    const review = await openModal({ blocks: post?.blocks as Block[] }, 'Review', {
      userId: 'U2',
      channelId: 'C1',
      ephemeral: false,
      messageTs: post?.ts,
    });
    expect(review.callback_id).toBe('star_review_modal');
  });

  it('exports the bank as a deck file, which sent back in a DM loads unchanged', async () => {
    const form = await addStory();
    await submitStory(form, story, ['Leadership', 'Conflict Resolution']);
    await submitStory(form, { ...story, title: 'A second one', lesson: '' }, ['Conflict Resolution']);
    const reply = await star('stories export');
    expect(visibleText(reply.blocks)).toContain('my-star-stories-2026-11-24.md');
    const deck = e2e.standIn.upload('my-star-stories-2026-11-24.md') ?? '';
    expect(deck).toContain('### Question 1: The migration nobody wanted');

    // U2 sends it to the app in a DM.
    const event = e2e.standIn.shareFileInDm('U2', { name: 'my-star-stories-2026-11-24.md', content: deck });
    const posted = e2e.standIn.callsOf('chat.postMessage').length;
    await e2e.app.sendEvent(eventCallback(event));
    await e2e.standIn.waitFor('chat.postMessage', posted + 1);
    expect(String(e2e.standIn.callsOf('chat.postMessage').at(-1)?.args.text)).toBe('Stories imported');
    expect(visibleText(e2e.standIn.callsOf('chat.postMessage').at(-1)?.args.blocks as Block[])).toContain(
      '2 added',
    );
    const mine = visibleText((await star('stories')).blocks);
    const theirs = visibleText((await star('stories', { userId: 'U2' })).blocks);
    expect(theirs).toEqual(mine);
    // Exported again by U2, the deck is the same file.
    await star('stories export', { userId: 'U2' });
    expect(e2e.standIn.upload('my-star-stories-2026-11-24.md')).toBe(deck);

    // A deck with a problem: nothing imported, each problem as file:line.
    const broken = e2e.standIn.shareFileInDm('U3', {
      name: 'mine.md',
      content: deck.replace('## Leadership', '## Hiring'),
    });
    await e2e.app.sendEvent(eventCallback(broken));
    await e2e.standIn.waitFor('chat.postMessage', posted + 2);
    const refusal = visibleText(e2e.standIn.callsOf('chat.postMessage').at(-1)?.args.blocks as Block[]);
    expect(refusal).toContain('was not imported; nothing changed');
    expect(refusal).toMatch(/mine\.md:5: "Hiring" is not a category of this app/);
    expect(visibleText((await star('stories', { userId: 'U3' })).blocks)).toContain('No stories yet');
  });

  it('starts a story from an answer the user wrote (Your answers → Open → Save as a story)', async () => {
    const card = await star('question 1');
    const answerForm = await openModal(card, 'Answer it');
    await e2e.app.send(
      viewSubmission(answerForm, {
        situation: 'Our release train kept slipping.',
        task: 'I had to get the launch out on time.',
        action: 'I cut scope with the PM and paired with the two newest engineers every morning.',
        result: 'We shipped 2 weeks early.',
      }),
    );
    const home = await openHome();
    const line = home.find((b) => b.block_id === 'home_answer_1');
    const before = e2e.standIn.callsOf('views.open').length;
    await e2e.app.send(
      homeButtonClick({
        ...(line?.accessory as { action_id: string; value: string }),
        block_id: 'home_answer_1',
      }),
    );
    await e2e.standIn.waitFor('views.open', before + 1);
    const answer = e2e.standIn.callsOf('views.open').at(-1)?.args.view as View;
    const pushed = await clickInView(answer, 'Save as a story', 'views.push');
    const form = pushed.view;
    expect(form.callback_id).toBe('star_story_modal');
    const initial = (id: string) =>
      (form.blocks.find((b) => b.block_id === id)?.element as { initial_value?: string } | undefined)
        ?.initial_value;
    expect(initial('title')).toBe('Tell me about a time you rallied a team around a deadline');
    expect(initial('action')).toBe(
      'I cut scope with the PM and paired with the two newest engineers every morning.',
    );
    const categories = form.blocks.find((b) => b.block_id === 'categories')?.element as {
      initial_options: unknown[];
    };
    expect(categories.initial_options).toEqual([
      { text: { type: 'plain_text', text: 'Leadership', emoji: true }, value: 'Leadership' },
    ]);
    const saved = await submitStory(form, { ...story, title: 'Rallying the release' });
    expect(saved.response_action).toBe('update');
  });
});
