import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildLibrary, type Deck, type DeckError, type Library } from '../domain/deck.js';
import { parseDeckMarkdown } from '../domain/deck-markdown.js';

export type LoadResult = { ok: true; library: Library } | { ok: false; errors: DeckError[] };

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return markdownFiles(path);
      return entry.isFile() && entry.name.toLowerCase().endsWith('.md') ? [path] : [];
    })
    .sort();
}

/**
 * Loads every `*.md` under `dir` as a deck. Any error in any deck fails the whole load, so the app
 * never serves half a deck.
 */
export function loadDecks(dir: string): LoadResult {
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(dir);
  } catch {
    stat = undefined;
  }
  if (!stat?.isDirectory()) {
    return {
      ok: false,
      errors: [{ file: dir, line: 1, message: 'no such folder of decks (set STAR_STORIES)' }],
    };
  }
  const files = markdownFiles(dir);
  if (files.length === 0) {
    return { ok: false, errors: [{ file: dir, line: 1, message: 'no decks (*.md files) in this folder' }] };
  }
  const decks: Deck[] = [];
  const errors: DeckError[] = [];
  for (const file of files) {
    const name = relative(dir, file).replace(/\.md$/i, '').split(sep).join('-');
    const result = parseDeckMarkdown(readFileSync(file, 'utf8'), file, name);
    if (result.ok) decks.push(result.deck);
    else errors.push(...result.errors);
  }
  const { library, errors: libraryErrors } = buildLibrary(decks);
  errors.push(...libraryErrors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, library };
}
