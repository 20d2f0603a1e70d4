import type { types } from '@slack/bolt';
import { z } from 'zod';
import { builtOnce } from '../../domain/built-once.js';
import type { Question } from '../../domain/deck.js';
import { type RatingName, ratings } from '../../domain/practice.js';
import { answerPartMax, starLabels, starParts } from '../../domain/star.js';
import {
  type Story,
  type StoryField,
  type StoryForm,
  storyCategoriesMax,
  storyTitleMax,
} from '../../domain/story.js';
import type { StoryMatrix } from '../../domain/story-matrix.js';
import type {
  CoachedStory,
  ImportResult,
  ShareStoryResult,
  StoriesDeckResult,
  StoryBank,
} from '../../use-cases/stories.js';
import { encode } from '../card-state.js';
import { actions, storyRateAction, views } from '../ids.js';
import { postFailureText } from '../slack-errors.js';
import { coachBlocks } from './coach.js';
import {
  actionsBlock,
  type Block,
  type Button,
  button,
  clip,
  context,
  divider,
  escapedClip,
  header,
  limits,
  type Message,
  message,
  plain,
  sections,
} from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { promptBlocks } from './question-card.js';

// ---------------------------------------------------------------------------------------------
// What buttons and windows carry (each schema built on first use: see built-once.ts)

/** A button naming one of the user's stories (`c`: the channel its list was shown in, for sharing). */
export const storyRefSchema = builtOnce(() =>
  z.object({ s: z.number().int().positive(), c: z.string().max(40).optional() }),
);
type StoryRef = z.infer<ReturnType<typeof storyRefSchema>>;

/** A story chosen for a question (the card's select), or rated for it (`r`). */
export const storyPickSchema = builtOnce(() =>
  z.object({
    q: z.string().min(1).max(120),
    s: z.number().int().positive(),
    r: z.enum(ratings).optional(),
  }),
);
type StoryPick = z.infer<ReturnType<typeof storyPickSchema>>;

/** The story form's private_metadata: the story changed (none: a new one). */
export const storyFormMetadataSchema = builtOnce(() =>
  z.object({ s: z.number().int().positive().optional() }),
);

/** The rehearsal window's state, in its buttons: the story, and whether it is shown. */
export const rehearsalSchema = builtOnce(() =>
  z.object({
    s: z.number().int().positive(),
    shown: z.literal(1).optional(),
    r: z.enum(ratings).optional(),
  }),
);
type Rehearsal = z.infer<ReturnType<typeof rehearsalSchema>>;

// ---------------------------------------------------------------------------------------------
// The story form

/** The story form's inputs: block_id and action_id are the form's field names. */
export const storyInputs = {
  title: 'title',
  situation: 'situation',
  task: 'task',
  action: 'action',
  result: 'result',
  lesson: 'lesson',
  categories: 'categories',
} as const satisfies Record<StoryField, StoryField>;

const placeholders: Record<'situation' | 'task' | 'action' | 'result' | 'lesson', string> = {
  situation: 'Where and when; what was at stake. Two or three sentences.',
  task: 'What you had to achieve, and why it was yours.',
  action: 'What you did, in "I", with the tradeoffs you weighed.',
  result: 'What changed, in numbers.',
  lesson: 'What you learned, or would do differently.',
};

/** Select options of categories: Slack takes at most 100, each label at most 75 characters. */
const categoryOption = (name: string): types.PlainTextOption => ({
  text: plain(clip(name, 75)),
  value: name.slice(0, 150),
});

function textInput(
  id: StoryField,
  label: string,
  options: { multiline: boolean; max: number; initial?: string; placeholder?: string; optional?: boolean },
): types.InputBlock {
  return {
    type: 'input',
    block_id: id,
    label: plain(label),
    ...(options.optional ? { optional: true } : {}),
    element: {
      type: 'plain_text_input',
      action_id: id,
      multiline: options.multiline,
      max_length: options.max,
      ...(options.initial ? { initial_value: options.initial.slice(0, options.max) } : {}),
      ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
    },
  };
}

/**
 * The story form: a title, the four STAR parts, the lesson, and the categories it answers (a
 * multi-select of the decks' categories, at most `storyCategoriesMax`). Filled in from `story` when
 * it changes one (or starts from an answer); `id` is the story changed.
 */
