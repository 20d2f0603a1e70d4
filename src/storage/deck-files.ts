import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildLibrary, type Deck, type DeckError, type Library } from '../domain/deck.js';
import { deckFormat, parseDeckMarkdown } from '../domain/deck-markdown.js';

export type LoadResult = { ok: true; library: Library } | { ok: false; errors: DeckError[] };

/**
 * Parsed decks kept between starts (storage/deck-cache-repository.ts), as JSON under a key that
 * names what each was parsed from: a deck file unchanged since it was last parsed is not parsed again.
 */
export type DeckCache = {
  get(key: string): string | undefined;
  /** Keeps `deck` for `file` (and forgets what was kept for an older text of the same file). */
  put(key: string, file: string, deck: string, now: number): void;
};

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return markdownFiles(path);
      return entry.isFile() && entry.name.toLowerCase().endsWith('.md') ? [path] : [];
    })
    .sort();
}

/** What a deck was parsed from: the parser's format, the file as named, the deck's name and its text. */
function cacheKey(file: string, name: string, text: string): string {
  return createHash('sha256')
    .update(JSON.stringify([deckFormat, file, name]))
    .update(text)
    .digest('hex');
}

/**
 * The kept parse of `file`, if there is one; a cache that fails is only a miss. A kept deck passed
 * deckSchema when it was parsed, and its key holds the parser's format (deckFormat), so it is read
 * back as written, without checking it again (for 1,000 questions that check costs more than all the
 * rest of the load); what is checked is that it is this file's deck.
 */
function kept(cache: DeckCache, key: string, file: string, name: string): Deck | undefined {
  try {
    const json = cache.get(key);
    if (json === undefined) return undefined;
    const deck = JSON.parse(json) as Deck;
    return deck?.file === file && deck.name === name && Array.isArray(deck.questions) ? deck : undefined;
  } catch {
    return undefined;
  }
}

function keep(cache: DeckCache, key: string, deck: Deck, now: number): void {
  try {
    cache.put(key, deck.file, JSON.stringify(deck), now);
  } catch {
    // Not kept (the database busy or read-only, say): the deck is parsed again at the next start.
  }
}

/**
 * Loads every `*.md` under `dir` as a deck. Any error in any deck fails the whole load, so the app
 * never serves half a deck. With a `cache`, a deck whose file is unchanged since its last parse is
 * read from it instead of being parsed again (a deck with errors is never kept, so it is always
 * parsed and its errors always reported); the checks across decks (ids used twice) run every time.
 */
export function loadDecks(
  dir: string,
  options: { cache?: DeckCache | undefined; now?: () => number } = {},
): LoadResult {
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
  const { cache } = options;
  const decks: Deck[] = [];
  const errors: DeckError[] = [];
  for (const file of files) {
    const name = relative(dir, file).replace(/\.md$/i, '').split(sep).join('-');
    const text = readFileSync(file, 'utf8');
    const key = cache ? cacheKey(file, name, text) : '';
    const cached = cache ? kept(cache, key, file, name) : undefined;
    if (cached) {
      decks.push(cached);
      continue;
    }
    const result = parseDeckMarkdown(text, file, name);
    if (result.ok) {
      decks.push(result.deck);
      if (cache) keep(cache, key, result.deck, (options.now ?? Date.now)());
    } else errors.push(...result.errors);
  }
  const { library, errors: libraryErrors } = buildLibrary(decks);
  errors.push(...libraryErrors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, library };
}
