import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/domain/deck.js';
import type { Story } from '../../src/domain/story.js';
import { storyMatrix } from '../../src/domain/story-matrix.js';
import { homeView } from '../../src/slack/blocks/home.js';
import { questionCard } from '../../src/slack/blocks/question-card.js';
import {
  importResultMessage,
  rehearseModal,
  storiesMessage,
  storyAnswerCard,
  storyModal,
  storyViewModal,
} from '../../src/slack/blocks/stories.js';
import { coachStarAnswer } from '../../src/use-cases/coaching.js';
import type { HomeData } from '../../src/use-cases/home.js';
import { blockKitViolations, visibleText } from '../support/block-kit-limits.js';
import { messageErrors, viewErrors } from '../support/slack-contract/block-kit.js';

/** The story bank's Block Kit at its largest: within Slack's limits whatever the bank holds. */

const long = (n: number) =>
  `${'a long sentence with <marks> & words '.repeat(Math.ceil(n / 37))}`.slice(0, n);
const categories = Array.from(
  { length: 120 },
  (_, i) => `Category ${i} ${'with a long long name '.repeat(3)}`,
);

function story(id: number): Story {
  return {
    id,
    teamId: 'T1',
    userId: 'U1',
    title: `Story ${id} ${long(140)}`.slice(0, 150),
    situation: long(3000),
    task: long(3000),
    action: long(3000),
    result: long(3000),
    lesson: long(3000),
    categories: categories.slice(id % 100, (id % 100) + 5),
    createdAt: 1,
    updatedAt: 1,
    dueAt: null,
  };
}
const stories = Array.from({ length: 100 }, (_, i) => story(i + 1));
const bank = { stories, matrix: storyMatrix(categories, stories) };

const question: Question = {
  id: 'rally-team',
  deck: 'sample',
  number: 1,
  category: 'Leadership',
  prompt: long(200),
  stage: null,
  stageProbability: null,
  difficulty: null,
  whyAsked: null,
  answer: { situation: 's', task: 't', action: 'a', result: 'r', insights: null },
  followUps: Array.from({ length: 12 }, (_, i) => ({
    question: `Follow-up ${i} ${long(300)}`,
    answer: 'x',
    source: { file: 'f', line: 1 },
  })),
  source: { file: 'f', line: 1 },
};

const home: HomeData = {
  stats: {
    practiced: 1,
    totalQuestions: 3,
    ratingsGiven: 1,
    answersWritten: 10,
    averageRating: 3,
    streak: 1,
    categoriesCovered: 1,
    categoriesTotal: 2,
  },
  categories: categories.map((name) => ({ name, total: 10, practiced: 1 })),
  dueToday: [],
  peer: { pointsReceived: 0, reviewsGiven: 0, rubric: undefined, latestFeedback: undefined },
  gaps: { answers: 0, gaps: [] },
  answers: Array.from({ length: 10 }, (_, i) => ({
    ref: { kind: 'private' as const, id: i + 1 },
    questionId: 'rally-team',
    prompt: long(400),
    at: 1,
    location: { kind: 'private' as const },
  })),
  timeZone: 'Europe/Berlin',
  newcomer: false,
  stories: { ...bank, due: true },
};

describe('the story bank in Block Kit', () => {
  it('keeps the App Home within 100 blocks with a full bank, 120 categories and 10 answers', () => {
    const view = homeView(home);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(blockKitViolations(view.blocks, 100)).toEqual([]);
    const text = visibleText(view.blocks);
    expect(text).toContain('*Your story bank* (100)');
    expect(text).toContain('Rehearse a story (due)');
    expect(text).toContain('*Your answers*'); // nothing after the bank is cut
  });

  it('keeps /star stories within one message, and the story form within Slack’s select limits', () => {
    expect(messageErrors(storiesMessage(bank, { channelId: 'C1' }), 'response_url')).toBeUndefined();
    expect(
      messageErrors(storiesMessage({ stories: [], matrix: storyMatrix(categories, []) }, {}), 'response_url'),
    ).toBeUndefined();
    const form = storyModal({ categories, story: stories[0], id: 1 });
    expect(viewErrors(form)).toEqual([]);
    expect(viewErrors(storyModal({ categories: [] }))).toEqual([]);
  });

  it('shows a story, a rehearsal and a card answered with a story within their limits', () => {
    const coached = { story: story(7), coach: coachStarAnswer(story(7)) };
    expect(viewErrors(storyViewModal(coached, { channelId: 'C1', saved: 'added' }))).toEqual([]);
    expect(viewErrors(rehearseModal(story(7)))).toEqual([]);
    expect(viewErrors(rehearseModal(story(7), { shown: true }))).toEqual([]);
    expect(viewErrors(rehearseModal(undefined))).toEqual([]);
    const card = storyAnswerCard(question, story(7));
    expect(messageErrors(card, 'response_url')).toBeUndefined();
    expect(
      messageErrors(
        storyAnswerCard(question, story(7), { rating: 'good', dueAt: 3 * 86_400_000, now: 0 }),
        'response_url',
      ),
    ).toBeUndefined();
    expect(
      visibleText(
        storyAnswerCard(question, story(7), { rating: 'good', dueAt: 3 * 86_400_000, now: 0 }).blocks,
      ),
    ).toContain('comes back to be told again in 3 days');
  });

  it('offers the user’s stories on a question card (at most 100), and none when they have none', () => {
    const offered = questionCard(question, { q: question.id }, { share: false, stories });
    expect(messageErrors(offered, 'response_url')).toBeUndefined();
    expect(JSON.stringify(offered.blocks)).toContain('Answer with one of my stories');
    const plain = questionCard(question, { q: question.id }, { share: false, stories: [] });
    expect(JSON.stringify(plain.blocks)).not.toContain('Answer with one of my stories');
  });

  it('lists an import’s problems within one message', () => {
    const errors = Array.from({ length: 300 }, (_, i) => `mine.md:${i + 1}: ${long(500)}`);
    const reply = importResultMessage('mine.md', { kind: 'invalid', errors });
    expect(messageErrors(reply, 'chat')).toBeUndefined();
    expect(visibleText(reply.blocks)).toContain('… and 280 more');
  });
});
