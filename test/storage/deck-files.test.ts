import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Deck, formatDeckError } from '../../src/domain/deck.js';
import { migrationsDir } from '../../src/main.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { createDeckCacheRepository } from '../../src/storage/deck-cache-repository.js';
import {
  type DeckCache,
  keptLater,
  loadDecks,
  prebuildDecks,
  readPrebuiltDecks,
} from '../../src/storage/deck-files.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import {
  generatedDeck,
  questionMarkdown,
  sampleDeck,
  shippedStoriesDir,
  tempDir,
  writeFiles,
} from '../support/fixtures.js';

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

describe('loadDecks with parsed decks kept in the database (migration 0015)', () => {
  let db: Db;
  let cache: DeckCache;
  const now = () => 1_000;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    cache = createDeckCacheRepository(db);
  });
  afterEach(() => db.close());
  const rows = () =>
    db.prepare('SELECT file, parsed_at AS parsedAt FROM parsed_decks ORDER BY file').all() as Array<{
      file: string;
      parsedAt: number;
    }>;
  const load = () => {
    const result = loadDecks(temp.dir, { cache, now });
    if (!result.ok) throw new Error(result.errors.map(formatDeckError).join('\n'));
    return result.library;
  };

  it('keeps each parsed deck, and reads an unchanged one back instead of parsing it again', () => {
    writeFiles(temp.dir, {
      'sample.md': sampleDeck(),
      'extra.md': `## Mentoring\n\n${questionMarkdown(1, 'Mentoring prompt')}`,
    });
    const parsed = load();
    expect(rows()).toEqual([
      { file: join(temp.dir, 'extra.md'), parsedAt: 1_000 },
      { file: join(temp.dir, 'sample.md'), parsedAt: 1_000 },
    ]);
    expect(load()).toEqual(parsed);
    // What is served on a restart is what the database holds, not a new parse of the file.
    db.prepare(`UPDATE parsed_decks SET deck = replace(deck, 'Mentoring prompt', 'Kept prompt')`).run();
    expect(load().byId.get('extra/mentoring-prompt')?.prompt).toBe('Kept prompt');
    const uncached = loadDecks(temp.dir); // `star stories check`: always the files themselves
    expect(uncached.ok && uncached.library.byId.get('extra/mentoring-prompt')?.prompt).toBe(
      'Mentoring prompt',
    );
  });

  it('parses an edited deck again and keeps one row per file', () => {
    writeFiles(temp.dir, { 'extra.md': `## Mentoring\n\n${questionMarkdown(1, 'First prompt')}` });
    load();
    writeFileSync(join(temp.dir, 'extra.md'), `## Mentoring\n\n${questionMarkdown(1, 'Second prompt')}`);
    expect(load().questions.map((q) => q.prompt)).toEqual(['Second prompt']);
    expect(rows()).toHaveLength(1);
  });

  it('never keeps a deck with errors: the same file:line errors every time', () => {
    writeFiles(temp.dir, {
      'good.md': `## Leadership\n\n${questionMarkdown(1, 'A', '<!-- id: shared -->')}`,
      'bad.md': '## Leadership\n\n### Question 1: No answer here\n',
    });
    const uncached = loadDecks(temp.dir);
    const first = loadDecks(temp.dir, { cache, now });
    const second = loadDecks(temp.dir, { cache, now });
    expect(uncached.ok).toBe(false);
    if (uncached.ok || first.ok || second.ok) throw new Error('expected the decks to be refused');
    expect(uncached.errors.map(formatDeckError)).toEqual([
      `${join(temp.dir, 'bad.md')}:3: question 1 has no **Situation**, **Task**, **Action**, **Result** (a model answer needs Situation, Task, Action and Result)`,
    ]);
    expect(first.errors).toEqual(uncached.errors);
    expect(second.errors).toEqual(uncached.errors);
    expect(rows().map((r) => r.file)).toEqual([join(temp.dir, 'good.md')]);
  });

  it('still checks ids across decks when every deck comes from the database', () => {
    writeFiles(temp.dir, { 'a.md': `## Leadership\n\n${questionMarkdown(1, 'A', '<!-- id: shared -->')}` });
    load();
    writeFiles(temp.dir, { 'b.md': `## Leadership\n\n${questionMarkdown(1, 'B', '<!-- id: shared -->')}` });
    loadDecks(temp.dir, { cache, now }); // b.md is parsed (and kept) here: it has no error of its own
    const result = loadDecks(temp.dir, { cache, now });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('question id "shared" is already used');
  });

  it('parses again when a kept deck does not read, or the database fails', () => {
    writeFiles(temp.dir, { 'sample.md': sampleDeck() });
    const parsed = load();
    db.prepare(`UPDATE parsed_decks SET deck = '{"name": 1}'`).run();
    expect(load()).toEqual(parsed);
    db.prepare(`UPDATE parsed_decks SET deck = 'not json'`).run();
    expect(load()).toEqual(parsed);
    const failing: DeckCache = {
      get: () => {
        throw new Error('SQLITE_BUSY');
      },
      put: () => {
        throw new Error('SQLITE_READONLY');
      },
    };
    expect(loadDecks(temp.dir, { cache: failing })).toEqual({ ok: true, library: parsed });
  });
});

