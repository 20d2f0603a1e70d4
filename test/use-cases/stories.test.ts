import { afterEach, describe, expect, it } from 'vitest';
import { storyBankMax } from '../../src/domain/story.js';
import { storiesToDeck } from '../../src/domain/story-deck.js';
import { exportData } from '../../src/use-cases/personal-data.js';
import {
  type DeckFileSender,
  deleteStory,
  exportStories,
  importStories,
  openStory,
  practiseWithStory,
  rateStory,
  type StoryPoster,
  saveStory,
  sendStoriesDeck,
  shareStory,
  storiesFor,
  storyBank,
  storyToRehearse,
} from '../../src/use-cases/stories.js';
import { inMemoryWorld, type World } from './in-memory.js';

/**
 * The story bank's use cases on the real repositories and migrations (an in-memory database, the
 * sample deck's categories: Leadership, Conflict Resolution), with Slack's side faked.
 */

const now = Date.parse('2026-11-24T10:00:00Z');
const day = 86_400_000;
const who = { teamId: 'T1', userId: 'U1' };
const form = {
  title: 'The migration nobody wanted',
  situation: 'Nobody wanted to leave the old queue.',
  task: 'I owned the migration plan.',
  action: 'I wrote the runbook and moved one service a week, reviewing every cutover myself.',
  result: 'All 12 services moved in 3 months with zero incidents.',
  lesson: 'Ask the on-call people first.',
  categories: ['Leadership'],
};

let world: World;
afterEach(() => world.db.close());

const add = (change: Partial<typeof form> = {}, as = who) => {
  const saved = saveStory(world.stories, { who: as, form: { ...form, ...change }, now });
  if (saved.kind !== 'saved') throw new Error(`not saved: ${JSON.stringify(saved)}`);
  return saved.story;
};

describe('saving a story', () => {
  it('adds it to the user’s bank, with the coach’s reading', () => {
    world = inMemoryWorld();
    const saved = saveStory(world.stories, { who, form: { ...form, categories: ['leadership'] }, now });
    expect(saved).toMatchObject({
      kind: 'saved',
      created: true,
      story: { ...form, userId: 'U1', dueAt: null },
    });
    if (saved.kind !== 'saved') return;
    expect(saved.story.categories).toEqual(['Leadership']); // the library's spelling
    // The coach reads the four parts and hears the lesson told at the end.
    expect(saved.coach.kind).toBe('answer');
    expect(saved.coach.present.result).toBe(true);
    expect(saved.coach.lesson).toBe(true);
  });

  it('refuses each problem on its field, and a category the decks do not have', () => {
    world = inMemoryWorld();
    expect(
      saveStory(world.stories, { who, form: { ...form, title: '', task: 'I', categories: [] }, now }),
    ).toEqual({
      kind: 'invalid',
      errors: {
        title: 'Give the story a short title.',
        task: 'Write at least a few words.',
        categories: 'Pick at least one category this story answers.',
      },
    });
    expect(saveStory(world.stories, { who, form: { ...form, categories: ['Hiring'] }, now })).toEqual({
      kind: 'invalid',
      errors: { categories: 'Not a category of the decks: Hiring.' },
    });
  });

  it('refuses text that would not read back the same from an exported deck', () => {
    world = inMemoryWorld();
    const saved = saveStory(world.stories, { who, form: { ...form, action: 'First:\n## a heading' }, now });
    expect(saved).toMatchObject({ kind: 'invalid', errors: { action: expect.stringContaining('heading') } });
  });

  it('changes only the caller’s own stories, and stops at a full bank', () => {
    world = inMemoryWorld();
    const mine = add();
    expect(saveStory(world.stories, { who: { ...who, userId: 'U2' }, id: mine.id, form, now })).toEqual({
      kind: 'not-found',
    });
    expect(
      saveStory(world.stories, { who, id: mine.id, form: { ...form, title: 'Renamed' }, now }),
    ).toMatchObject({
      kind: 'saved',
      created: false,
      story: { id: mine.id, title: 'Renamed' },
    });
    for (let i = 1; i < storyBankMax; i++) add({ title: `Story ${i}` });
    expect(saveStory(world.stories, { who, form, now })).toEqual({ kind: 'full' });
  });

  it('keeps stories private: another user, or another workspace, sees none of them', () => {
    world = inMemoryWorld();
    const mine = add();
    expect(openStory(world.stories, { who: { teamId: 'T1', userId: 'U2' }, id: mine.id })).toBeUndefined();
    expect(openStory(world.stories, { who: { teamId: 'T2', userId: 'U1' }, id: mine.id })).toBeUndefined();
    expect(storyBank(world.stories, { teamId: 'T2', userId: 'U1' }).stories).toEqual([]);
    expect(deleteStory(world.stories, { who: { teamId: 'T1', userId: 'U2' }, id: mine.id })).toBe(false);
    expect(deleteStory(world.stories, { who, id: mine.id })).toBe(true);
    expect(storyBank(world.stories, who).stories).toEqual([]);
  });
});

