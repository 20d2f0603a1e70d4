import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/slack/blocks/mrkdwn.js';

/**
 * splitText must never cut inside what Slack reads as one thing: an entity, a link or mention, an emoji
 * (with its skin tone), or a code fence (a fence too long for one piece is closed and reopened). Each case
 * below is built so that the naive cut (last space in the window, else at `max`) falls inside the atom.
 */
const cases: Array<{ name: string; text: string; max: number; pieces: string[] }> = [
  {
    name: 'an entity in a word longer than max: the cut moves before the &',
    text: 'xxxxxxxx&amp;yyyy',
    max: 10,
    pieces: ['xxxxxxxx', '&amp;yyyy'],
  },
  {
    name: 'two entities in a long word',
    text: 'aaaaaaa&lt;b&gt;ccc',
    max: 9,
    pieces: ['aaaaaaa', '&lt;b&gt;', 'ccc'],
  },
  {
    name: 'a link whose label has spaces',
    text: 'intro <https://example.com|read the guide> and more',
    max: 40,
    pieces: ['intro', '<https://example.com|read the guide> and', 'more'],
  },
  { name: 'a user mention', text: 'xxxxxxxx<@U123>', max: 10, pieces: ['xxxxxxxx', '<@U123>'] },
  { name: 'a channel mention', text: 'xxxxxxxx<#C123>', max: 10, pieces: ['xxxxxxxx', '<#C123>'] },
  { name: 'a special mention', text: 'xxxxxxxx<!here>', max: 10, pieces: ['xxxxxxxx', '<!here>'] },
  {
    name: 'a code fence that fits in one piece is kept whole',
    text: 'Intro\n\n```\nline one\nline two\n```\n\nAfter the code',
    max: 30,
    pieces: ['Intro', '```\nline one\nline two\n```', 'After the code'],
  },
  {
    name: 'a code fence longer than max is closed and reopened',
    text: '```\nline one\nline two\nline three\nline four\n```',
    max: 30,
    pieces: ['```\nline one\nline two\n```', '```\nline three\nline four\n```'],
  },
  {
    name: 'a code fence that must be split anyway may start mid-piece',
    text: 'Intro\n\n```\nline one\nline two\nline three\nline four\n```',
    max: 30,
    pieces: ['Intro\n\n```\nline one\n```', '```\nline two\nline three\n```', '```\nline four\n```'],
  },
  {
    name: 'indentation inside a split fence survives',
    text: '```\nif (a) {\n  b();\n  c();\n}\n```',
    max: 24,
    pieces: ['```\nif (a) {\n  b();\n```', '```\n  c();\n}\n```'],
  },
  { name: 'an emoji shortcode', text: 'xxxxxxxx:tada:yy', max: 10, pieces: ['xxxxxxxx', ':tada:yy'] },
  {
    name: 'an emoji with its skin tone',
    text: 'xxxxxxxxxxxxx:+1::skin-tone-2:',
    max: 17,
    pieces: ['xxxxxxxxxxxxx', ':+1::skin-tone-2:'],
  },
  {
    name: 'emoji glued together are cut between, not inside',
    text: ':white_check_mark::tada::white_check_mark:',
    max: 30,
    pieces: [':white_check_mark::tada:', ':white_check_mark:'],
  },
  {
    name: 'a bold span, when a break outside it exists',
    text: 'one two three *four five six* seven',
    max: 24,
    pieces: ['one two three', '*four five six* seven'],
  },
  {
    name: 'an italic span',
    text: 'one two three _four five six_ seven',
    max: 24,
    pieces: ['one two three', '_four five six_ seven'],
  },
];

describe('splitText keeps atoms whole', () => {
  it.each(cases)('$name', ({ text, max, pieces }) => {
    expect(splitText(text, max)).toEqual(pieces);
  });
});

describe('splitText keeps its old rules', () => {
  it('keeps short text whole', () => {
    expect(splitText('short', 3000)).toEqual(['short']);
  });

  it('prefers paragraphs, then lines, then words, past half the piece', () => {
    expect(splitText('aaaa bbbb\n\ncccc dd', 12)).toEqual(['aaaa bbbb', 'cccc dd']);
    expect(splitText('aaaa aaa\nbbbb cccc', 12)).toEqual(['aaaa aaa', 'bbbb cccc']);
    expect(splitText('aa\n\nbbbbb cccc dddd', 12)).toEqual(['aa\n\nbbbbb', 'cccc dddd']);
  });

  it('cuts a word only when it alone is longer than max', () => {
    expect(splitText('abcdefghijklmno', 6)).toEqual(['abcdef', 'ghijkl', 'mno']);
  });

  it('cuts even an atom longer than max rather than exceed max', () => {
    const pieces = splitText('<https://example.com/a/very/long/path>', 10);
    expect(pieces.join('')).toBe('<https://example.com/a/very/long/path>');
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(10);
  });

  it('leaves no empty piece', () => {
    expect(splitText('aaaa \n\n \n bbbb \n\n  ', 6)).toEqual(['aaaa', 'bbbb']);
  });
});

