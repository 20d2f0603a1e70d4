import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/domain/deck.js';
import { bar, homeView } from '../../src/slack/blocks/home.js';
import type { HomeData } from '../../src/use-cases/home.js';
import { blockKitViolations, buttons, visibleText } from '../support/block-kit-limits.js';

function question(n: number): Question {
  return {
    id: `q-${n}`,
    deck: 'big',
    number: n,
    category: `Category ${n % 60}`,
    prompt: `Tell me about time number ${n} when ${'something hard happened '.repeat(8)}`,
    stage: null,
    stageProbability: null,
    difficulty: 'Staff',
    whyAsked: null,
    answer: { situation: 's', task: 't', action: 'a', result: 'r', insights: null },
    followUps: [],
    source: { file: 'big.md', line: n },
  };
}

const base: HomeData = {
  stats: {
    practiced: 12,
    totalQuestions: 1000,
    ratingsGiven: 20,
    answersWritten: 3,
    averageRating: 2.6,
    streak: 4,
    categoriesCovered: 5,
    categoriesTotal: 60,
  },
  categories: Array.from({ length: 60 }, (_, i) => ({
    name: `Category ${i} ${'with a long name '.repeat(3)}`,
    total: 17,
    practiced: i % 5,
  })),
  dueToday: Array.from({ length: 400 }, (_, i) => question(i)),
  peer: {
    pointsReceived: 9,
    reviewsGiven: 2,
    rubric: { averages: { situation: 4, task: 3.5, action: 3, result: 2 }, weakest: 'result', count: 2 },
    latestFeedback: {
      situation: 4,
      task: 3,
      action: 3,
      result: 2,
      comment: 'Numbers <please> & dates',
      reviewerId: 'U2',
      at: 1,
    },
  },
  gaps: {
    answers: 6,
    gaps: [
      {
        code: 'vague-result',
        count: 4,
        example: 'Result says "improved performance": by how much, and over what time?',
      },
      {
        code: 'no-lesson',
        count: 3,
        example: 'No lesson: end with what you learned or would do differently.',
      },
    ],
  },
  timeZone: 'Europe/Berlin',
};

describe('homeView', () => {
  it('stays within the Home tab limits with a large deck', () => {
    const view = homeView(base);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(blockKitViolations(view.blocks, 100)).toEqual([]);
    const text = visibleText(view.blocks);
    expect(text).toContain('*Streak:* 4 days');
    expect(text).toContain('*Practiced:* 12 of 1000');
    expect(text).toContain('*Due today* (400)');
    expect(text).toContain('… and 385 more');
    expect(text).toContain('Weakest: *Result* (from 2 reviews)');
    expect(text).toContain('Numbers &lt;please&gt; &amp; dates');
    expect([...buttons(view.blocks).keys()]).toEqual(['Practice now']);
    expect(text).toContain('• *4×* Result says "improved performance": by how much, and over what time?');
  });

  it('draws coverage bars and says what to do when nothing is due', () => {
    expect(bar(3, 10)).toBe('▰▰▰▱▱▱▱▱▱▱');
    expect(bar(0, 0)).toBe('▱▱▱▱▱▱▱▱▱▱');
    const text = visibleText(
      homeView({
        ...base,
        dueToday: [],
        peer: { ...base.peer, rubric: undefined, latestFeedback: undefined },
      }).blocks,
    );
    expect(text).toContain('_Nothing due today._');
    expect(text).toContain('No peer reviews yet');
  });
});
