import type { CategoryProgress } from '../../domain/practice.js';
import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

function categoryLines(progress: readonly CategoryProgress[]): string {
  return progress
    .map(
      (c) =>
        `• *${escapeMrkdwn(c.name)}* — ${c.total} question${c.total === 1 ? '' : 's'}, ${c.practiced} practiced`,
    )
    .join('\n');
}

function example(progress: readonly CategoryProgress[]): string {
  const word = progress[0]?.name.split(/\s+/)[0]?.toLowerCase() ?? 'leadership';
  return `\`/star question ${escapeMrkdwn(word)}\``;
}

export function categoriesMessage(progress: readonly CategoryProgress[]): Message {
  const practiced = progress.reduce((sum, c) => sum + c.practiced, 0);
  const total = progress.reduce((sum, c) => sum + c.total, 0);
  return message('Categories', [
    ...sections(
      `*Categories* — you have practiced ${practiced} of ${total} questions\n\n${categoryLines(progress)}`,
    ),
    context(`Pick one with ${example(progress)}.`),
  ]);
}

export function noMatchMessage(filter: string, progress: readonly CategoryProgress[]): Message {
  return message(`Nothing matches "${escapeMrkdwn(filter)}"`, [
    ...sections(
      `:mag: Nothing matches *${escapeMrkdwn(filter)}*. Try a category, a question number, a difficulty or a word from a prompt.\n\n${categoryLines(progress)}`,
    ),
    context(`For example ${example(progress)} or \`/star question\` for any question.`),
  ]);
}
