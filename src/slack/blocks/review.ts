import type { types } from '@slack/bolt';
import {
  type RubricScores,
  reviewCommentMax,
  type StarPart,
  starLabels,
  starParts,
} from '../../domain/star.js';
import type { Leaderboard } from '../../use-cases/peer-review.js';
import { encode, type ReviewModalMetadata } from '../card-state.js';
import { views } from '../ids.js';
import { context, escapedClip, type Message, message, plain, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

const hints: Record<StarPart, string> = {
  situation: 'Clear, short context?',
  task: 'Was their own responsibility clear?',
  action: 'What they did, with tradeoffs, in "I"?',
  result: 'Measurable outcome and a lesson?',
};

/** The rubric's inputs: each STAR part scored 1–5 (block and action ids: the part), and `comment`. */
export function rubricInputs(): types.InputBlock[] {
  const scoreOptions = [1, 2, 3, 4, 5].map((n) => ({
    text: plain(`${n}${n === 1 ? ' (weak)' : n === 5 ? ' (strong)' : ''}`),
    value: String(n),
  }));
  return [
    ...starParts.map(
      (part): types.InputBlock => ({
        type: 'input',
        block_id: part,
        label: plain(starLabels[part]),
        hint: plain(hints[part]),
        element: {
          type: 'static_select',
          action_id: part,
          placeholder: plain('1 to 5'),
          options: scoreOptions,
        },
      }),
    ),
    {
      type: 'input',
      block_id: 'comment',
      label: plain('What would make it stronger?'),
      element: {
        type: 'plain_text_input',
        action_id: 'comment',
        multiline: true,
        max_length: reviewCommentMax,
        placeholder: plain('One or two specific suggestions'),
      },
    },
  ];
}

/** The rubric modal: each STAR part scored 1–5, and what would make the answer stronger. */
export function reviewModal(input: {
  authorId: string;
  excerpt: string;
  channelId: string;
  messageTs: string;
}): types.ModalView {
  return {
    type: 'modal',
    callback_id: views.review,
    private_metadata: encode({ c: input.channelId, ts: input.messageTs } satisfies ReviewModalMetadata),
    title: plain('Review STAR answer'),
    submit: plain('Send review'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          // A mention in a modal notifies nobody, and needs no users.info call before the trigger expires.
          text: `*<@${input.authorId}>'s answer*\n${escapedClip(input.excerpt, 2900)}`,
        },
      },
      ...rubricInputs(),
    ],
  };
}

/** Each STAR part's score out of 5, on one line. */
export function scoresLine(scores: RubricScores): string {
  return starParts.map((part) => `${starLabels[part]} *${scores[part]}*/5`).join(' · ');
}

/** The DM to the answer's author. */
export function reviewReceivedMessage(input: {
  reviewerId: string;
  scores: RubricScores;
  comment: string;
  permalink: string | undefined;
  replaced: boolean;
}): Message {
  const where = input.permalink ? `<${input.permalink}|your answer>` : 'your answer';
  return message(`<@${input.reviewerId}> reviewed your STAR answer`, [
    ...sections(
      `:memo: <@${input.reviewerId}> ${input.replaced ? 'updated their review of' : 'reviewed'} ${where}:\n${scoresLine(input.scores)}`,
    ),
    ...sections(`*What would make it stronger:*\n${escapedClip(input.comment, 2900)}`),
    context('Scores are 1 (weak) to 5 (strong) per STAR part. `/star stats` shows your averages.'),
  ]);
}

const medals = [':first_place_medal:', ':second_place_medal:', ':third_place_medal:'];

/**
 * Standings, one line per row in rank order: a medal for each of the first three, then `after`
 * ("4." or "•"); `empty` when there are no rows.
 */
export function rankedLines<T>(
  rows: readonly T[],
  line: (row: T) => string,
  options: { empty: string; after: (index: number) => string },
): string {
  if (rows.length === 0) return options.empty;
  return rows.map((row, i) => `${medals[i] ?? options.after(i)} ${line(row)}`).join('\n');
}

/** A reviewer in standings: name in bold, and how many reviews. */
export const reviewerLine = (row: { name: string; reviews: number }) =>
  `*${escapeMrkdwn(row.name)}* — ${row.reviews} review${row.reviews === 1 ? '' : 's'}`;

/** Names in bold, never `<@…>` mentions: a leaderboard pings nobody. */
export function leaderboardMessage(board: Leaderboard, formatSince: (at: number) => string): Message {
  const title = { week: 'This week', month: 'This month', all: 'All time' }[board.period];
  const numbered = (i: number) => `${i + 1}.`;
  const answerers = rankedLines(
    board.answerers.slice(0, 10),
    (row) =>
      `*${escapeMrkdwn(row.name)}* — ${row.points} point${row.points === 1 ? '' : 's'}, ${row.answers} answer${row.answers === 1 ? '' : 's'}`,
    { empty: '_No answers yet._', after: numbered },
  );
  const reviewers = rankedLines(board.reviewers.slice(0, 5), reviewerLine, {
    empty: '_No reviews yet._',
    after: numbered,
  });
  const where = board.scope === 'workspace' ? ', every channel' : '';
  return message(`Leaderboard: ${title.toLowerCase()}${where}`, [
    ...sections(
      `*Leaderboard${board.scope === 'workspace' ? ' of the workspace' : ''} — ${title}*${board.period === 'all' ? '' : ` (since ${formatSince(board.since)}, ${board.timeZone})`}\n\n*Answers*\n${answerers}`,
    ),
    ...sections(`*Most helpful reviewers*\n${reviewers}`),
    context(
      'Points come from reactions on answers (at most 3 per reviewer per answer). Also: `/star leaderboard week|month|all`, `/star leaderboard workspace` for every channel; `/star leaderboard hide` keeps you off every board.',
    ),
  ]);
}

/** The reply to `/star leaderboard hide|show`, for the caller only. */
export function leaderboardPrivacyMessage(hidden: boolean): Message {
  return message(
    hidden ? 'You are off the leaderboards' : 'You are back on the leaderboards',
    sections(
      hidden
        ? ':see_no_evil: You are off every leaderboard and weekly recap in this workspace. Your answers still get reactions and reviews, and you still see your own progress (`/star stats`). `/star leaderboard show` puts you back.'
        : ':trophy: You are back on the leaderboards and weekly recaps. `/star leaderboard hide` takes you off again.',
    ),
  );
}

export function reviewRefusalText(reason: 'not-an-answer' | 'own-answer'): string {
  return reason === 'own-answer'
    ? ':no_entry_sign: You can’t review your own answer. Ask a teammate!'
    : ':mag: That message isn’t a STAR answer: reviews are for replies under a question of the day or a shared question, and for posted answers.';
}
