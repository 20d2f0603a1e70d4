import { describe, expect, it } from 'vitest';
import { categoryKey, knownCategories, storyMatrix } from '../../src/domain/story-matrix.js';

const categories = ['Leadership', 'Conflict Resolution', 'Mentoring'];
const story = (id: number, ...cats: string[]) => ({ id, title: `Story ${id}`, categories: cats });

describe('the story matrix', () => {
  it.each([
    {
      name: 'an empty bank: every category is a gap, none thin',
      stories: [],
      rows: [0, 0, 0],
      gaps: categories,
      thin: [],
    },
    {
      name: 'one story answering two categories: both thin, the third a gap',
      stories: [story(1, 'Leadership', 'Mentoring')],
      rows: [1, 0, 1],
      gaps: ['Conflict Resolution'],
      thin: ['Leadership', 'Mentoring'],
    },
    {
      name: 'two stories on one category: covered, neither gap nor thin',
      stories: [story(1, 'Leadership'), story(2, 'Leadership', 'Conflict Resolution')],
      rows: [2, 1, 0],
      gaps: ['Mentoring'],
      thin: ['Conflict Resolution'],
    },
    {
      name: 'categories matched whatever their case and spacing',
      stories: [story(1, 'leadership'), story(2, '  LEADERSHIP '), story(3, 'conflict   resolution')],
      rows: [2, 1, 0],
      gaps: ['Mentoring'],
      thin: ['Conflict Resolution'],
    },
    {
      name: 'a category the library no longer has: in no row, the story still counted',
      stories: [story(1, 'Architecture'), story(2, 'Mentoring'), story(3, 'Mentoring')],
      rows: [0, 0, 2],
      gaps: ['Leadership', 'Conflict Resolution'],
      thin: [],
    },
  ])('$name', ({ stories, rows, gaps, thin }) => {
    const matrix = storyMatrix(categories, stories);
    expect(matrix.rows.map((row) => row.category)).toEqual(categories);
    expect(matrix.rows.map((row) => row.stories.length)).toEqual(rows);
    expect(matrix.gaps).toEqual(gaps);
    expect(matrix.thin).toEqual(thin);
    expect(matrix.stories).toBe(stories.length);
  });

  it('lists each category’s stories in the order of the bank', () => {
    const matrix = storyMatrix(categories, [
      story(3, 'Mentoring'),
      story(1, 'Mentoring'),
      story(2, 'Leadership'),
    ]);
    expect(matrix.rows[2]?.stories.map((s) => s.id)).toEqual([3, 1]);
  });
});

describe('categories as people type them', () => {
  it.each([
    ['Conflict Resolution', 'conflict resolution'],
    ['  Conflict\tResolution ', 'conflict resolution'],
  ])('%j has the key %j', (name, key) => {
    expect(categoryKey(name)).toBe(key);
  });

  it('gives the library’s spelling, once each, and the names it does not have', () => {
    expect(knownCategories(categories, ['mentoring', 'Mentoring', 'Hiring', 'LEADERSHIP'])).toEqual({
      known: ['Mentoring', 'Leadership'],
      unknown: ['Hiring'],
    });
  });
});