/* ---------- property: random mrkdwn made of words, entities, links, emoji and fences ---------- */

const word = fc.stringMatching(/^[a-z0-9]{1,14}$/);
const entity = fc.constantFrom('&amp;', '&lt;', '&gt;');
const shortWord = fc.stringMatching(/^[a-z]{1,6}$/);
const link = fc.oneof(
  fc.constantFrom('<@U123ABC>', '<#C42|general>', '<!here>', '<https://example.com>'),
  fc.array(shortWord, { minLength: 1, maxLength: 3 }).map((label) => `<https://x.io|${label.join(' ')}>`),
);
const emoji = fc.constantFrom(':white_check_mark:', ':+1::skin-tone-2:', ':tada:');
const bold = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => `*${words.join(' ')}*`);
const codeLine = fc
  .array(fc.oneof(word, entity), { maxLength: 5 })
  .chain((parts) => fc.constantFrom('', '  ').map((indent) => indent + parts.join(' ')));
const fence = fc
  .array(codeLine, { minLength: 1, maxLength: 8 })
  .map((lines) => `\`\`\`\n${lines.join('\n')}\n\`\`\``);
const token = fc.oneof(
  { arbitrary: word, weight: 6 },
  { arbitrary: entity, weight: 2 },
  { arbitrary: link, weight: 2 },
  { arbitrary: emoji, weight: 2 },
  { arbitrary: bold, weight: 1 },
  { arbitrary: fence, weight: 1 },
);
const separator = fc.constantFrom('', ' ', ' ', ' ', '\n', '\n\n');
const mrkdwn = fc
  .array(fc.tuple(token, separator), { minLength: 1, maxLength: 60 })
  .map((parts) => parts.map(([text, sep]) => text + sep).join(''));

const FENCE = '```';
const solid = (text: string) => text.replace(/\s+/g, '');
const fenceCount = (text: string) => text.split(FENCE).length - 1;
/** Inside an open fence after `text`: counted on whole backtick runs, which the generator makes 3 long. */
const insideFence = (text: string) => ((text.match(/`/g)?.length ?? 0) / 3) % 2 === 1;

/** The broken atoms in a piece: a bare &, an unmatched < or >, a torn emoji, an open fence. */
function brokenAtoms(piece: string): string[] {
  const broken: string[] = [];
  if (/&(?!amp;|lt;|gt;)/.test(piece)) broken.push('bare &');
  let open = false;
  for (const char of piece) {
    if (char === '<') {
      if (open) broken.push('nested <');
      open = true;
    } else if (char === '>') {
      if (!open) broken.push('unmatched >');
      open = false;
    }
  }
  if (open) broken.push('unmatched <');
  const withoutLinks = piece.replace(/<[^<>]*>/g, '');
  if (withoutLinks.replace(/:\+1::skin-tone-2:|:white_check_mark:|:tada:/g, '').includes(':')) {
    broken.push('torn emoji');
  }
  if (fenceCount(piece) % 2 !== 0) broken.push('open fence');
  return broken;
}

/**
 * Walks the original text's non-space characters through the pieces; a piece that starts inside a fence
 * must begin with a reopening ```, and one that ends inside a fence must end with a closing ```.
 */
function losesNothing(text: string, pieces: string[]): boolean {
  const original = solid(text);
  let at = 0;
  for (const piece of pieces) {
    let rest = solid(piece);
    if (insideFence(original.slice(0, at))) {
      if (!rest.startsWith(FENCE)) return false;
      rest = rest.slice(FENCE.length);
    }
    if (original.startsWith(rest, at)) {
      at += rest.length;
      continue;
    }
    const body = rest.slice(0, -FENCE.length);
    if (!rest.endsWith(FENCE) || !original.startsWith(body, at)) return false;
    at += body.length;
    if (!insideFence(original.slice(0, at))) return false;
  }
  return at === original.length;
}

describe('splitText on random mrkdwn', () => {
  it('keeps every piece within max, loses nothing and breaks no atom', () => {
    fc.assert(
      fc.property(mrkdwn, fc.integer({ min: 40, max: 240 }), (text, max) => {
        const pieces = splitText(text, max);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          expect(piece.trim()).not.toBe('');
          expect(brokenAtoms(piece), JSON.stringify({ piece, max })).toEqual([]);
        }
        expect(losesNothing(text, pieces), JSON.stringify(pieces)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
