import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../src/domain/command-text.js';

/** `/star story add`, `/star stories`, `/star stories export`, and what is said about the rest. */

const at = { now: Date.parse('2026-11-24T10:00:00Z'), timeZone: 'UTC' };

describe('the story bank’s commands', () => {
  it.each([
    ['story add', { name: 'story-add' }],
    ['Story  NEW', { name: 'story-add' }],
    ['stories', { name: 'stories', action: 'list' }],
    ['stories list', { name: 'stories', action: 'list' }],
    ['stories export', { name: 'stories', action: 'export' }],
  ])('/star %s', (text, command) => {
    expect(parseCommandText(text, at)).toEqual({ ok: true, command });
  });

  it.each([
    ['story', '`/star story`: add a story with `story add`. Try `/star story add` or `/star stories`.'],
    [
      'story delete',
      '`/star story delete`: a story is added with `story add`, not “delete”. Try `/star story add` or `/star stories`.',
    ],
    [
      'stories import',
      '`/star stories import`: to import stories, send me your deck file (.md) in a direct message. Try `/star stories export`.',
    ],
    [
      'stories all',
      '`/star stories all`: “all” is not something stories does. Try `/star stories` or `/star stories export`.',
    ],
  ])('/star %s says what is wrong', (text, reason) => {
    expect(parseCommandText(text, at)).toEqual({ ok: false, reason });
  });
});
