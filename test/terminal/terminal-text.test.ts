import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { describe, expect, it } from 'vitest';
import { displayWidth, renderMarkdown, strong, wrapText } from '../../src/domain/terminal-text.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { shippedStoriesDir } from '../support/fixtures.js';

const plain = (width: number) => ({ width, bold: false });
const esc = '\u001b';
const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** The words of a Markdown text, as written: every text node's, in order. */
function markdownWords(markdown: string): string[] {
  const out: string[] = [];
  const visit = (node: { type: string; value?: string; children?: unknown[] }) => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code')
      out.push(node.value ?? '');
    for (const child of node.children ?? []) visit(child as typeof node);
  };
  visit(fromMarkdown(markdown));
  return out.flatMap(words);
}

const paragraph =
  'As staff engineer for the carrier network area, I owned the plan to move every integration onto one adapter framework.';

describe('renderMarkdown: wrapping', () => {
  it('wraps at word boundaries within 40 columns', () => {
    expect(renderMarkdown(paragraph, plain(40))).toEqual([
      'As staff engineer for the carrier',
      'network area, I owned the plan to move',
      'every integration onto one adapter',
      'framework.',
    ]);
  });

  it('wraps at word boundaries within 80 columns, indented', () => {
    expect(renderMarkdown(paragraph, { ...plain(80), indent: 2 })).toEqual([
      '  As staff engineer for the carrier network area, I owned the plan to move every',
      '  integration onto one adapter framework.',
    ]);
  });

  it('keeps paragraphs apart and joins the lines of one paragraph', () => {
    expect(renderMarkdown('First line\nsame paragraph.\n\nSecond paragraph.', plain(80))).toEqual([
      'First line same paragraph.',
      '',
      'Second paragraph.',
    ]);
  });

  it('cuts a word only when it alone is wider than the line', () => {
    const long = 'x'.repeat(50);
    expect(renderMarkdown(`see ${long} here`, plain(20))).toEqual([
      'see',
      'x'.repeat(20),
      'x'.repeat(20),
      `${'x'.repeat(10)} here`,
    ]);
    // A word exactly the width is not cut.
    expect(renderMarkdown(`a ${'y'.repeat(20)}`, plain(20))).toEqual(['a', 'y'.repeat(20)]);
  });

  it('counts emoji as two columns', () => {
    expect(displayWidth('✅ Shipped')).toBe(10);
    expect(displayWidth('⚠️ x')).toBe(4);
    expect(displayWidth(strong('bold', true))).toBe(4);
    for (const line of renderMarkdown('- ✅ Shipped 2 days early ✅ ✅ ✅ ✅ ✅ ✅', plain(20))) {
      expect(displayWidth(line)).toBeLessThanOrEqual(20);
    }
  });

  it('never makes a line wider than the width, never loses or breaks a word that fits (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 20, max: 120 }),
        (ws, width) => {
          const lines = renderMarkdown(ws.join(' '), plain(width));
          expect(lines.every((line) => displayWidth(line) <= width)).toBe(true);
          expect(words(lines.join('\n'))).toEqual(ws);
        },
      ),
    );
  });
});

describe('renderMarkdown: bold', () => {
  const text = 'I ran it as a **program, not a rewrite**: **Decision**.';

  it('is ANSI bold on a TTY, the spaces inside a bold phrase included', () => {
    expect(renderMarkdown(text, { width: 80, bold: true })).toEqual([
      `I ran it as a ${esc}[1mprogram, not a rewrite${esc}[22m: ${esc}[1mDecision${esc}[22m.`,
    ]);
  });

  it('is plain text with no escape codes and no asterisks otherwise', () => {
    expect(renderMarkdown(text, plain(80))).toEqual(['I ran it as a program, not a rewrite: Decision.']);
  });

  it('closes bold at the end of each line, so a page starts clean', () => {
    const lines = renderMarkdown('**one two three four five six seven eight**', { width: 20, bold: true });
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line.startsWith(`${esc}[1m`)).toBe(true);
      expect(line.endsWith(`${esc}[22m`)).toBe(true);
      expect(displayWidth(line)).toBeLessThanOrEqual(20);
    }
  });

  it('shows a heading as a bold line without its #', () => {
    expect(renderMarkdown('## Lessons', { width: 80, bold: true })).toEqual([`${esc}[1mLessons${esc}[22m`]);
    expect(renderMarkdown('## Lessons', plain(80))).toEqual(['Lessons']);
  });
});