describe('the matrix of the bank', () => {
  it('names the categories with no story and those with only one', () => {
    world = inMemoryWorld();
    add();
    const bank = storyBank(world.stories, who);
    expect(bank.matrix.gaps).toEqual(['Conflict Resolution']);
    expect(bank.matrix.thin).toEqual(['Leadership']);
    add({ title: 'Second', categories: ['Leadership', 'Conflict Resolution'] });
    const after = storyBank(world.stories, who).matrix;
    expect(after.gaps).toEqual([]);
    expect(after.thin).toEqual(['Conflict Resolution']);
  });
});

describe('practising with stories', () => {
  it('offers the stories answering the question’s category first', () => {
    world = inMemoryWorld();
    const other = add({ title: 'A conflict', categories: ['Conflict Resolution'] });
    const lead = add({ title: 'A lead' });
    expect(storiesFor(world.stories, { who, questionId: 'pm-disagreement' }).map((s) => s.id)).toEqual([
      other.id,
      lead.id,
    ]);
    expect(storiesFor(world.stories, { who, questionId: 'rally-team' }).map((s) => s.id)).toEqual([
      lead.id,
      other.id,
    ]);
    expect(
      practiseWithStory(world.stories, { who, questionId: 'rally-team', storyId: lead.id }),
    ).toMatchObject({
      question: { id: 'rally-team' },
      story: { id: lead.id },
    });
    expect(
      practiseWithStory(world.stories, {
        who: { ...who, userId: 'U2' },
        questionId: 'rally-team',
        storyId: lead.id,
      }),
    ).toBeUndefined();
  });

  it('schedules each story by spaced repetition: never told first, then the most overdue', () => {
    world = inMemoryWorld();
    const first = add({ title: 'First' });
    const second = add({ title: 'Second' });
    expect(storyToRehearse(world.stories, { who, now })?.id).toBe(first.id);
    const rated = rateStory(world.stories, { who, storyId: first.id, rating: 'easy', now });
    expect(rated?.dueAt).toBe(now + 8 * day); // Easy on a new card: 8 days (fuzz off)
    expect(storyToRehearse(world.stories, { who, now })?.id).toBe(second.id);
    rateStory(world.stories, { who, storyId: second.id, rating: 'good', now });
    // Nothing is due now: the one that comes back first is served.
    const next = storyToRehearse(world.stories, { who, now });
    expect(next?.id).toBe(second.id);
    expect(storyToRehearse(world.stories, { who, now: now + 9 * day })?.id).toBe(second.id);
    expect(
      rateStory(world.stories, { who: { ...who, userId: 'U2' }, storyId: first.id, rating: 'good', now }),
    ).toBeUndefined();
  });
});

