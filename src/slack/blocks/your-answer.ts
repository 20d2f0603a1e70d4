import type { types } from '@slack/bolt';
import type { ReceivedReview } from '../../domain/review.js';
import { starLabels, starParts } from '../../domain/star.js';
import type { AnswerLocation } from '../../domain/your-answer-ref.js';
import type { YourAnswer, YourAnswerInFull } from '../../use-cases/your-answers.js';
import { encode } from '../card-state.js';
import { actions, openAnswerAction } from '../ids.js';
import { coachBlocks } from './coach.js';
import {
  actionsBlock,
  type Block,
  button,
  context,
  divider,
  escapedClip,
  header,
  limits,
  plain,
  sections,
} from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** The link to a message Slack gave (chat.getPermalink), if it gave one. */
export type PermalinkOf = (channelId: string, ts: string) => string | undefined;

const noLinks: PermalinkOf = () => undefined;

/** "Tue, 24 Nov 2026": the day an answer was written, in the reader's time zone. */
function answerDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone,
  }).format(at);
}

/** A link Slack gave, used only when nothing in it could break out of mrkdwn's <url|label>. */
function safeLink(url: string | undefined): string | undefined {
  return url && /^https:\/\/[^\s|<>]+$/.test(url) ? url : undefined;
}

/** "private", or "in #channel" with a link to the message. */
function whereText(location: AnswerLocation, permalinkOf: PermalinkOf): string {
  if (location.kind === 'private') return 'private';
  const link = safeLink(permalinkOf(location.channelId, location.ts));
  return `in <#${location.channelId}>${link ? ` · <${link}|view message>` : ''}`;
}

/** The question of an answer, for mrkdwn: its prompt, or what to call a question no longer in the decks. */
function questionText(answer: YourAnswer, max: number): string {
  return answer.prompt ? `*${escapedClip(answer.prompt, max)}*` : '_A question no longer in the decks_'; // its id means nothing to people
}

const noAnswersText =
  '_No answers yet._ Write one: `/star question`, then *Answer it*, or answer a question of the day in its thread.';

/**
 * "Your answers" on the App Home: the latest answers, each on one section (its question, the day in
 * the user's time zone, where it is) with an "Open" button of its own; one line saying how to write
 * one when there is none yet. block_ids are unique in the Home view (`home_answer_1`, …).
 */
export function yourAnswersBlocks(
  answers: readonly YourAnswer[],
  timeZone: string,
  permalinkOf: PermalinkOf = noLinks,
): Block[] {
  if (answers.length === 0) return sections(`*Your answers*\n${noAnswersText}`);
  return [
    ...sections(
      `*Your answers* (the latest ${answers.length}, newest first): *Open* shows one in full, with the coach's feedback and its reviews.`,
    ),
    ...answers.map(
      (answer, i): Block => ({
        type: 'section',
        block_id: `home_answer_${i + 1}`,
        text: {
          type: 'mrkdwn',
          text: `${questionText(answer, 300)}\n${answerDay(answer.at, timeZone)} · ${whereText(answer.location, permalinkOf)}`,
        },
        accessory: button('Open', openAnswerAction(i + 1), encode(answer.ref)),
      }),
    ),
  ];
}

/** An answer's text may need many sections; past this many, the rest is left to `/star export`. */
const answerBlocksMax = 60;
/** Reviews shown in full; more are counted. */
const reviewsShown = 10;

function answerBlocks(content: YourAnswerInFull['content']): Block[] {
  const text = (raw: string) => (raw.trim() === '' ? '_(empty)_' : escapeMrkdwn(raw));
  const blocks =
    content.kind === 'star'
      ? starParts.flatMap((part) => sections(`*${starLabels[part]}*\n${text(content.answer[part])}`))
      : sections(text(content.text));
  if (blocks.length <= answerBlocksMax) return blocks;
  return [
    ...blocks.slice(0, answerBlocksMax - 1),
    context('_The rest is too long to show here: `/star export` has your answers in full._'),
  ];
}

function scoresText(review: ReceivedReview): string {
  return starParts.map((part) => `${starLabels[part]} *${review[part]}*/5`).join(' · ');
}

function reviewBlocks(
  reviews: readonly ReceivedReview[],
  location: AnswerLocation,
  timeZone: string,
): Block[] {
  if (reviews.length === 0) {
    return sections(
      location.kind === 'private'
        ? '*Reviews*\n_None: teammates review answers posted in a channel (*Post my answer to channel* on its card)._'
        : '*Reviews*\n_None yet: teammates review an answer with its *Review* button or the *Review STAR answer* shortcut._',
    );
  }
  const shown = reviews.slice(0, reviewsShown);
  const quoted = (comment: string) =>
    escapedClip(comment, 2000)
      .split('\n')
      .map((line) => `>${line}`)
      .join('\n');
  // A mention in a modal only its author sees notifies nobody.
  const reviewText = (review: ReceivedReview) =>
    `<@${review.reviewerId}> · ${answerDay(review.at, timeZone)}\n${scoresText(review)}\n${quoted(review.comment)}`;
  const more = reviews.length - shown.length;
  return [
    ...sections(`*Reviews* (${reviews.length})`),
    ...shown.flatMap((review) => sections(reviewText(review))),
    ...(more > 0 ? [context(`… and ${more} more review${more === 1 ? '' : 's'}.`)] : []),
  ];
}

function placeText(location: AnswerLocation): string {
  if (location.kind === 'private') return 'saved privately: only you see it';
  return location.threadTs ? `in a thread in <#${location.channelId}>` : `posted in <#${location.channelId}>`;
}

/**
 * One of the user's answers in full, in a modal only they see: the question, when and where it was
 * written, the answer (in as many sections as it takes), the coach's feedback, and the teammates'
 * reviews with their scores and comments. Within Slack's 100 blocks whatever the answer's length.
 */
export function yourAnswerModal(answer: YourAnswerInFull, timeZone: string): types.ModalView {
  const blocks: Block[] = [
    header(answer.prompt ?? 'A question no longer in the decks'),
    context(`Written ${answerDay(answer.at, timeZone)} · ${placeText(answer.location)}`),
    // A good answer is the start of a story of one's own (the story bank), filled in from it.
    actionsBlock('your_answer_story', [
      button('Save as a story', actions.storyFromAnswer, encode(answer.ref)),
    ]),
    divider(),
    ...answerBlocks(answer.content),
    divider(),
    ...coachBlocks(answer.coach),
    divider(),
    ...reviewBlocks(answer.reviews, answer.location, timeZone),
  ];
  return {
    type: 'modal',
    title: plain('Your answer'),
    close: plain('Close'),
    blocks: blocks.slice(0, limits.viewBlocks),
  };
}

/** When the answer asked for is not the caller's (or no longer exists): said in a modal, as a Home click has no other reply. */
export function answerNotFoundModal(): types.ModalView {
  return {
    type: 'modal',
    title: plain('Your answer'),
    close: plain('Close'),
    blocks: sections(
      ":lock: *This answer can't be opened.* It is not one of your answers, or it was deleted. Yours are listed on the Home tab under *Your answers*.",
    ),
  };
}
