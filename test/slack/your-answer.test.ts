import { describe, expect, it } from 'vitest';
import { analyseAnswer } from '../../src/domain/coach.js';
import { answerNotFoundModal, yourAnswerModal } from '../../src/slack/blocks/your-answer.js';
import type { YourAnswerInFull } from '../../src/use-cases/your-answers.js';
import { visibleText } from '../support/block-kit-limits.js';
import { viewErrors } from '../support/slack-contract/block-kit.js';

/** An answer opened from the App Home: within Slack's modal rules whatever its size. */

const at = Date.parse('2026-11-27T23:30:00Z'); // Saturday 28 Nov in Berlin
const star = {
  situation: 'Our release train kept slipping <always>.',
  task: 'I had to get the launch out on time.',
  action: 'I cut scope with the PM & paired with the newest engineers.',
  result: 'We shipped 2 weeks early.',
};

function opened(overrides: Partial<YourAnswerInFull> = {}): YourAnswerInFull {
  return {
    ref: { kind: 'private', id: 1 },
    questionId: 'rally-team',
    prompt: 'Tell me about a time you rallied a team around a deadline',
    at,
    location: { kind: 'private' },
    content: { kind: 'star', answer: star },
    coach: analyseAnswer(star, { where: 'practice' }),
    reviews: [],
    ...overrides,
  };
}

const review = (n: number, comment: string) => ({
  situation: 4,
  task: 3,
  action: 5,
  result: 2,
  comment,
  reviewerId: `U${n}`,
  at,
});

describe('yourAnswerModal', () => {
  it('shows the question, when and where, the answer escaped, the coach and the reviews', () => {
    const view = yourAnswerModal(
      opened({
        location: { kind: 'channel', channelId: 'C1', ts: '1764237700.000100' },
        reviews: [review(2, 'Numbers <please>\n& a lesson')],
      }),
      'Europe/Berlin',
    );
    expect(viewErrors(view)).toEqual([]);
    expect(view.title).toEqual({ type: 'plain_text', text: 'Your answer', emoji: true });
    const text = visibleText(view.blocks);
    expect(text).toContain('Tell me about a time you rallied a team around a deadline');
    expect(text).toContain('Written Sat, 28 Nov 2026 · posted in <#C1>');
    expect(text).toContain('*Situation*\nOur release train kept slipping &lt;always&gt;.');
    expect(text).toContain('*Action*\nI cut scope with the PM &amp; paired with the newest engineers.');
    expect(text).toContain(':speech_balloon: *STAR coach*');
    expect(text).toContain(
      '*Reviews* (1)\n<@U2> · Sat, 28 Nov 2026\nSituation *4*/5 · Task *3*/5 · Action *5*/5 · Result *2*/5\n>Numbers &lt;please&gt;\n>&amp; a lesson',
    );
  });

  it('stays within 100 blocks and 3,000 characters a section for the longest answers and many reviews', () => {
    const huge = '& <b> '.repeat(500); // 3,000 characters that grow when escaped
    const long = opened({
      // Slack keeps 40,000 characters of a message; each & is five once escaped.
      content: { kind: 'text', text: '&'.repeat(40_000) },
      location: { kind: 'channel', channelId: 'C1', ts: '1.000100', threadTs: '1.000000' },
      reviews: Array.from({ length: 30 }, (_, i) => review(i, huge.slice(0, 1000))),
    });
    const view = yourAnswerModal(long, 'UTC');
    expect(viewErrors(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = visibleText(view.blocks);
    expect(text).toContain('`/star export` has your answers in full');
    expect(text).toContain('*Reviews* (30)');
    expect(text).toContain('… and 20 more reviews.');

    const star = { situation: huge, task: huge, action: huge, result: huge };
    const escaped = yourAnswerModal(opened({ content: { kind: 'star', answer: star } }), 'UTC');
    expect(viewErrors(escaped)).toEqual([]);
    expect(visibleText(escaped.blocks)).toContain('&amp; &lt;b&gt;');
  });

  it('names a question no longer in the decks, and an answer never posted has no reviews', () => {
    const text = visibleText(yourAnswerModal(opened({ prompt: undefined }), 'UTC').blocks);
    expect(text).toContain('A question no longer in the decks');
    expect(text).toContain('saved privately: only you see it');
    expect(text).toContain('teammates review answers posted in a channel');
  });
});

describe('answerNotFoundModal', () => {
  it('says the answer cannot be opened, within the modal rules', () => {
    const view = answerNotFoundModal();
    expect(viewErrors(view)).toEqual([]);
    expect(visibleText(view.blocks)).toContain("*This answer can't be opened.*");
  });
});