export function storyModal(input: {
  categories: readonly string[];
  story?: Partial<StoryForm>;
  id?: number;
}): types.ModalView {
  const offered = input.categories.slice(0, 100);
  const initial = (input.story?.categories ?? []).filter((name) => offered.includes(name));
  const categories: types.InputBlock = {
    type: 'input',
    block_id: storyInputs.categories,
    label: plain('Categories it answers'),
    hint: plain(`The kinds of question this story can answer (at most ${storyCategoriesMax}).`),
    element: {
      type: 'multi_static_select',
      action_id: storyInputs.categories,
      placeholder: plain('Pick categories'),
      max_selected_items: storyCategoriesMax,
      options: offered.map(categoryOption),
      ...(initial.length > 0 ? { initial_options: initial.map(categoryOption) } : {}),
    },
  };
  const story = input.story ?? {};
  return {
    type: 'modal',
    callback_id: views.story,
    private_metadata: encode(input.id === undefined ? {} : { s: input.id }),
    title: plain(input.id === undefined ? 'Add a story' : 'Edit story'),
    submit: plain('Save story'),
    close: plain('Cancel'),
    blocks: [
      context('Your stories are private: only you see them, unless you share one for review.'),
      textInput('title', 'Title', {
        multiline: false,
        max: storyTitleMax,
        ...(story.title ? { initial: story.title } : {}),
        placeholder: 'The migration nobody wanted',
      }),
      ...starParts.map((part) =>
        textInput(part, starLabels[part], {
          multiline: true,
          max: answerPartMax,
          ...(story[part] ? { initial: story[part] } : {}),
          placeholder: placeholders[part],
        }),
      ),
      textInput('lesson', 'Lesson', {
        multiline: true,
        max: answerPartMax,
        optional: true,
        ...(story.lesson ? { initial: story.lesson } : {}),
        placeholder: placeholders.lesson,
      }),
      ...(offered.length > 0 ? [categories] : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// A story, in full

function storyTextBlocks(story: Story): Block[] {
  return [
    ...starParts.flatMap((part) => sections(`*${starLabels[part]}*\n${escapeMrkdwn(story[part])}`)),
    ...(story.lesson ? sections(`*Lesson*\n${escapeMrkdwn(story.lesson)}`) : []),
  ];
}

const categoriesText = (story: Story) => story.categories.map((c) => escapeMrkdwn(c)).join(' · ');

/**
 * One of the user's stories in a window only they see: the story, the coach's findings beside it,
 * and Edit / Delete; "Share in this channel for review" when it was opened from a channel's list
 * (`channelId`). `saved`: it was just saved (the form turned into it).
 */
export function storyViewModal(
  coached: CoachedStory,
  options: { channelId?: string; saved?: 'added' | 'changed' } = {},
): types.ModalView {
  const { story, coach } = coached;
  const ref: StoryRef = { s: story.id, ...(options.channelId ? { c: options.channelId } : {}) };
  const buttons: Button[] = [
    button('Edit', actions.storyEdit, encode(ref)),
    {
      ...button('Delete', actions.storyDelete, encode(ref), 'danger'),
      confirm: {
        title: plain('Delete this story?'),
        text: plain(clip(`"${story.title}" leaves your story bank, with its rehearsal schedule.`, 300)),
        confirm: plain('Delete'),
        deny: plain('Keep it'),
        style: 'danger',
      },
    },
  ];
  if (options.channelId)
    buttons.push(button('Share in this channel for review', actions.storyShare, encode(ref)));
  const saved = options.saved
    ? [
        context(
          `:white_check_mark: *Story ${options.saved === 'added' ? 'added to your bank' : 'saved'}.* Only you see it.`,
        ),
      ]
    : [];
  const text = storyTextBlocks(story);
  const room = limits.viewBlocks - 8 - saved.length;
  return {
    type: 'modal',
    title: plain('Your story'),
    close: plain('Close'),
    private_metadata: encode(ref),
    blocks: [
      ...saved,
      header(story.title),
      context(`Answers: ${categoriesText(story)}`),
      divider(),
      ...(text.length <= room
        ? text
        : [...text.slice(0, room - 1), context('_The rest is in your exported deck._')]),
      divider(),
      ...coachBlocks(coach),
      actionsBlock('story_buttons', buttons),
    ].slice(0, limits.viewBlocks),
  };
}

/** When the story asked for is not the caller's (or was deleted). */
export function storyNotFoundModal(): types.ModalView {
  return {
    type: 'modal',
    title: plain('Your story'),
    close: plain('Close'),
    blocks: sections(
      ":lock: *This story can't be opened.* It is not one of yours, or it was deleted. `/star stories` lists yours.",
    ),
  };
}

/** After Delete: the window says so. */
export function storyDeletedModal(title: string | undefined): types.ModalView {
  return {
    type: 'modal',
    title: plain('Your story'),
    close: plain('Close'),
    blocks: sections(
      title ? `:wastebasket: *${escapedClip(title, 200)}* is deleted.` : 'That story was already deleted.',
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// The matrix

/** The matrix as text: one line a category, its stories named; then the gaps and the thin ones. */
function matrixText(matrix: StoryMatrix, maxRows = 40): string {
  const line = (row: StoryMatrix['rows'][number]) => {
    const mark =
      row.stories.length === 0
        ? ':white_circle:'
        : row.stories.length === 1
          ? ':large_yellow_circle:'
          : ':large_green_circle:';
    const names =
      row.stories.length === 0
        ? '_no story_'
        : row.stories
            .slice(0, 4)
            .map((s) => escapedClip(s.title, 60))
            .join(', ') + (row.stories.length > 4 ? ` and ${row.stories.length - 4} more` : '');
    return `${mark} *${escapeMrkdwn(clip(row.category, 80))}* (${row.stories.length}): ${names}`;
  };
  const rows = matrix.rows.slice(0, maxRows).map(line);
  if (matrix.rows.length > maxRows) rows.push(`… and ${matrix.rows.length - maxRows} more categories`);
  const named = (names: readonly string[]) => names.map((n) => escapeMrkdwn(clip(n, 80))).join(', ');
  const summary: string[] = [];
  if (matrix.gaps.length > 0) summary.push(`*No story yet:* ${named(matrix.gaps)}`);
  if (matrix.thin.length > 0) summary.push(`*Only one story:* ${named(matrix.thin)}`);
  if (matrix.gaps.length === 0 && matrix.thin.length === 0 && matrix.rows.length > 0)
    summary.push('Every category has at least two stories. :tada:');
  return [...rows, ...(summary.length ? ['', ...summary] : [])].join('\n');
}

const noStoriesText =
  '_No stories yet._ Interviewers at staff and principal level probe the same competencies again and again: write eight to twelve stories of your own, each answering a few categories, and rehearse them.';

/** A story's line with its "Open" button (block_id unique in its view or message). */
function storyLine(story: Story, blockId: string, channelId?: string): Block {
  const ref: StoryRef = { s: story.id, ...(channelId ? { c: channelId } : {}) };
  return {
    type: 'section',
    block_id: blockId,
    text: { type: 'mrkdwn', text: `*${escapedClip(story.title, 200)}*\n${clip(categoriesText(story), 500)}` },
    accessory: button('Open', actions.storyOpen, encode(ref)),
  };
}

/**
 * The story bank on the App Home: the matrix, then the stories with "Open" (at most `maxLines`,
 * so the Home stays within its 100 blocks), and Add / Rehearse / Export. `due`: a story is due to
 * be told again.
 */
export function storyBankHomeBlocks(bank: StoryBank, options: { maxLines: number; due: boolean }): Block[] {
  const buttons = [addStoryButton()];
  if (bank.stories.length > 0) {
    buttons.push(
      button(options.due ? 'Rehearse a story (due)' : 'Rehearse a story', actions.storyRehearse, 'rehearse'),
    );
    buttons.push(button('Export my stories', actions.storyExport, 'export'));
  }
  if (bank.stories.length === 0)
    return [...sections(`*Your story bank*\n${noStoriesText}`), actionsBlock('home_stories', buttons)];
  const shown = bank.stories.slice(0, Math.max(0, options.maxLines));
  const more = bank.stories.length - shown.length;
  return [
    ...sections(
      `*Your story bank* (${bank.stories.length}): the categories and the stories that answer them\n${matrixText(bank.matrix, 20)}`,
    ),
    ...shown.map((story, i) => storyLine(story, `home_story_${i + 1}`)),
    ...(more > 0 ? [context(`… and ${more} more: \`/star stories\` lists them all.`)] : []),
    actionsBlock('home_stories', buttons),
  ];
}

/** "Add a story": the story form, empty. */
export function addStoryButton(): Button {
  return button('Add a story', actions.storyAdd, 'add', 'primary');
}

/** `/star stories`: the matrix and the stories with "Open" (sharing for review offered in a channel). */
export function storiesMessage(bank: StoryBank, place: { channelId?: string }): Message {
  const add = actionsBlock('stories_add', [addStoryButton()]);
  if (bank.stories.length === 0)
    return message(
      'Your story bank is empty',
      [...sections(`*Your story bank*\n${noStoriesText}\n\n${matrixText(bank.matrix)}`)],
      [add],
    );
  const lines = bank.stories
    .slice(0, 30)
    .map((story, i) => storyLine(story, `story_${i + 1}`, place.channelId));
  const more = bank.stories.length - lines.length;
  return message(
    `Your story bank: ${bank.stories.length} stor${bank.stories.length === 1 ? 'y' : 'ies'}`,
    [
      ...sections(`*Your story bank* (${bank.stories.length})\n${matrixText(bank.matrix)}`),
      divider(),
      ...lines,
      ...(more > 0 ? [context(`… and ${more} more (all of them in *Export my stories*).`)] : []),
      context(
        place.channelId
          ? 'Only you see this. *Open* a story to edit it, or to share it in this channel for peer review.'
          : 'Only you see this. *Open* a story to edit it; run `/star stories` in a channel to share one for review.',
      ),
    ],
    [add],
  );
}

// ---------------------------------------------------------------------------------------------
// Practice with a story

const fitLabels: Record<RatingName, string> = {
  again: "Doesn't fit",
  hard: 'A stretch',
  good: 'Fits',
  easy: 'Fits perfectly',
};

const toldLabels: Record<RatingName, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

/** "in 3 days", "tomorrow": when a story comes back. */
function comesBack(dueAt: number, now: number): string {
  const days = Math.round((dueAt - now) / 86_400_000);
  if (days <= 0) return 'later today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}

/**
 * The question card answered with one of the user's stories: the question, the story beside it,
 * the follow-ups an interviewer may ask next, and "how well does it fit?" (the rating schedules the
 * story's next rehearsal). `rated`: the fit given, and when the story comes back.
 */
export function storyAnswerCard(
  question: Question,
  story: Story,
  rated?: { rating: RatingName; dueAt: number; now: number },
): Message {
  const pick: StoryPick = { q: question.id, s: story.id };
  const followUps = question.followUps.map((f) => `• ${escapeMrkdwn(f.question)}`).join('\n');
  const content = [
    ...promptBlocks(question),
    context(
      `*${escapeMrkdwn(question.category)}* · answering with your story *${escapedClip(story.title, 200)}*`,
    ),
    divider(),
    ...storyTextBlocks(story),
    ...(followUps ? [divider(), ...sections(`*Follow-ups they may ask next*\n${followUps}`)] : []),
  ];
  const trailing: Block[] = rated
    ? [
        context(
          `You rated the fit *${fitLabels[rated.rating]}*. This story comes back to be told again ${comesBack(rated.dueAt, rated.now)}.`,
        ),
      ]
    : [
        context('*How well does your story answer it?* Tell it out loud, then rate the fit.'),
        actionsBlock(
          `story_fit_${story.id}`,
          ratings.map((rating) =>
            button(fitLabels[rating], storyRateAction(rating), encode({ ...pick, r: rating })),
          ),
        ),
      ];
  trailing.push(
    actionsBlock(`story_card_${story.id}_${rated ? rated.rating : 'open'}`, [
      button('Show model answer', actions.showAnswer, encode({ q: question.id, a: 1 })),
      button('Next question', actions.nextQuestion, encode({ q: question.id })),
    ]),
  );
  return message(`Your story for: ${escapeMrkdwn(question.prompt)}`, content, trailing);
}

/**
 * "Rehearse a story": the story that is due, its title and categories first; "Show my story"
 * reveals it after the user has told it; then how well they told it (Again … Easy), which
 * schedules the next time.
 */
export function rehearseModal(
  story: Story | undefined,
  state?: { shown?: boolean; rated?: { rating: RatingName; dueAt: number; now: number } },
): types.ModalView {
  const base = { type: 'modal' as const, title: plain('Rehearse a story'), close: plain('Close') };
  if (!story)
    return {
      ...base,
      blocks: sections(
        '*No story to rehearse.* Add one first: *Add a story* on the Home tab, or `/star story add`.',
      ),
    };
  const blocks: Block[] = [
    header(story.title),
    context(`Answers: ${categoriesText(story)}`),
    ...sections(
      'Tell this story out loud, as in an interview: Situation, Task, Action, Result, and what you learned. Then check it against what you wrote.',
    ),
  ];
  if (!state?.shown && !state?.rated) {
    blocks.push(
      actionsBlock('rehearse_show', [
        button(
          'Show my story',
          actions.storyReveal,
          encode({ s: story.id, shown: 1 } satisfies Rehearsal),
          'primary',
        ),
      ]),
    );
  } else {
    blocks.push(divider(), ...storyTextBlocks(story), divider());
    if (state.rated) {
      blocks.push(
        context(
          `You rated it *${toldLabels[state.rated.rating]}*. It comes back ${comesBack(state.rated.dueAt, state.rated.now)}.`,
        ),
      );
    } else {
      blocks.push(
        context('*How well did you tell it?* It decides when it comes back.'),
        actionsBlock(
          `rehearse_rate_${story.id}`,
          ratings.map((rating) =>
            button(
              toldLabels[rating],
              storyRateAction(rating),
              encode({ s: story.id, shown: 1, r: rating } satisfies Rehearsal),
            ),
          ),
        ),
      );
    }
  }
  return { ...base, private_metadata: encode({ s: story.id }), blocks: blocks.slice(0, limits.viewBlocks) };
}

// ---------------------------------------------------------------------------------------------
// Replies

/** What "Export my stories" says. */
export function storiesDeckMessage(result: StoriesDeckResult): Message {
  switch (result.kind) {
    case 'empty':
      return message(
        'No stories to export',
        sections('You have no stories yet: *Add a story* first (`/star story add`).'),
      );
    case 'file':
      return message(
        'Stories exported',
        sections(
          `:page_facing_up: Your ${result.count === 1 ? 'story is' : `${result.count} stories are`} in our DM as \`${result.filename}\`, a deck in the app's own format. Send the file back to me in a DM to load it again.`,
        ),
      );
    case 'inline':
      return message('Your stories, as a deck', [
        ...sections(`Slack took no file (${result.code ?? 'it gave no reason'}); here is your deck to copy:`),
        ...sections(`\`\`\`${result.markdown.replace(/```/g, "'''")}\`\`\``).slice(0, 45),
      ]);
  }
}

/** What a deck sent in a DM came to. */
export function importResultMessage(
  file: string,
  result: ImportResult | { kind: 'unreadable'; reason: string },
): Message {
  if (result.kind === 'imported') {
    const parts = [
      result.added > 0 ? `${result.added} added` : '',
      result.updated > 0 ? `${result.updated} updated (same title)` : '',
    ].filter(Boolean);
    return message(
      'Stories imported',
      sections(
        `:inbox_tray: *${escapeMrkdwn(clip(file, 100))}*: ${parts.join(', ') || 'nothing new'}. Your story bank is on the Home tab; \`/star stories\` lists it.`,
      ),
    );
  }
  if (result.kind === 'unreadable')
    return message(
      'Not imported',
      sections(
        `:warning: *${escapeMrkdwn(clip(file, 100))}* was not imported: ${escapeMrkdwn(result.reason)}`,
      ),
    );
  const shown = result.errors.slice(0, 20).map((e) => escapeMrkdwn(clip(e, 400)));
  const more = result.errors.length - shown.length;
  return message('Not imported', [
    ...sections(
      `:warning: *${escapeMrkdwn(clip(file, 100))}* was not imported; nothing changed. Fix these and send it again:\n\`\`\`${shown.join('\n').replace(/```/g, "'''")}\`\`\`${more > 0 ? `\n… and ${more} more` : ''}`,
    ),
  ]);
}

/** What "Share in this channel for review" came to. */
export function shareStoryText(result: ShareStoryResult): string {
  switch (result.kind) {
    case 'shared':
      return `:mega: Your story is posted in <#${result.channelId}>: teammates can react to it and *Review* each STAR part.`;
    case 'no-access':
      return postFailureText(result.code);
    case 'not-found':
      return "That story can't be shared: it is not one of yours, or it was deleted.";
  }
}

/** A shared story, as posted in the channel: its author, title and parts, and the Review button. */
export function sharedStoryMessage(story: Story): Message {
  return message(
    `STAR story by <@${story.userId}>: ${escapeMrkdwn(story.title)}`,
    [
      context(`:star: STAR story by <@${story.userId}>`),
      ...sections(`*${escapedClip(story.title, 300)}*`),
      ...storyTextBlocks(story),
    ],
    [
      context('React to score it, or review each STAR part:'),
      actionsBlock('answer_review', [button('Review', actions.review, 'review')]),
    ],
  );
}
