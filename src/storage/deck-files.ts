import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { buildLibrary, type Deck, type DeckError, deckSchema, type Library } from '../domain/deck.js';
import { deckFormat, parseDeckMarkdown } from '../domain/deck-markdown.js';

export type LoadResult = { ok: true; library: Library } | { ok: false; errors: DeckError[] };

/**
 * Parsed decks kept between starts (storage/deck-cache-repository.ts), as JSON under a key that
 * names what each was parsed from: a deck file unchanged since it was last parsed is not parsed again.
 */
export type DeckCache = {
  /** The kept deck's JSON. */
  get(key: string): string | undefined;
  /** Keeps `deck` (as JSON) for `file`, and forgets what was kept for an older text of the same file. */
  put(key: string, file: string, deck: Deck, now: number): void;
};

/**
 * A cache whose writes wait for `keep()`: the app's start-up loads its decks with it and keeps what
 * it parsed once it listens (a process that stops before that parses them again at its next start).
 * A write that fails is only not kept, as with `loadDecks`' own writes, and the writes after it are
 * not tried: a database another process holds would make each wait its busy timeout while the app
 * already serves requests (they are parsed again at the next start).
 */
export function keptLater(cache: DeckCache): { cache: DeckCache; keep(): void } {
  const pending: Array<() => void> = [];
  return {
    cache: {
      get: (key) => cache.get(key),
      put: (key, file, deck, now) => {
        pending.push(() => cache.put(key, file, deck, now));
      },
    },
    keep: () => {
      for (const put of pending.splice(0)) {
        try {
          put();
        } catch {
          // Not kept (the database busy, read-only or closed), nor the rest: parsed again at the next start.
          return;
        }
      }
    },
  };
}

/**
 * Decks parsed when the app was built (`npm run build` writes the shipped decks, parsed, to
 * dist/parsed-decks.json with `prebuildDecks`): a deck whose name and text are exactly those of one of
 * them is read from there instead of being parsed (a first start then parses none of the decks it
 * ships with).
 */
export type PrebuiltDecks = { find(file: string, name: string, text: string): Deck | undefined };

/** What a prebuilt deck was parsed from: the parser's format, the deck's name and its text (not its path). */
function prebuiltKey(name: string, text: string): string {
  return createHash('sha256')
    .update(JSON.stringify([deckFormat, name]))
    .update(text)
    .digest('hex');
}

/** The deck as if parsed from `file`: the path is the one thing a prebuilt deck does not know. */
function atFile(deck: Deck, file: string): Deck {
  return {
    ...deck,
    file,
    questions: deck.questions.map((question) => ({
      ...question,
      source: { ...question.source, file },
      followUps: question.followUps.map((followUp) => ({
        ...followUp,
        source: { ...followUp.source, file },
      })),
    })),
  };
}

/**
 * For the build: every deck under `dir` that parses, as the JSON that `readPrebuiltDecks` reads (each
 * under the key of its name and text), with `build`, the id of the code being built (the first line
 * of dist/star.cjs, `/* star build <id> *\/`). A deck with errors is left out: it is parsed, and
 * refused, at start-up.
 */
export function prebuildDecks(dir: string, build: string): string {
  const decks: Record<string, Deck> = {};
  for (const file of markdownFiles(dir)) {
    const name = deckName(dir, file);
    const text = readFileSync(file, 'utf8');
    const result = parseDeckMarkdown(text, '', name);
    if (result.ok) decks[prebuiltKey(name, text)] = result.deck;
  }
  return JSON.stringify({ build, decks });
}

const prebuiltFileSchema = z.object({ build: z.string(), decks: z.record(z.string(), z.unknown()) });

/** The id a build wrote on the first line of the code it built (dist/star.cjs); none for sources run as they are. */
function buildIdOf(code: string): string | undefined {
  try {
    const start = Buffer.alloc(200);
    const fd = openSync(code, 'r');
    try {
      readSync(fd, start, 0, start.length, 0);
    } finally {
      closeSync(fd);
    }
    return /^[^\n]*\/\* star build ([0-9a-f]{64}) \*\//.exec(start.toString('latin1'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The decks `prebuildDecks` wrote to `path`, read when first asked for. A file that is missing or
 * does not read gives none (every deck is then parsed). A deck found was checked against deckSchema
 * when the build parsed it (`parseDeckMarkdown` checks what it makes): when the file says it was
 * written by the build of `code` (the running code's file: the same id on its first line), the
 * deck is this code's own parse, read back as written, as the database's kept decks are (`kept`);
 * otherwise (another build's file, or sources run as they are) each deck is checked against
 * deckSchema again, and one that fails it is parsed instead.
 */
export function readPrebuiltDecks(path: string, code: string): PrebuiltDecks {
  let file: { decks: Record<string, unknown>; ours: boolean } | undefined;
  const all = () => {
    if (file === undefined) {
      try {
        const { build, decks } = prebuiltFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
        file = { decks, ours: build === buildIdOf(code) };
      } catch {
        file = { decks: {}, ours: false };
      }
    }
    return file;
  };
  return {
    find(file, name, text) {
      const { decks, ours } = all();
      const deck = decks[prebuiltKey(name, text)];
      if (deck === undefined) return undefined;
      try {
        if (ours) {
          const own = deck as Deck;
          return own.name === name && Array.isArray(own.questions) ? atFile(own, file) : undefined;
        }
        // Without zod's compiled fast path: compiling it costs more than it saves on one parse.
        const parsed = deckSchema().safeParse(atFile(deck as Deck, file), { jitless: true });
        return parsed.success && parsed.data.name === name ? parsed.data : undefined;
      } catch {
        return undefined; // not even shaped like a deck (atFile failed)
      }
    },
  };
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return markdownFiles(path);
      return entry.isFile() && entry.name.toLowerCase().endsWith('.md') ? [path] : [];
    })
    .sort();
}

/** A deck's name: its path under the folder, without `.md`, with `-` between folders. */
function deckName(dir: string, file: string): string {
  return relative(dir, file).replace(/\.md$/i, '').split(sep).join('-');
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
    cache.put(key, deck.file, deck, now);
  } catch {
    // Not kept (the database busy or read-only, say): the deck is parsed again at the next start.
  }
}

/**
 * Loads every `*.md` under `dir` as a deck. Any error in any deck fails the whole load, so the app
 * never serves half a deck. With a `cache`, a deck whose file is unchanged since its last parse is
 * read from it instead of being parsed again (a deck with errors is never kept, so it is always
 * parsed and its errors always reported); else, with `prebuilt`, a deck parsed at build time from
 * the same name and text is read from there (and kept in the cache); the checks across decks (ids
 * used twice) run every time.
 */
export function loadDecks(
  dir: string,
  options: { cache?: DeckCache | undefined; prebuilt?: PrebuiltDecks | undefined; now?: () => number } = {},
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
    const name = deckName(dir, file);
    const text = readFileSync(file, 'utf8');
    const key = cache ? cacheKey(file, name, text) : '';
    const cached = cache ? kept(cache, key, file, name) : undefined;
    if (cached) {
      decks.push(cached);
      continue;
    }
    const prebuilt = options.prebuilt?.find(file, name, text);
    if (prebuilt) {
      decks.push(prebuilt);
      if (cache) keep(cache, key, prebuilt, (options.now ?? Date.now)());
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
