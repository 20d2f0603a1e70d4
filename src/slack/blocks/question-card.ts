import { createHash } from 'node:crypto';
import { analyseAnswer } from '../../domain/coach.js';
import type { Question } from '../../domain/deck.js';
import { type RatingName, ratings } from '../../domain/practice.js';
import { type StarAnswer, starLabels, starParts } from '../../domain/star.js';
import { type CardState, encode } from '../card-state.js';
import { actions, rateAction } from '../ids.js';
import { coachBlocks } from './coach.js';
import {
  actionsBlock,
  type Block,
  type Button,
  blockTextLength,
  button,
  context,
  divider,
  header,
  limits,
  type Message,
  message,
  sections,
} from './kit.js';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.js';
import { type StoryChoice, storyOfferBlock } from './story-offer.js';

const ratingLabels: Record<RatingName, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

export function ratingLabel(rating: RatingName): string {
  return ratingLabels[rating];
}

/**
 * Block ids already hashed, by base and state: a card is built on every /star question and click,
 * mostly in the same few states of the same questions, and the hash was a third of its cost. A
 * pure function's memo (bounded: emptied when full), not state.
 */
const versionedIds = new Map<string, string>();
const versionedIdsKept = 10_000;

/**
 * A block_id that changes with what the card shows: Slack asks for new block_ids when a message is
 * replaced, and a click on an older copy of a card then names a block that is no longer there.
 */
function versioned(base: string, shown: object): string {
  const encoded = encode(shown);
  const key = `${base}\n${encoded}`;
  let id = versionedIds.get(key);
  if (id === undefined) {
    id = `${base}-${createHash('sha256').update(encoded).digest('hex').slice(0, 10)}`;
    if (versionedIds.size >= versionedIdsKept) versionedIds.clear();
    versionedIds.set(key, id);
  }
  return id;
}

/** The prompt as a header, or as bold text when it is too long for a header. */
export function promptBlocks(question: Question): Block[] {
  if (question.prompt.length <= limits.headerText) return [header(question.prompt)];
  return sections(`*${escapeMrkdwn(question.prompt)}*`);
}

export function questionMeta(question: Question): string {
  const parts = [`*${escapeMrkdwn(question.category)}*`];
  if (question.difficulty) parts.push(escapeMrkdwn(question.difficulty));
  if (question.stage) {
    parts.push(
      escapeMrkdwn(
        question.stageProbability === null
          ? question.stage
          : `${question.stage}, asked ${question.stageProbability}% of the time`,
      ),
    );
  }
  parts.push(`Question ${question.number}`);
  return parts.join(' · ');
}

function headBlocks(question: Question): Block[] {
  const blocks = [...promptBlocks(question), context(questionMeta(question))];
  if (question.whyAsked) blocks.push(context(`_Why it's asked:_ ${escapeMrkdwn(question.whyAsked)}`));
  return blocks;
}

function labelled(label: string, markdown: string): Block[] {
  return sections(`*${label}*\n${markdownToMrkdwn(markdown)}`);
}

function modelAnswerBlocks(question: Question): Block[] {
  const { answer } = question;
  return [
    ...starParts.flatMap((part) => labelled(starLabels[part], answer[part])),
    ...(answer.insights ? labelled('Principal-level insights', answer.insights) : []),
  ];
}

export function starAnswerBlocks(answer: StarAnswer): Block[] {
  return starParts.flatMap((part) => sections(`*${starLabels[part]}*\n${escapeMrkdwn(answer[part])}`));
}

/**
 * Where a card is shown: sharing with the team is offered only where it can work (a channel).
 * `stories`: the user's own stories, offered as "Answer with one of my stories" (none: no offer).
 */
export type CardPlace = { readonly share: boolean; readonly stories?: readonly StoryChoice[] };

function mainButtons(question: Question, state: CardState, place: CardPlace): Button[] {
  const keep = { q: state.q, ...(state.f ? { f: state.f } : {}) };
  const buttons: Button[] = [];
  if (!state.a)
    buttons.push(button('Show model answer', actions.showAnswer, encode({ ...state, a: 1 }), 'primary'));
  const next = state.i === undefined ? 0 : state.i + 1;
  if (next < question.followUps.length) {
    const { s: _shown, ...rest } = state;
    buttons.push(
      button(next === 0 ? 'Follow-up' : 'Next follow-up', actions.followUp, encode({ ...rest, i: next })),
    );
  }
  // Opened from a question in a channel: the answer goes into its thread, and the question is there already.
  buttons.push(button('Answer it', actions.answerIt, encode(state.t ? { q: state.q, t: state.t } : keep)));
  buttons.push(button('Next question', actions.nextQuestion, encode(keep)));
  if (place.share && !state.t)
    buttons.push(button('Post to channel', actions.postQuestion, encode({ q: state.q })));
  return buttons;
}