describe('renderMarkdown: lists', () => {
  it('renders bullets with a hanging indent', () => {
    expect(
      renderMarkdown(
        '- ✅ New carrier onboarding dropped from about 6 weeks to 8 days\n* Carrier escalations fell',
        { ...plain(40), indent: 2 },
      ),
    ).toEqual([
      '  • ✅ New carrier onboarding dropped',
      '    from about 6 weeks to 8 days',
      '',
      '  • Carrier escalations fell',
    ]);
  });

  it('numbers ordered lists, aligns their markers and nests bullets under them', () => {
    const markdown = [
      'I ran it as a program:',
      '',
      '1. **Baseline** (Weeks 1-2):',
      '   - I classified all 70 integrations by traffic, failure rate and protocol',
      '   - 12 carriers handled 81% of shipments',
      '2. Framework design',
      '3. Rollout',
      '4. Four',
      '5. Five',
      '6. Six',
      '7. Seven',
      '8. Eight',
      '9. Nine',
      '10. Ten, long enough to wrap under its own text',
    ].join('\n');
    expect(renderMarkdown(markdown, plain(40))).toEqual([
      'I ran it as a program:',
      ' 1. Baseline (Weeks 1-2):',
      '    ◦ I classified all 70 integrations',
      '      by traffic, failure rate and',
      '      protocol',
      '    ◦ 12 carriers handled 81% of',
      '      shipments',
      ' 2. Framework design',
      ' 3. Rollout',
      ' 4. Four',
      ' 5. Five',
      ' 6. Six',
      ' 7. Seven',
      ' 8. Eight',
      ' 9. Nine',
      '10. Ten, long enough to wrap under its',
      '    own text',
    ]);
  });

  it('wraps plain text with "- " lines as bullets (the coach report)', () => {
    expect(
      wrapText('Worth another pass.\n- Result says "improved performance": by how much?', plain(30)),
    ).toEqual(['Worth another pass.', '- Result says "improved', '  performance": by how much?']);
  });
});

describe('every model answer of the shipped decks', () => {
  const loaded = loadDecks(shippedStoriesDir);
  if (!loaded.ok) throw new Error('the shipped decks do not load');
  const texts = loaded.library.questions.flatMap((q) => [
    q.answer.situation,
    q.answer.task,
    q.answer.action,
    q.answer.result,
    ...(q.answer.insights ? [q.answer.insights] : []),
    ...q.followUps.map((f) => f.answer),
  ]);

  it.each([40, 80])(
    'renders within %i columns with no Markdown left and every word kept',
    (width) => {
      const wrong: string[] = [];
      for (const text of texts) {
        const lines = renderMarkdown(text, { ...plain(width), indent: 2 });
        for (const line of lines) {
          const markdown = line.includes('**') || /^\s*(?:#|[-*+] )/.test(line) || line.includes(esc);
          if (displayWidth(line) > width || markdown) wrong.push(line);
        }
        // Every character of the text, in order, with only bullets, numbers and spacing added.
        const shown = lines.map((line) => line.replace(/^\s*(?:(?:[•◦▪]|\d+\.)\s)?/, '')).join('');
        if (shown.replace(/\s+/g, '') !== markdownWords(text).join('')) wrong.push(text);
      }
      expect(wrong).toEqual([]);
    },
    20_000,
  );
});