describe('loadDecks with decks parsed at build time (npm run build: dist/parsed-decks.json)', () => {
  /** The id of a build (dist/star.cjs's first line says it), and of another. */
  const ourBuild = 'a1'.repeat(32);
  const otherBuild = 'b2'.repeat(32);
  /** A file of code as the build of `id` writes it (dist/star.cjs): its id on its first line. */
  const codeOf = (id: string) => {
    const file = join(temp.dir, `code-${id.slice(0, 2)}.cjs`);
    writeFileSync(file, `(function (exports) {"use strict";/* star build ${id} */\nexports.x = 1;\n})`);
    return file;
  };
  /** The decks of `dir` as the build of `ourBuild` parses them, written where `readPrebuiltDecks` reads them. */
  const prebuild = (dir: string) => {
    const file = join(temp.dir, 'parsed-decks.json');
    writeFileSync(file, prebuildDecks(dir, ourBuild));
    return file;
  };
  /** Read as code of another build would (or sources run as they are): each deck checked against deckSchema. */
  const readPrebuilt = (file: string) => readPrebuiltDecks(file, codeOf(otherBuild));
  const loaded = (result: ReturnType<typeof loadDecks>) => {
    if (!result.ok) throw new Error(result.errors.map(formatDeckError).join('\n'));
    return result.library;
  };

  it('serves a deck whose name and text were parsed at build time as parsing it would, at its own path', () => {
    // Built from the shipped decks where they are; served from a copy elsewhere (another path).
    const prebuilt = readPrebuilt(prebuild(shippedStoriesDir));
    const decks = join(temp.dir, 'decks');
    cpSync(shippedStoriesDir, decks, { recursive: true });
    expect(loaded(loadDecks(decks, { prebuilt }))).toEqual(loaded(loadDecks(decks)));
    expect(loaded(loadDecks(decks, { prebuilt })).questions[0]?.source.file).toBe(
      join(decks, 'leading-and-deciding.md'),
    );
  });

  it('reads a matching deck from there, and parses one whose text or name differs from what was built', () => {
    const decks = join(temp.dir, 'decks');
    mkdirSync(decks);
    writeFiles(decks, {
      'extra.md': `## Mentoring\n\n${questionMarkdown(1, 'Built prompt')}`,
      'other.md': `## Mentoring\n\n${questionMarkdown(1, 'Other prompt')}`,
    });
    const file = prebuild(decks);
    // What the build wrote is what is served (not a new parse): changed here to tell them apart.
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('Built prompt', 'From the build'));
    const prebuilt = readPrebuilt(file);
    expect(loaded(loadDecks(decks, { prebuilt })).questions.map((q) => q.prompt)).toEqual([
      'From the build',
      'Other prompt',
    ]);
    // The file edited since the build: parsed, whatever the build had.
    writeFileSync(join(decks, 'extra.md'), `## Mentoring\n\n${questionMarkdown(1, 'Edited prompt')}`);
    expect(loaded(loadDecks(decks, { prebuilt })).questions[0]?.prompt).toBe('Edited prompt');
    // The same text under another name (its ids come from the name): parsed too.
    const renamed = join(temp.dir, 'renamed');
    mkdirSync(renamed);
    writeFiles(renamed, { 'more.md': `## Mentoring\n\n${questionMarkdown(1, 'Other prompt')}` });
    expect(loaded(loadDecks(renamed, { prebuilt })).questions[0]?.id).toBe('more/other-prompt');
  });

  it('parses a deck whose built parse does not pass the deck schema, and reads past a missing or broken file', () => {
    writeFiles(temp.dir, { 'sample.md': sampleDeck() });
    const parsed = loaded(loadDecks(temp.dir));
    const file = prebuild(temp.dir);
    const { decks } = JSON.parse(readFileSync(file, 'utf8')) as { decks: object };
    const [key] = Object.keys(decks);
    for (const broken of [{ name: 1 }, { name: 'sample', questions: 'none' }, 'not a deck', null]) {
      // Whoever built it: not shaped like the deck, it is parsed.
      for (const build of [ourBuild, otherBuild]) {
        writeFileSync(file, JSON.stringify({ build, decks: { [key ?? '']: broken } }));
        for (const code of [codeOf(ourBuild), codeOf(otherBuild)])
          expect(loaded(loadDecks(temp.dir, { prebuilt: readPrebuiltDecks(file, code) }))).toEqual(parsed);
      }
    }
    for (const text of ['not json', JSON.stringify(decks), JSON.stringify({ decks })]) {
      writeFileSync(file, text); // not JSON, the decks without the build's id around them
      expect(loaded(loadDecks(temp.dir, { prebuilt: readPrebuiltDecks(file, codeOf(ourBuild)) }))).toEqual(
        parsed,
      );
    }
    const missing = readPrebuiltDecks(join(temp.dir, 'nowhere.json'), codeOf(ourBuild));
    expect(loaded(loadDecks(temp.dir, { prebuilt: missing }))).toEqual(parsed);
  });

  it("reads a deck as written when the running code's build parsed it, and checks another build's against the deck schema", () => {
    writeFiles(temp.dir, { 'sample.md': sampleDeck() });
    const parsed = loaded(loadDecks(temp.dir));
    const file = prebuild(temp.dir);
    // What this build wrote is read back as its own parse: served as written, not checked again...
    const built = JSON.parse(readFileSync(file, 'utf8')) as { build: string; decks: Record<string, Deck> };
    const [key, deck] = Object.entries(built.decks)[0] ?? [];
    if (!key || !deck) throw new Error('nothing was built');
    const [first, ...rest] = deck.questions;
    if (!first) throw new Error('no question was built');
    const unchecked = { ...deck, questions: [{ ...first, prompt: '' }, ...rest] }; // deckSchema: prompt min(1)
    writeFileSync(file, JSON.stringify({ ...built, decks: { [key]: unchecked } }));
    const ours = loaded(loadDecks(temp.dir, { prebuilt: readPrebuiltDecks(file, codeOf(ourBuild)) }));
    expect(ours.questions[0]?.prompt).toBe('');
    expect(ours.questions[0]?.source.file).toBe(join(temp.dir, 'sample.md'));
    // ...while code of another build, or sources without a build's id, check it, and parse the deck.
    expect(loaded(loadDecks(temp.dir, { prebuilt: readPrebuilt(file) }))).toEqual(parsed);
    const sources = join(temp.dir, 'main.ts');
    writeFileSync(sources, "import { z } from 'zod';\n");
    expect(loaded(loadDecks(temp.dir, { prebuilt: readPrebuiltDecks(file, sources) }))).toEqual(parsed);
    const nowhere = join(temp.dir, 'nowhere.cjs');
    expect(loaded(loadDecks(temp.dir, { prebuilt: readPrebuiltDecks(file, nowhere) }))).toEqual(parsed);
  });

  it('refuses a deck with errors with the same file:line messages, whatever else was built', () => {
    const decks = join(temp.dir, 'decks');
    mkdirSync(decks);
    writeFiles(decks, { 'good.md': `## Leadership\n\n${questionMarkdown(1, 'A')}` });
    const prebuilt = readPrebuilt(prebuild(decks));
    writeFiles(decks, { 'bad.md': '## Leadership\n\n### Question 1: No answer here\n' });
    const without = loadDecks(decks);
    const withBuilt = loadDecks(decks, { prebuilt });
    expect(without.ok).toBe(false);
    expect(withBuilt).toEqual(without);
  });

  it('keeps a deck read from the build in the database, so a restart reads it from there', () => {
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    writeFiles(temp.dir, { 'sample.md': sampleDeck() });
    const prebuilt = readPrebuiltDecks(prebuild(temp.dir), codeOf(ourBuild));
    const cache = createDeckCacheRepository(db);
    const first = loaded(loadDecks(temp.dir, { cache, prebuilt, now: () => 5 }));
    expect(db.prepare('SELECT file, parsed_at AS parsedAt FROM parsed_decks').all()).toEqual([
      { file: join(temp.dir, 'sample.md'), parsedAt: 5 },
    ]);
    expect(loaded(loadDecks(temp.dir, { cache }))).toEqual(first);
    db.close();
  });
});