describe('export and import', () => {
  const files = () => {
    const sent: Array<{ filename: string; content: string }> = [];
    const sender: DeckFileSender = {
      async sendFile(file) {
        sent.push(file);
        return { ok: true };
      },
    };
    return { sender, sent };
  };

  it('exports the bank as a deck that imports back unchanged into an empty bank', async () => {
    world = inMemoryWorld();
    add();
    add({ title: 'A conflict', lesson: '', categories: ['Conflict Resolution', 'Leadership'] });
    const { sender, sent } = files();
    expect(await sendStoriesDeck(world.stories, sender, { who, now })).toEqual({
      kind: 'file',
      filename: 'my-star-stories-2026-11-24.md',
      count: 2,
    });
    const markdown = sent[0]?.content ?? '';
    const before = storyBank(world.stories, who).stories.map(
      ({ title, situation, task, action, result, lesson, categories }) => ({
        title,
        situation,
        task,
        action,
        result,
        lesson,
        categories,
      }),
    );
    const elsewhere = { teamId: 'T1', userId: 'U9' };
    expect(importStories(world.stories, { who: elsewhere, text: markdown, file: 'mine.md', now })).toEqual({
      kind: 'imported',
      added: 2,
      updated: 0,
    });
    const after = storyBank(world.stories, elsewhere).stories.map(
      ({ title, situation, task, action, result, lesson, categories }) => ({
        title,
        situation,
        task,
        action,
        result,
        lesson,
        categories,
      }),
    );
    expect(after).toEqual(before);
    // Exported again, the deck is the same text.
    expect(exportStories(world.stories, elsewhere)?.markdown).toBe(markdown);
  });

  it('an import replaces the stories with the same title and adds the others', () => {
    world = inMemoryWorld();
    const kept = add();
    const markdown = storiesToDeck([
      { ...form, result: 'All 12 services moved in 10 weeks.' },
      { ...form, title: 'Brand new' },
    ]);
    expect(importStories(world.stories, { who, text: markdown, file: 'mine.md', now })).toEqual({
      kind: 'imported',
      added: 1,
      updated: 1,
    });
    expect(openStory(world.stories, { who, id: kept.id })?.story.result).toBe(
      'All 12 services moved in 10 weeks.',
    );
  });

  it('imports a deck the user wrote by hand: follow-ups and metadata left out, categories matched', () => {
    world = inMemoryWorld();
    const markdown = [
      '# Stories I wrote myself',
      '## Conflict Resolution Stories',
      '### Question 7: The PM who wanted a date',
      '**Difficulty**: Staff',
      '**Why Asked**: Also answers: leadership',
      '#### STAR Answer',
      '**Situation**: The PM wanted a date for a project nobody had sized.',
      '**Task**: I owned the estimate.',
      '**Action**: I split the work and showed the tradeoffs of three dates.',
      '**Result**: We agreed on a date 2 weeks later and hit it.',
      '#### Follow-up Questions',
      '**Q: What would you do differently?**',
      'Size it earlier.',
    ].join('\n');
    expect(importStories(world.stories, { who, text: markdown, file: 'mine.md', now })).toEqual({
      kind: 'imported',
      added: 1,
      updated: 0,
    });
    expect(storyBank(world.stories, who).stories[0]).toMatchObject({
      title: 'The PM who wanted a date',
      lesson: '',
      categories: ['Conflict Resolution', 'Leadership'],
    });
  });

  it('imports nothing from a deck with any problem, each said as file:line', () => {
    world = inMemoryWorld();
    const markdown = storiesToDeck([form, { ...form, title: 'Second' }]).replace(
      '## Leadership',
      '## Hiring',
    );
    expect(importStories(world.stories, { who, text: markdown, file: 'mine.md', now })).toEqual({
      kind: 'invalid',
      errors: [
        expect.stringMatching(/^mine\.md:5: "Hiring" is not a category of this app/),
        expect.stringMatching(/^mine\.md:\d+: "Hiring"/),
      ],
    });
    expect(storyBank(world.stories, who).stories).toEqual([]);
    expect(importStories(world.stories, { who, text: 'just words', file: 'notes.md', now })).toEqual({
      kind: 'invalid',
      errors: [expect.stringMatching(/^notes\.md:1: no questions found/)],
    });
  });
});

describe('sharing a story for review', () => {
  it('posts it in the channel and makes it an answer teammates can review', async () => {
    world = inMemoryWorld();
    const story = add();
    const posted: string[] = [];
    const poster: StoryPoster = {
      ensureMember: async () => ({ ok: true }),
      async postStory({ channelId }) {
        posted.push(channelId);
        return { ts: '1700000000.000200' };
      },
    };
    expect(await shareStory(world.stories, poster, { who, storyId: story.id, channelId: 'C1', now })).toEqual(
      {
        kind: 'shared',
        channelId: 'C1',
        ts: '1700000000.000200',
      },
    );
    expect(world.threads.threadAnswers.find('T1', 'C1', '1700000000.000200')).toMatchObject({
      userId: 'U1',
      kind: 'answer',
      questionId: `story:${story.id}`,
    });
    expect(
      await shareStory(world.stories, poster, {
        who: { ...who, userId: 'U2' },
        storyId: story.id,
        channelId: 'C1',
        now,
      }),
    ).toEqual({
      kind: 'not-found',
    });
    const denied: StoryPoster = {
      ...poster,
      ensureMember: async () => ({ ok: false, code: 'channel_not_found' }),
    };
    expect(await shareStory(world.stories, denied, { who, storyId: story.id, channelId: 'G1', now })).toEqual(
      {
        kind: 'no-access',
        code: 'channel_not_found',
      },
    );
    expect(posted).toEqual(['C1']);
  });
});

describe('the user’s own data', () => {
  it('is in /star export, and goes with forget-me and with the workspace', () => {
    world = inMemoryWorld();
    add();
    add({ title: 'Another' }, { teamId: 'T1', userId: 'U2' });
    const exported = exportData(world.personal, who);
    expect(exported.csv).toContain('story,2026-11-24T10:00:00.000Z,,The migration nobody wanted');
    expect(exported.csv).not.toContain('Another');
    const deleted = world.db.transaction(() => world.personal.personalData.deleteUser('T1', 'U1'))();
    expect(deleted).toMatchObject({ stories: 1, story_categories: 1 });
    expect(storyBank(world.stories, who).stories).toEqual([]);
    expect(storyBank(world.stories, { teamId: 'T1', userId: 'U2' }).stories).toHaveLength(1);
    world.db.transaction(() => world.workspaces.workspaces.purge('T1'))();
    expect(storyBank(world.stories, { teamId: 'T1', userId: 'U2' }).stories).toEqual([]);
    const left = world.db
      .prepare('SELECT (SELECT count(*) FROM stories) + (SELECT count(*) FROM story_categories) AS n')
      .get() as { n: number };
    expect(left.n).toBe(0);
  });
});
