import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

export type RecapLine = {
  name: string;
  points: number;
  prompt: string | undefined;
  permalink: string | undefined;
};

const medal = (index: number) =>
  [':first_place_medal:', ':second_place_medal:', ':third_place_medal:'][index] ?? '•';

/** The weekly recap: the week's top answers (with links) and most helpful reviewers, pinging nobody. */
export function recapMessage(input: {
  weekOf: string;
  answers: RecapLine[];
  reviewers: Array<{ name: string; reviews: number }>;
}): Message {
  const answers =
    input.answers.length === 0
      ? '_No answers this week._'
      : input.answers
          .map((a, i) => {
            const what = a.prompt ? escapeMrkdwn(a.prompt) : 'an answer';
            const link = a.permalink ? `<${a.permalink}|${what}>` : what;
            return `${medal(i)} *${escapeMrkdwn(a.name)}* — ${a.points} point${a.points === 1 ? '' : 's'} — ${link}`;
          })
          .join('\n');
  const reviewers =
    input.reviewers.length === 0
      ? '_No reviews this week._'
      : input.reviewers
          .map(
            (r, i) =>
              `${medal(i)} *${escapeMrkdwn(r.name)}* — ${r.reviews} review${r.reviews === 1 ? '' : 's'}`,
          )
          .join('\n');
  return message(`Weekly recap: week of ${input.weekOf}`, [
    ...sections(`:trophy: *Weekly recap* — week of ${input.weekOf}\n\n*Top answers*\n${answers}`),
    ...sections(`*Most helpful reviewers*\n${reviewers}`),
    context('Thanks for practising together. `/star leaderboard` shows the standings any time.'),
  ]);
}