function followUpBlocks(question: Question, state: CardState): Block[] {
  if (state.i === undefined) return [];
  const followUp = question.followUps[state.i];
  if (!followUp) return [];
  const blocks: Block[] = [
    divider(),
    ...sections(
      `*Follow-up ${state.i + 1} of ${question.followUps.length}:* ${escapeMrkdwn(followUp.question)}`,
    ),
  ];
  if (state.s) blocks.push(...sections(markdownToMrkdwn(followUp.answer)));
  else {
    blocks.push(
      actionsBlock(versioned('follow_up', state), [
        button('Show follow-up answer', actions.followUpAnswer, encode({ ...state, s: 1 })),
      ]),
    );
  }
  return blocks;
}

function ratingBlocks(state: CardState): Block[] {
  if (!state.a) return [];
  if (state.r) {
    return [context(`You rated your recall *${ratingLabel(state.r)}*. Saved to your practice history.`)];
  }
  return [
    context('*How well did you recall it?* Rate yourself honestly: it decides what comes back.'),
    actionsBlock(
      versioned('rate', state),
      ratings.map((rating) =>
        button(ratingLabels[rating], rateAction(rating), encode({ ...state, r: rating })),
      ),
    ),
  ];
}

/** The private question card: prompt, then whatever the user has opened, then the buttons. */
export function questionCard(question: Question, state: CardState, place: CardPlace): Message {
  const content = [
    ...headBlocks(question),
    ...(state.a ? [divider(), ...modelAnswerBlocks(question)] : []),
    ...followUpBlocks(question, state),
  ];
  const trailing = [
    ...ratingBlocks(state),
    ...(state.t
      ? [context(':thread: From the question in this channel: *Answer it* posts your answer in its thread.')]
      : []),
    ...(place.stories && place.stories.length > 0 ? [storyOfferBlock(question.id, place.stories)] : []),
    actionsBlock(versioned('card', state), mainButtons(question, state, place)),
  ];
  return message(escapeMrkdwn(question.prompt), content, trailing);
}

/** The card after "Answer it": the saved answer, with a way to compare and to share it. */
export function answerSavedCard(
  question: Question,
  answer: StarAnswer,
  answerId: number,
  filter: string | undefined,
  place: CardPlace,
): Message {
  const keep = { q: question.id, ...(filter ? { f: filter } : {}) };
  const head = [
    context(':white_check_mark: *Your answer is saved.* Only you can see it until you post it.'),
    ...headBlocks(question),
    divider(),
    ...coachBlocks(analyseAnswer(answer)),
    divider(),
  ];
  // The card may be posted (when its response_url has expired): it stays within one post's text.
  const written = starAnswerBlocks(answer);
  const fits =
    [...head, ...written].reduce((sum, block) => sum + blockTextLength(block), 0) <= limits.postText - 500;
  return message(
    `Answer saved: ${escapeMrkdwn(question.prompt)}`,
    [
      ...head,
      ...(fits
        ? written
        : [context('Your whole answer is saved; it is too long to repeat here beside the feedback.')]),
    ],
    [
      actionsBlock(versioned('answer_saved', { answer: answerId }), [
        button('Show model answer', actions.showAnswer, encode({ ...keep, a: 1 }), 'primary'),
        ...(place.share
          ? [button('Post my answer to channel', actions.postAnswer, encode({ answer: answerId }))]
          : []),
        button('Next question', actions.nextQuestion, encode(keep)),
      ]),
    ],
  );
}

/**
 * Question cards as `/star question` first shows them (nothing opened, no story offered), by
 * question, filter and place, each built once: a card is a pure function of them and the decks do
 * not change while the app runs (building it was a tenth of the command's own work). One memo per
 * listener, so per app; bounded (filters are typed by people): emptied when full. The cards are
 * shared: nothing may change them.
 */
export function freshQuestionCards(kept = 2_000) {
  const cards = new Map<string, { readonly question: Question; readonly card: Message }>();
  return (question: Question, filter: string | undefined, share: boolean): Message => {
    const key = `${share ? 's' : '-'}${question.id}\n${filter ?? ''}`;
    const found = cards.get(key);
    if (found?.question === question) return found.card;
    const card = questionCard(question, { q: question.id, ...(filter ? { f: filter } : {}) }, { share });
    if (cards.size >= kept) cards.clear();
    cards.set(key, { question, card });
    return card;
  };
}
