import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Block,
  markdownBlocks,
  parseDeckMarkdown,
  readDeck,
  scanBlocks,
} from '../../src/domain/deck-markdown.js';
import { generatedDeck, sampleDeck, shippedStoriesDir } from '../support/fixtures.js';

/**
 * Decks are read line by line (`scanBlocks`) when they are written in the Markdown this reader
 * knows, and by the Markdown parser (`markdownBlocks`) otherwise. What the line reader gives must be
 * what the parser gives, block for block: these tests compare the two on the shipped decks and on
 * generated Markdown, and the decks read from either.
 */

/** Where a block ends, up to trailing spaces (which reading a deck never looks at). */
function comparable(source: string, blocks: readonly Block[]) {
  const end = (start: number, stop: number) => start + source.slice(start, stop).trimEnd().length;
  return blocks.map((block) => ({
    ...block,
    end: end(block.start, block.end),
    ...(block.type === 'list'
      ? { items: block.items.map((item) => item && { start: item.start, end: end(item.start, item.end) }) }
      : {}),
  }));
}

/** The line reader's blocks equal the parser's, or it declines; it reads the deck the parser reads. */
function expectSameReading(source: string): boolean {
  const scanned = scanBlocks(source);
  if (scanned === undefined) return false;
  expect(comparable(source, scanned)).toEqual(comparable(source, markdownBlocks(source)));
  expect(readDeck(source, scanned, 'deck.md', 'deck')).toEqual(
    readDeck(source, markdownBlocks(source), 'deck.md', 'deck'),
  );
  return true;
}

