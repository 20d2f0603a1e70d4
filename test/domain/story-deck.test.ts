import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeckMarkdown } from '../../src/domain/deck-markdown.js';
import type { StoryForm } from '../../src/domain/story.js';
import { deckProblems, storiesFromDeck, storiesToDeck } from '../../src/domain/story-deck.js';

const categories = ['Leadership', 'Conflict Resolution', 'Mentoring & Developing Others'];

const migration: StoryForm = {
  title: 'The migration nobody wanted',
  situation: '"Nobody" wanted to leave the old queue: 12 services & 3 teams <on call>.',
  task: 'I owned the migration plan.',
  action:
    'I wrote the runbook:\n\n1. **one** service a week\n2. every cutover reviewed by me\n\n- rollback tested first',
  result: 'All 12 services moved in 3 months with zero incidents; p99 fell 40%.',
  lesson: 'Ask the on-call people first.',
  categories: ['Leadership', 'Mentoring & Developing Others'],
};
const feedback: StoryForm = {
  title: 'The review that went wrong',
  situation: 'A design review turned into a fight.',
  task: 'I chaired it.',
  action: 'I stopped the meeting and met each side alone.',
  result: 'We shipped the compromise 2 weeks later.',
  lesson: '',
  categories: ['Conflict Resolution'],
};

describe('stories as a deck', () => {
  it('writes a deck the app’s own parser reads: a category per first category, a question per story', () => {
    const markdown = storiesToDeck([migration, feedback]);
    const parsed = parseDeckMarkdown(markdown, 'my-stories.md', 'my-stories');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.deck.questions.map((q) => [q.number, q.category, q.prompt])).toEqual([
      [1, 'Leadership', migration.title],
      [2, 'Conflict Resolution', feedback.title],
    ]);
    expect(parsed.deck.questions[0]?.whyAsked).toBe('Also answers: Mentoring & Developing Others');
    expect(parsed.deck.questions[0]?.answer.insights).toBe(migration.lesson);
    expect(parsed.deck.questions[1]?.answer.insights).toBeNull();
  });

  it('reads back unchanged: every field, the categories in their order', () => {
    const back = storiesFromDeck(storiesToDeck([migration, feedback]), 'my-stories.md', categories);
    expect(back).toEqual({ ok: true, stories: [migration, feedback] });
  });

  it('reads back unchanged for any story that passes the export check (property)', () => {
    const line = fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' '));
    const text = fc
      .array(
        fc.oneof(
          line,
          fc.constantFrom('- a point', '1. a step', '**bold** words', '"quoted"', '', '> aside'),
        ),
        {
          minLength: 1,
          maxLength: 5,
        },
      )
      .map((lines) => lines.join('\n').trim())
      .filter((t) => t.length >= 3);
    const story = fc.record({
      title: fc.string({ minLength: 3, maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, ' ').trim()),
      situation: text,
      task: text,
      action: text,
      result: text,
      lesson: fc.oneof(fc.constant(''), text),
      categories: fc.shuffledSubarray(categories, { minLength: 1 }),
    });
    fc.assert(
      fc.property(story, (candidate) => {
        fc.pre(candidate.title.length >= 3);
        fc.pre(deckProblems(candidate).length === 0);
        const back = storiesFromDeck(storiesToDeck([candidate]), 'x.md', categories);
        expect(back).toEqual({ ok: true, stories: [candidate] });
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it.each([
    ['a heading line', { action: 'First this.\n## Then a heading' }, ['action']],
    ['a STAR label of its own', { result: 'It worked.\n**Task**: more' }, ['result']],
    ['a code fence left open', { task: 'Run this:\n```\nmake all' }, ['task']],
    ['Markdown marks in the title', { title: 'The *big* one' }, ['title']],
    ['plain text with quotes and lists', { situation: '"Quoted" start\n- a list' }, []],
  ])('says which field would not read back: %s', (_name, change, fields) => {
    expect(deckProblems({ ...feedback, ...change })).toEqual(fields);
  });
});

describe('importing a deck of stories', () => {
  it('says each problem as file:line, as `star stories check` does', () => {
    const markdown = [
      '# Mine',
      '## Leadership',
      '### Question 1: A story without a result',
      '#### STAR Answer',
      '**Situation**: s s s',
      '**Task**: t t t',
      '**Action**: a a a',
      '## Hiring',
      '### Question 2: Hiring bar',
      '#### STAR Answer',
      '**Situation**: s s s',
      '**Task**: t t t',
      '**Action**: a a a',
      '**Result**: r r r',
    ].join('\n');
    const read = storiesFromDeck(markdown, 'mine.md', categories);
    expect(read).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          file: 'mine.md',
          line: 3,
          message: expect.stringContaining('has no **Result**'),
        }),
      ],
    });
    // Once the deck parses, a category the app does not have is named on its question's line.
    const fixed = markdown.replace(
      '**Action**: a a a\n## Hiring',
      '**Action**: a a a\n**Result**: r r r\n## Hiring',
    );
    const again = storiesFromDeck(fixed, 'mine.md', categories);
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.errors).toEqual([
      {
        file: 'mine.md',
        line: 10,
        message: expect.stringContaining('"Hiring" is not a category of this app'),
      },
    ]);
  });

  it('refuses what the story form refuses, on the question’s line', () => {
    const markdown = storiesToDeck([feedback]).replace('I chaired it.', 'I');
    const read = storiesFromDeck(markdown, 'mine.md', categories);
    expect(read).toEqual({
      ok: false,
      errors: [{ file: 'mine.md', line: 5, message: 'question 1, task: Write at least a few words.' }],
    });
  });

  it('refuses more stories than the bank has room for', () => {
    const read = storiesFromDeck(storiesToDeck([migration, feedback]), 'mine.md', categories, 1);
    expect(read.ok).toBe(false);
  });
});
