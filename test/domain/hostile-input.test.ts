import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandText, starCommandSchema } from '../../src/domain/command-text.js';
import { formatDeckError } from '../../src/domain/deck.js';
import { parseDeckMarkdown } from '../../src/domain/deck-markdown.js';

/** Property tests: no input takes the parsers down; every input gets a reply or a file:line error. */

const subcommands = [
  '__proto__',
  'constructor',
  'toString',
  '',
  'help',
  'question',
  'q',
  'categories',
  'tips',
  'stats',
  'subscribe',
  'unsubscribe',
  'pause',
  'resume',
  'skip',
  'schedule',
  'leaderboard',
  'remind',
  'export',
  'forget-me',
  'coach',
];

describe('the /star command text parser', () => {
  const at = { now: Date.parse('2026-11-23T20:00:00Z'), timeZone: 'Europe/Berlin' };

  it('refuses names that only exist on Object.prototype', () => {
    for (const word of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(parseCommandText(word, at)).toMatchObject({ ok: false });
      expect(parseCommandText(`subscribe 09:00 UTC ${word}`, at)).toMatchObject({ ok: false });
      expect(parseCommandText(`pause ${word}`, at)).toMatchObject({ ok: false });
    }
  });

  it('never throws, and answers every input with a valid command or a reason', () => {
    const arg = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '09:00',
        '25:99',
        'Europe/Berlin',
        'mon,wed',
        'until',
        '2026-02-30',
        'off',
        '<@U1|x>',
        '&amp;',
        '&lt;',
        '__proto__',
        'constructor',
        '8am',
        '8:30pm',
        'am',
        'noon',
        'CET',
        'XYZ',
        'UTC+2',
        'tokyo',
        'tomorrow',
        'next',
        'monday',
        '2027-02-29',
      ),
    );
    const when = fc.record({
      now: fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2100-12-31') }),
      timeZone: fc.constantFrom(
        'UTC',
        'Europe/Berlin',
        'America/Los_Angeles',
        'Pacific/Auckland',
        'Asia/Kolkata',
      ),
    });
    const structured = fc
      .tuple(fc.constantFrom(...subcommands), fc.array(arg, { maxLength: 5 }))
      .map(([command, args]) => [command, ...args].join(' '));
    const text = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      structured,
    );
    fc.assert(
      fc.property(text, when, (input, at) => {
        const parsed = parseCommandText(input, at);
        if (parsed.ok) expect(starCommandSchema().safeParse(parsed.command).success).toBe(true);
        // One line: what was typed, the one thing wrong, one or two examples of the right form.
        else
          expect(parsed.reason).toMatch(
            /^`\/star(?: [^`]*)?`: .+ Try `\/star[^`]*`(?: or `\/star [^`]+`)?\.$/,
          );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the deck parser', () => {
  const line = fc.oneof(
    fc.constantFrom(
      '# Title',
      '## Leadership Stories',
      '## Conclusion',
      '### Question 1: Tell me about a time',
      '### Question 2:',
      '### Question two: bad',
      '### Practice Tips',
      '#### STAR Answer',
      '#### Follow-up Questions',
      '#### Something else',
      '**Interview Stage**: Behavioral (90% probability)',
      '**Difficulty**: Staff',
      '**Situation**: "s"',
      '**Task**: t',
      '**Action**:',
      '"I did things',
      '**Decision**: x',
      '**Result**:',
      '- ✅ 30% faster',
      '**Principal-Level Insights**:',
      '**Q: Why?**',
      '**Q:** Why not?',
      '<!-- id: some-id -->',
      '<!-- id: Bad Id -->',
      '```',
      '---',
      '1. **Tip**: practise',
      '',
      '\uFEFF',
    ),
    fc.string({ maxLength: 60 }),
  );

  it('never throws: a deck or file:line errors within the file', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const source = lines.join('\n');
        const result = parseDeckMarkdown(source, 'stories/fuzz.md', 'fuzz');
        if (result.ok) {
          expect(result.deck.questions.length).toBeGreaterThan(0);
          return;
        }
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) {
          expect(formatDeckError(error)).toMatch(/^stories\/fuzz\.md:\d+: \S/);
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(Math.max(1, source.split('\n').length));
        }
      }),
      { numRuns: 1500 },
    );
    // 1,500 runs take about 2 s alone; a busy shared machine must not turn that into a failure.
  }, 60_000);
});