describe('the line reader of decks', () => {
  // The Markdown parser takes seconds for these on a busy machine.
  it('reads the shipped decks and the generated ones itself, as the Markdown parser does', {
    timeout: 60_000,
  }, () => {
    const shipped = readdirSync(shippedStoriesDir)
      .filter((name) => name.endsWith('.md'))
      .map((name) => readFileSync(join(shippedStoriesDir, name), 'utf8'));
    expect(shipped.length).toBeGreaterThan(0);
    for (const source of [...shipped, generatedDeck('0', 1, 100)])
      expect(expectSameReading(source)).toBe(true);
    const result = parseDeckMarkdown(generatedDeck('0', 1, 100), 'deck.md', 'deck');
    expect(result.ok && result.deck.questions.length).toBe(100);
  });

  it('leaves to the Markdown parser what it does not read (a code fence in the sample deck)', () => {
    expect(scanBlocks(sampleDeck())).toBeUndefined();
    for (const source of [
      '```\n# x\n```',
      '>> quote',
      'Title\n=====',
      'a\n\tb',
      '    code',
      '<div>\nx\n</div>',
    ]) {
      expect(scanBlocks(source)).toBeUndefined();
    }
  });

  it('reads lists, lazy lines, rules and comments as CommonMark does', () => {
    const cases = [
      '1. a\n2. b\n\n3. c',
      '- a\nlazy\n- b\n  continued\n\n  new paragraph\n\nafter',
      '**Result**:\n- x\n- y\n**Insights**:\n- z',
      'text\n1. interrupts\n\ntext\n2. does not',
      'text\n- interrupts\n\n* another list\n\n+ and another',
      '> a quote\nlazy\n> - item\n\n> another\n>\n> after a blank quote line\n\ntext\n> interrupts',
      '## Architecture & Design\n1. [Failures & Incidents](#failures)\n2. [x] y',
      '- a\n\n---\n\n***\n___',
      'para\n<!-- id: x -->\nmore',
      '### Question 1: Tell me\n<!-- id: q1 -->\n**Difficulty**: Staff',
      '1) a\n\n1. b',
      '- a\n   - b\n      - c\n- d',
      '10. ten\n11. eleven',
      '-  two spaces\n   continued',
      '#5 not a heading\n#\n######',
      'text\n    indented continuation\n  two spaces',
    ];
    for (const source of cases) expect(expectSameReading(source), source).toBe(true);
  });

  /** Any indent, a marker or a label or neither, some text, maybe trailing spaces. */
  const composedLine = fc
    .tuple(
      fc.integer({ min: 0, max: 9 }),
      fc.constantFrom('', '', '- ', '* ', '+ ', '1. ', '2. ', '1) ', '-   ', '> ', '>', '- - ', '1. - '),
      fc.constantFrom(
        'text',
        '**Situation**: s',
        '**Q: why?**',
        '**Difficulty**: Staff',
        '"quoted',
        '- x',
        '',
      ),
      fc.constantFrom('', '', '  '),
    )
    .map(([indent, marker, text, trailing]) => `${' '.repeat(indent)}${marker}${text}${trailing}`);

  /** Lines as decks have them, and lines of Markdown the line reader does not read. */
  const deckLine = fc.oneof(
    { weight: 6, arbitrary: composedLine },
    { weight: 6, arbitrary: fc.constant('') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '# Deck title',
        '## Leadership Stories',
        '### Question 1: Tell me about a time you led',
        '### Q2. Another prompt (with parentheses) — and a dash?',
        '#### STAR Answer',
        '#### Follow-up Questions',
        '#### Practice Tips',
        '##### A deeper heading',
        '<!-- id: led-a-team -->',
        '<!-- a note -->',
        '---',
      ),
    },
    {
      weight: 8,
      arbitrary: fc.constantFrom(
        '**Situation**: "At Example Corp the export was late."',
        '**Task**: I had to ship it.',
        '**Action**:',
        '**Result**: it shipped',
        '**Principal-Level Insights**:',
        '**Interview Stage**: Behavioral (50% probability)',
        '**Difficulty**: Staff',
        '**Q: What would you change?**',
        '**Q:** What next?',
        '"Start with the alerts."',
        'Plain text of an answer.',
        '  two-space text',
        '   three-space text',
        '    four-space text',
        '      six-space text',
        '1.5 million users',
        '2024. The year',
      ),
    },
    {
      weight: 8,
      arbitrary: fc.constantFrom(
        '- ✅ a result',
        '* a star item',
        '+ a plus item',
        '1. **Measure** (Week 1):',
        '2. second',
        '1) paren',
        '10. ten',
        '-  two spaces after',
        '  - nested',
        '   - nested by three',
        '    - nested by four',
        '      - nested by six',
        '   1. nested number',
        '- - nested on one line',
        '-',
        '1.',
        '- ',
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '> **Target**: engineers  ',
        '>',
        '> - a quoted item',
        '>  two spaces',
        '>> nested',
        '\u00a0non-breaking space',
        '\u00a0',
        '- \u00a0item',
        '<!-- id: x -->  ',
        '<!-- a note --> and text',
        '<!---->',
        '## Heading\u00a0',
        'R&D &amp; more',
        '### Question 4: R&D',
        '[x](https://example.com) starts a paragraph',
        '[ref]:',
        '   [x]: /y',
        '1.    four spaces after',
        '1.     five spaces after',
        '+ plus',
        '###### six #',
        '    > indented quote',
        '> > nested quote',
        '>     indented in a quote',
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '***',
        '___',
        '- - -',
        ' ---',
        '--',
        '===',
        '```',
        '~~~',
        '> quoted',
        '[ref]: /url',
        '[link] text',
        '<div>',
        '<!-- open',
        '-->',
        ' <!-- id: x -->',
        '### Question 3: a **bold** prompt',
        '## Stories #2',
        '#hashtag',
        '#',
        '-     five spaces after',
        '\tx',
        'text   ',
        '**Q: a question?**   ',
      ),
    },
  );

  it('gives the blocks the Markdown parser gives, for any lines it reads (generated decks)', {
    timeout: 120_000,
  }, () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(deckLine, { minLength: 1, maxLength: 40 }), (lines) => {
        runs += 1;
        if (expectSameReading(lines.join('\n'))) read += 1;
      }),
      { numRuns: Number(process.env.DECK_SCAN_RUNS ?? 3000) },
    );
    // The property says something only for what the line reader reads: a good part of it.
    expect(read / runs).toBeGreaterThan(0.1);
  });
});
