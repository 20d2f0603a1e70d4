import type { types } from '@slack/bolt';
import { ratingName } from '../../domain/practice.js';
import { starLabels, starParts } from '../../domain/star.js';
import type { HomeData } from '../../use-cases/home.js';
import { gapsText } from './coach.js';
import {
  actionsBlock,
  type Block,
  type Button,
  clip,
  context,
  divider,
  header,
  limits,
  sections,
} from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { howDailyWorksButton, practiceNowButton, seeCategoriesButton } from './onboarding.js';
import { ratingLabel } from './question-card.js';
import { settingsButton } from './settings.js';
import { addStoryButton, storyBankHomeBlocks } from './stories.js';
import { type PermalinkOf, yourAnswersBlocks } from './your-answer.js';

/** A text bar: ▰▰▰▱▱ for 3 of 5. */
export function bar(done: number, total: number, width = 10): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)}`;
}

/** A first step: a short paragraph with the button that takes it beside it. */
function step(blockId: string, mrkdwn: string, accessory: Button): Block {
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: mrkdwn }, accessory };
}

/**
 * The App Home of someone who has not practised yet: what to try first, each step with its button
 * (a question in the app's DM, how the question of the day works, the categories), instead of a
 * page of zeros.
 */
function firstStepsView(data: HomeData): types.HomeView {
  const categories = data.categories.length;
  const word = data.categories[0]?.name.split(/\s+/)[0]?.toLowerCase() ?? 'leadership';
  const blocks: Block[] = [
    header('Welcome to STAR Partner'),
    ...sections(
      'Practise answering behavioral interview questions in the STAR format (Situation, Task, Action, Result), the way staff and principal interviews ask them. What to try first:',
    ),
    step(
      'home_first_practice',
      '*1. Practise one question.* I send it to our Messages tab: answer it in your head, then reveal the model answer and rate how well you recalled it. (`/star question` works anywhere too.)',
      practiceNowButton(),
    ),
    step(
      'home_first_daily',
      '*2. Bring your team.* A channel can get a question of the day that everyone answers in the thread.',
      howDailyWorksButton(),
    ),
    step(
      'home_first_categories',
      `*3. Pick a topic.* ${data.stats.totalQuestions} question${data.stats.totalQuestions === 1 ? '' : 's'} in ${categories} categor${categories === 1 ? 'y' : 'ies'}: practise one with \`/star question ${escapeMrkdwn(clip(word, 40))}\`.`,
      seeCategoriesButton(),
    ),
    ...sections(
      '*4. Write your own stories.* Eight to twelve STAR stories of your own, each answering a few categories, cover most interviews: your story bank shows which categories still have none.',
    ),
    actionsBlock('home_first_stories', [addStoryButton()]),
    actionsBlock('home_settings', [settingsButton()]),
    divider(),
    context(
      'Your streak, your progress in each category and your answers appear here after your first practice.',
    ),
  ];
  return { type: 'home', blocks };
}

/**
 * The App Home tab: streak, totals, coverage per category, self-rating, peer rubric with the weakest
 * part, questions due today with "Practice now", the latest feedback, and the user's latest answers
 * with "Open" (`permalinkOf`: the links Slack gave to those in channels), and "Settings" (the daily
 * reminder and leaderboard privacy, in a window). At most 100 blocks
 * whatever the size of the deck (long lists are folded into few sections). A newcomer sees the first
 * steps instead (`firstStepsView`).
 */
export function homeView(data: HomeData, permalinkOf?: PermalinkOf): types.HomeView {
  if (data.newcomer) return firstStepsView(data);
  const { stats, peer } = data;
  const average =
    stats.averageRating === null
      ? 'no ratings yet'
      : `${stats.averageRating.toFixed(1)} of 4 (${ratingLabel(ratingName(stats.averageRating))})`;
  // At most 40 categories drawn, so a huge deck never pushes the rest of the Home out of its 100 blocks.
  const coverage =
    data.categories
      .slice(0, 40)
      .map(
        (c) =>
          `\`${bar(c.practiced, c.total)}\` ${escapeMrkdwn(clip(c.name, 80))} — ${c.practiced}/${c.total}`,
      )
      .join('\n') +
    (data.categories.length > 40 ? `\n… and ${data.categories.length - 40} more categories` : '');
  const rubric = peer.rubric
    ? `${starParts.map((part) => `${starLabels[part]} *${peer.rubric?.averages[part].toFixed(1)}*`).join(' · ')}\nWeakest: *${starLabels[peer.rubric.weakest]}* (from ${peer.rubric.count} review${peer.rubric.count === 1 ? '' : 's'})`
    : '_No peer reviews yet: post an answer and ask a teammate for a review._';
  const due =
    data.dueToday.length === 0
      ? '_Nothing due today._ New questions are waiting: `/star question`.'
      : data.dueToday
          .slice(0, 15)
          .map((q) => `• ${escapeMrkdwn(clip(q.prompt, 150))}`)
          .join('\n') + (data.dueToday.length > 15 ? `\n… and ${data.dueToday.length - 15} more` : '');
  const feedback = peer.latestFeedback
    ? `<@${peer.latestFeedback.reviewerId}>: ${starParts.map((p) => `${starLabels[p]} ${peer.latestFeedback?.[p]}`).join(' · ')}\n>${escapeMrkdwn(clip(peer.latestFeedback.comment, 1500))}`
    : '_No feedback yet._';

  const before: Block[] = [
    header('Your STAR practice'),
    ...sections(
      `:fire: *Streak:* ${stats.streak} day${stats.streak === 1 ? '' : 's'}   :white_check_mark: *Practiced:* ${stats.practiced} of ${stats.totalQuestions}   :pencil: *Answers:* ${stats.answersWritten}\n*Average self-rating:* ${average}`,
    ),
    actionsBlock('home_settings', [settingsButton()]),
    divider(),
    ...sections(`*Due today* (${data.dueToday.length})\n${due}`),
    actionsBlock('home_practice', [practiceNowButton()]),
    divider(),
    ...sections(`*Coverage by category*\n${coverage}`),
    divider(),
    ...sections(`*Peer rubric (1–5)*\n${rubric}`),
    ...sections(`*Latest feedback*\n${feedback}`),
    ...sections(
      `*What the STAR coach sees most in your answers*\n${gapsText(data.gaps.gaps, data.gaps.answers)}`,
    ),
    divider(),
  ];
  const after: Block[] = [
    ...yourAnswersBlocks(data.answers, data.timeZone, permalinkOf),
    context(`Days are counted in your time zone (${data.timeZone}). Updated after each practice.`),
  ];
  // The story bank: its matrix and buttons take at most 5 blocks; its lines (one a story) get what
  // room is left, up to 10, so the Home stays within its 100 blocks whatever the bank's size.
  const storyLines = Math.min(10, limits.viewBlocks - before.length - after.length - 6);
  const stories = data.stories
    ? [...storyBankHomeBlocks(data.stories, { maxLines: storyLines, due: data.stories.due }), divider()]
    : [];
  const blocks = [...before, ...stories, ...after];
  return { type: 'home', blocks: blocks.slice(0, limits.viewBlocks) };
}
