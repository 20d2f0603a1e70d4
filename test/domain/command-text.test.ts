import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../src/domain/command-text.js';

describe('parseCommandText', () => {
  it.each([
    ['', { name: 'help' }],
    ['help', { name: 'help' }],
    ['  HELP  ', { name: 'help' }],
    ['question', { name: 'question' }],
    ['question conflict', { name: 'question', filter: 'conflict' }],
    ['q   hard   tradeoffs', { name: 'question', filter: 'hard tradeoffs' }],
    ['question architecture &amp; design', { name: 'question', filter: 'architecture & design' }],
    ['next', { name: 'question' }],
    ['categories', { name: 'categories' }],
    ['tips', { name: 'tips' }],
    ['stats', { name: 'stats' }],
  ])('%j → %j', (text, command) => {
    expect(parseCommandText(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['dance', 'I don\'t know "/star dance".'],
    ['tips please', '"/star tips" takes nothing after it.'],
    [`question ${'x'.repeat(201)}`, 'That filter is too long (at most 200 characters).'],
  ])('%j is refused with a reason', (text, reason) => {
    expect(parseCommandText(text)).toEqual({ ok: false, reason });
  });

  it('never throws, whatever the text', () => {
    for (const text of ['\u0000', '&lt;script&gt;', '💥'.repeat(5000), '\n\t', 'question\u00a0x']) {
      expect(() => parseCommandText(text)).not.toThrow();
    }
  });
});
