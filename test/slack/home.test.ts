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
  answers: [],
  timeZone: 'Europe/Berlin',
  newcomer: false,
};

/** Sections with an accessory button: the answers listed, each with its "Open". */
type AnswerLine = {
  block_id: string;
  text: { text: string };
  accessory: { text: { text: string }; action_id: string; value: string };
};
const answerLines = (blocks: readonly unknown[]) =>
  (blocks as Array<Partial<AnswerLine> & { type: string }>).filter(
    (b): b is AnswerLine & { type: string } => b.type === 'section' && b.accessory !== undefined,
  );

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
    expect([...buttons(view.blocks).keys()]).toEqual(['Settings', 'Practice now']);
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

  it('lists the latest answers with the day in the user’s zone, where each is, and an Open button each', () => {
    const prompt = `Tell me about <the> & ${'long '.repeat(200)}outage`;
    const view = homeView(
      {
        ...base,
        answers: [
          {
            ref: { kind: 'channel', channelId: 'C9', ts: '1764237700.000100' },
            questionId: 'q-1',
            prompt,
            at: Date.parse('2026-11-27T23:30:00Z'), // Saturday 28 Nov in Berlin
            location: {
              kind: 'channel',
              channelId: 'C9',
              ts: '1764237700.000100',
              threadTs: '1764237600.000100',
            },
          },
          {
            ref: { kind: 'private', id: 7 },
            questionId: 'retired',
            prompt: undefined,
            at: Date.parse('2026-11-20T10:00:00Z'),
            location: { kind: 'private' },
          },
        ],
      },
      (channel, ts) => `https://example.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(blockKitViolations(view.blocks, 100)).toEqual([]);
    const lines = answerLines(view.blocks);
    expect(lines.map((l) => l.block_id)).toEqual(['home_answer_1', 'home_answer_2']);
    expect(lines.map((l) => [l.accessory.text.text, l.accessory.action_id])).toEqual([
      ['Open', 'star_open_answer_1'],
      ['Open', 'star_open_answer_2'],
    ]);
    expect(JSON.parse(lines[1]?.accessory.value ?? '')).toEqual({ kind: 'private', id: 7 });
    const [first, second] = lines.map((l) => l.text.text);
    expect(first).toMatch(/^\*Tell me about &lt;the&gt; &amp; long long .*…\*\n/);
    expect(first?.length).toBeLessThan(450);
    expect(first).toContain(
      'Sat, 28 Nov 2026 · in <#C9> · <https://example.slack.com/archives/C9/p1764237700000100|view message>',
    );
    expect(second).toBe('_A question no longer in the decks_\nFri, 20 Nov 2026 · private');
  });

  it('tells a user with no answers how to write one, in one line', () => {
    const text = visibleText(homeView(base).blocks);
    expect(text).toContain(
      '*Your answers*\n_No answers yet._ Write one: `/star question`, then *Answer it*, or answer a question of the day in its thread.',
    );
    expect(answerLines(homeView(base).blocks)).toEqual([]);
  });

  it('shows a newcomer what to try first, each step with its own button, instead of zeros', () => {
    const view = homeView({
      ...base,
      newcomer: true,
      stats: { ...base.stats, practiced: 0, streak: 0, answersWritten: 0, averageRating: null },
      categories: [
        { name: 'Leadership', total: 5, practiced: 0 },
        { name: 'Conflict', total: 4, practiced: 0 },
      ],
      dueToday: [],
    });
    expect(blockKitViolations(view.blocks, 100)).toEqual([]);
    const text = visibleText(view.blocks);
    expect(text).toContain('What to try first');
    expect(text).toContain('1000 questions in 2 categories: practise one with `/star question leadership`');
    expect(text).not.toContain('*Streak:*');
    expect(text).not.toContain('Coverage by category');
    const steps = (
      view.blocks as Array<{ type: string; block_id?: string; accessory?: AnswerLine['accessory'] }>
    )
      .filter((b) => b.accessory !== undefined)
      .map((b) => [b.block_id, b.accessory?.text.text, b.accessory?.action_id]);
    expect(steps).toEqual([
      ['home_first_practice', 'Practice now', 'star_practice_now'],
      ['home_first_daily', 'How the question of the day works', 'star_how_daily_works'],
      ['home_first_categories', 'See categories', 'star_see_categories'],
    ]);
  });

  it("offers Settings on every Home, a newcomer's too", () => {
    for (const view of [homeView(base), homeView({ ...base, newcomer: true })]) {
      const settings = buttons(view.blocks).get('Settings');
      expect(settings).toMatchObject({ action_id: 'star_settings', block_id: 'home_settings' });
    }
  });
});
