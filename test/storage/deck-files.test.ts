import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDeckError } from '../../src/domain/deck.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { questionMarkdown, sampleDeck, shippedStoriesDir, tempDir, writeFiles } from '../support/fixtures.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.cleanup());

describe('loadDecks', () => {
  it('loads every *.md under the folder, nested ones too, as one library', () => {
    mkdirSync(join(temp.dir, 'more'));
    writeFiles(temp.dir, {
      'sample.md': sampleDeck(),
      'more/extra.md': `## Mentoring\n\n${questionMarkdown(1, 'Mentoring prompt')}`,
      'notes.txt': 'not a deck',
    });
    const result = loadDecks(temp.dir);
    if (!result.ok) throw new Error(result.errors.map(formatDeckError).join('\n'));
    expect(result.library.decks.map((d) => d.name)).toEqual(['more-extra', 'sample']);
    expect(result.library.questions).toHaveLength(4);
    expect(result.library.categories.map((c) => [c.name, c.questionIds.length])).toEqual([
      ['Mentoring', 1],
      ['Leadership', 2],
      ['Conflict Resolution', 1],
    ]);
    expect(result.library.byId.get('more-extra/mentoring-prompt')?.prompt).toBe('Mentoring prompt');
  });

  it('refuses the whole library when two decks use one id', () => {
    writeFiles(temp.dir, {
      'a.md': `## Leadership\n\n${questionMarkdown(1, 'A', '<!-- id: shared -->')}`,
      'b.md': `## Leadership\n\n${questionMarkdown(1, 'B', '<!-- id: shared -->')}`,
    });
    const result = loadDecks(temp.dir);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map(formatDeckError)).toEqual([
        `${join(temp.dir, 'b.md')}:3: question id "shared" is already used at ${join(temp.dir, 'a.md')}:3; give one of them an explicit <!-- id: ... -->`,
      ]);
    }
  });

  it('refuses a missing or empty folder', () => {
    expect(loadDecks(join(temp.dir, 'nope'))).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringContaining('no such folder') }],
    });
    expect(loadDecks(temp.dir)).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringContaining('no decks') }],
    });
  });
});

describe('the decks we ship (product.md §1)', () => {
  const result = loadDecks(shippedStoriesDir);
  if (!result.ok) throw new Error(result.errors.map(formatDeckError).join('\n'));
  const { library } = result;

  it('have at least 40 questions over the ten categories', () => {
    expect(library.questions.length).toBeGreaterThanOrEqual(40);
    expect(library.categories.map((c) => c.name).sort()).toEqual(
      [
        'Architecture & Design',
        'Conflict Resolution',
        'Driving Technical Strategy',
        'Handling Failures & Incidents',
        'Influencing Without Authority',
        'Leadership',
        'Long-term Thinking',
        'Making Hard Tradeoffs',
        'Mentoring & Developing Others',
        'Production Excellence',
      ].sort(),
    );
    for (const category of library.categories)
      expect(category.questionIds.length, category.name).toBeGreaterThanOrEqual(4);
  });

  it('give every question a full model answer, insights and at least one follow-up', () => {
    for (const q of library.questions) {
      const where = `${q.source.file}:${q.source.line}`;
      expect(q.answer.situation.length, where).toBeGreaterThan(40);
      expect(q.answer.task.length, where).toBeGreaterThan(20);
      expect(q.answer.action.length, where).toBeGreaterThan(200);
      expect(q.answer.result, where).toMatch(/\d/);
      expect(q.answer.insights?.length ?? 0, where).toBeGreaterThan(20);
      expect(q.followUps.length, where).toBeGreaterThanOrEqual(1);
      expect(q.difficulty, where).not.toBeNull();
    }
  });

  it('have explicit ids and distinct question numbers, and practice tips', () => {
    expect(library.questions.every((q) => !q.id.includes('/'))).toBe(true);
    expect(new Set(library.questions.map((q) => q.number)).size).toBe(library.questions.length);
    expect(library.tips.some((t) => t.title === 'Practice Tips')).toBe(true);
  });
});
