import { context, type Message, message, sections } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { rankedLines, reviewerLine } from './review.js';

export type RecapLine = {
  name: string;
  points: number;
  prompt: string | undefined;
  permalink: string | undefined;
};

/** The weekly recap: the week's top answers (with links) and most helpful reviewers, pinging nobody. */
export function recapMessage(input: {
  weekOf: string;
  answers: RecapLine[];
  reviewers: Array<{ name: string; reviews: number }>;
}): Message {
  const bullet = () => '•';
  const answers = rankedLines(
    input.answers,
    (a) => {
      const what = a.prompt ? escapeMrkdwn(a.prompt) : 'an answer';
      const link = a.permalink ? `<${a.permalink}|${what}>` : what;
      return `*${escapeMrkdwn(a.name)}* — ${a.points} point${a.points === 1 ? '' : 's'} — ${link}`;
    },
    { empty: '_No answers this week._', after: bullet },
  );
  const reviewers = rankedLines(input.reviewers, reviewerLine, {
    empty: '_No reviews this week._',
    after: bullet,
  });
  return message(`Weekly recap: week of ${input.weekOf}`, [
    ...sections(`:trophy: *Weekly recap* — week of ${input.weekOf}\n\n*Top answers*\n${answers}`),
    ...sections(`*Most helpful reviewers*\n${reviewers}`),
    context('Thanks for practising together. `/star leaderboard` shows the standings any time.'),
  ]);
}