describe('keptLater: the parsed decks written to the database once the app listens', () => {
  it('writes nothing until keep(), then what was parsed; a failing write is only not kept', () => {
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(migrationsDir));
    writeFiles(temp.dir, { 'sample.md': sampleDeck() });
    const later = keptLater(createDeckCacheRepository(db));
    const count = () => db.prepare('SELECT count(*) FROM parsed_decks').pluck().get();
    const first = loadDecks(temp.dir, { cache: later.cache, now: () => 1 });
    expect(count()).toBe(0);
    later.keep();
    expect(count()).toBe(1);
    later.keep(); // nothing left to write
    expect(count()).toBe(1);
    expect(loadDecks(temp.dir, { cache: createDeckCacheRepository(db) })).toEqual(first);

    db.close();
  });

  it('stops at the first write that fails: a busy database is waited for once, not once a deck', () => {
    writeFiles(temp.dir, { 'one.md': generatedDeck('one', 1, 2), 'two.md': generatedDeck('two', 100, 2) });
    let tried = 0;
    const failing = keptLater({
      get: () => undefined,
      put: () => {
        tried += 1;
        throw new Error('SQLITE_BUSY');
      },
    });
    const loaded = loadDecks(temp.dir, { cache: failing.cache });
    expect(loaded.ok && loaded.library.decks.length).toBe(2);
    expect(() => failing.keep()).not.toThrow();
    expect(tried).toBe(1);
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
