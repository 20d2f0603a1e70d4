/**
 * The story matrix: the library's categories × the user's stories. Interview coaches ask for at
 * least two stories per competency, so that a second question on it (or a follow-up asking for
 * "another example") has an answer: a category with no story is a gap, one with a single story is
 * thin. Categories are matched as people type them (case and spaces aside).
 */

export type MatrixStory = {
  readonly id: number;
  readonly title: string;
  readonly categories: readonly string[];
};

type MatrixRow = {
  readonly category: string;
  /** The stories that answer it, in the order of the bank. */
  readonly stories: readonly MatrixStory[];
};

export type StoryMatrix = {
  readonly rows: readonly MatrixRow[];
  /** Categories no story answers, in the library's order. */
  readonly gaps: readonly string[];
  /** Categories exactly one story answers. */
  readonly thin: readonly string[];
  /** How many stories the bank holds. */
  readonly stories: number;
};

/** The key a category name is matched by: "Conflict  resolution" and "conflict resolution" are one. */
export const categoryKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The matrix of `categories` (the library's, in its order) by `stories`. A story's category the
 * library no longer has (a deck was removed) is left out of the rows; the story is still counted.
 */
export function storyMatrix(categories: readonly string[], stories: readonly MatrixStory[]): StoryMatrix {
  const rows = categories.map((category) => {
    const key = categoryKey(category);
    return { category, stories: stories.filter((s) => s.categories.some((c) => categoryKey(c) === key)) };
  });
  return {
    rows,
    gaps: rows.filter((row) => row.stories.length === 0).map((row) => row.category),
    thin: rows.filter((row) => row.stories.length === 1).map((row) => row.category),
    stories: stories.length,
  };
}

/**
 * The library's spelling of each name in `names` (matched by `categoryKey`), and the names it does
 * not have. Each category once, in the order given.
 */
export function knownCategories(
  library: readonly string[],
  names: readonly string[],
): { known: string[]; unknown: string[] } {
  const byKey = new Map(library.map((name) => [categoryKey(name), name]));
  const known: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const found = byKey.get(categoryKey(name));
    if (found === undefined) unknown.push(name);
    else if (!known.includes(found)) known.push(found);
  }
  return { known, unknown };
}
