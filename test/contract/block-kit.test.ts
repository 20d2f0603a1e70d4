import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockErrors,
  blockTextLength,
  messageErrors,
  type Surface,
  viewErrors,
} from '../support/slack-contract/block-kit.js';

// Small builders: each case below is one valid payload and the same payload broken in one way.
type Obj = Record<string, unknown>;
const chars = (n: number) => 'x'.repeat(n);
const plain = (text: string): Obj => ({ type: 'plain_text', text });
const mrkdwn = (text: string): Obj => ({ type: 'mrkdwn', text });
const section = (text: string, extra: Obj = {}): Obj => ({ type: 'section', text: mrkdwn(text), ...extra });
const header = (text: string): Obj => ({ type: 'header', text: plain(text) });
const button = (actionId: string, extra: Obj = {}): Obj => ({
  type: 'button',
  text: plain('Rate'),
  action_id: actionId,
  value: 'v',
  ...extra,
});
const actions = (elements: unknown[], extra: Obj = {}): Obj => ({ type: 'actions', elements, ...extra });
const option = (text: string, value: string, extra: Obj = {}): Obj => ({
  text: plain(text),
  value,
  ...extra,
});
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`Option ${i}`, `v${i}`));
const staticSelect = (extra: Obj = {}): Obj => ({
  type: 'static_select',
  action_id: 'pick',
  placeholder: plain('Pick one'),
  options: options(3),
  ...extra,
});
const textInput = (extra: Obj = {}): Obj => ({ type: 'plain_text_input', action_id: 'answer', ...extra });
const input = (extra: Obj = {}): Obj => ({
  type: 'input',
  label: plain('Your answer'),
  element: textInput(),
  ...extra,
});
const confirm = (extra: Obj = {}): Obj => ({
  title: plain('Sure?'),
  text: plain('This cannot be undone.'),
  confirm: plain('Yes'),
  deny: plain('No'),
  ...extra,
});
const modal = (extra: Obj = {}): Obj => ({
  type: 'modal',
  title: plain('Review STAR answer'),
  submit: plain('Send'),
  close: plain('Cancel'),
  blocks: [section('Hello'), input()],
  ...extra,
});
const many = (n: number, make: (i: number) => Obj = (i) => section(`Part ${i}`)) =>
  Array.from({ length: n }, (_, i) => make(i));

interface Case {
  rule: string;
  valid: unknown[];
  broken: unknown[];
  error: RegExp;
  surface?: Surface;
}

const blockCases: Case[] = [
  // Blocks array and counts.
  {
    rule: 'blocks is an array',
    valid: [],
    broken: 'nope' as unknown as unknown[],
    error: /blocks is "nope", not an array/,
  },
  {
    rule: 'at most 50 blocks in a message',
    valid: many(50),
    broken: many(51),
    error: /51 blocks in a message \(max 50\)/,
  },
  {
    rule: 'at most 100 blocks in a modal',
    valid: many(100),
    broken: many(101),
    error: /101 blocks in a modal \(max 100\)/,
    surface: 'modal',
  },
  {
    rule: 'at most 100 blocks in a Home tab',
    valid: many(100),
    broken: many(101),
    error: /101 blocks in a Home tab \(max 100\)/,
    surface: 'home',
  },
  {
    rule: 'each block is an object',
    valid: [section('a')],
    broken: [section('a'), 'b'],
    error: /block 1: "b", not a block object/,
  },
  {
    rule: 'known block type',
    valid: [{ type: 'divider' }],
    broken: [{ type: 'table' }],
    error: /block 0 \(table\): unknown block type/,
  },
  {
    rule: 'block type is present',
    valid: [{ type: 'divider' }],
    broken: [{}],
    error: /block 0 \(nothing\): unknown block type/,
  },

  // block_id.
  {
    rule: 'block_id at most 255',
    valid: [section('a', { block_id: chars(255) })],
    broken: [section('a', { block_id: chars(256) })],
    error: /block 0 \(section\): block_id is over 255 characters \(256\)/,
  },
  {
    rule: 'block_id is a string',
    valid: [section('a', { block_id: 'one' })],
    broken: [section('a', { block_id: 1 })],
    error: /block_id is 1, not a string/,
  },
  {
    rule: 'block_id unique in the message',
    valid: [section('a', { block_id: 'one' }), section('b', { block_id: 'two' })],
    broken: [section('a', { block_id: 'one' }), section('b', { block_id: 'one' })],
    error: /block 1 \(section\): block_id one repeated \(first in block 0\)/,
  },

  // action_id.
  {
    rule: 'action_id at most 255',
    valid: [actions([button(chars(255))])],
    broken: [actions([button(chars(256))])],
    error: /element 0 \(button\): action_id is over 255 characters/,
  },
  {
    rule: 'action_id unique within its block',
    valid: [actions(['a', 'b', 'c', 'd'].map((n) => button(`star_rate_${n}`)))],
    broken: [actions(many(4, () => button('star_rate')))],
    error: /^block 0 \(actions\): action_id star_rate repeated in its block$/,
  },

  // Text objects.
  {
    rule: 'text object type is plain_text or mrkdwn',
    valid: [section('a')],
    broken: [{ type: 'section', text: { type: 'markdown', text: 'a' } }],
    error: /text has type "markdown"; expected plain_text or mrkdwn/,
  },
  {
    rule: 'text object text is a string',
    valid: [section('a')],
    broken: [{ type: 'section', text: { type: 'mrkdwn' } }],
    error: /text has text nothing, not a string/,
  },
  {
    rule: 'emoji only on plain_text',
    valid: [{ type: 'section', text: { type: 'plain_text', text: 'a', emoji: true } }],
    broken: [{ type: 'section', text: { type: 'mrkdwn', text: 'a', emoji: true } }],
    error: /text has emoji, which only plain_text allows/,
  },
  {
    rule: 'verbatim only on mrkdwn',
    valid: [{ type: 'section', text: { type: 'mrkdwn', text: 'a', verbatim: true } }],
    broken: [{ type: 'section', text: { type: 'plain_text', text: 'a', verbatim: true } }],
    error: /text has verbatim, which only mrkdwn allows/,
  },

  // Section.
  {
    rule: 'section text at least 1 character',
    valid: [section('a')],
    broken: [section('')],
    error: /block 0 \(section\): text is empty \(min 1 character\)/,
  },
  {
    rule: 'section text at most 3000',
    valid: [section(chars(3000))],
    broken: [section(chars(3001))],
    error: /block 0 \(section\): text is over 3000 characters \(3001\)/,
  },
  {
    rule: 'section needs text or fields',
    valid: [{ type: 'section', fields: [mrkdwn('a')] }],
    broken: [{ type: 'section' }],
    error: /block 0 \(section\): needs text or fields/,
  },
  {
    rule: 'section fields at most 10',
    valid: [{ type: 'section', fields: many(10, () => mrkdwn('a')) }],
    broken: [{ type: 'section', fields: many(11, () => mrkdwn('a')) }],
    error: /fields has 11 items \(max 10\)/,
  },
  {
    rule: 'section field at most 2000',
    valid: [{ type: 'section', fields: [mrkdwn(chars(2000))] }],
    broken: [{ type: 'section', fields: [mrkdwn(chars(2001))] }],
    error: /fields\[0\] is over 2000 characters/,
  },
  {
    rule: 'section accessory follows the element rules',
    valid: [section('a', { accessory: button('go') })],
    broken: [section('a', { accessory: button('go', { text: plain(chars(76)) }) })],
    error: /block 0 \(section\): accessory \(button\): text is over 75 characters/,
  },
  {
    rule: 'section accessory is a compatible element',
    valid: [section('a', { accessory: staticSelect() })],
    broken: [section('a', { accessory: textInput() })],
    error: /accessory \(plain_text_input\): type "plain_text_input" is not allowed here/,
  },

  // Header.
  {
    rule: 'header at most 150',
    valid: [header(chars(150))],
    broken: [header(chars(151))],
    error: /block 0 \(header\): text is over 150 characters \(151\)/,
  },
  {
    rule: 'header text is plain_text',
    valid: [header('Title')],
    broken: [{ type: 'header', text: mrkdwn('Title') }],
    error: /block 0 \(header\): text must be plain_text, not mrkdwn/,
  },

  // Context.
  {
    rule: 'context at most 10 elements',
    valid: [{ type: 'context', elements: many(10, () => mrkdwn('a')) }],
    broken: [{ type: 'context', elements: many(11, () => mrkdwn('a')) }],
    error: /block 0 \(context\): elements has 11 items \(max 10\)/,
  },
  {
    rule: 'context at least 1 element',
    valid: [{ type: 'context', elements: [mrkdwn('a')] }],
    broken: [{ type: 'context', elements: [] }],
    error: /elements has 0 items \(min 1\)/,
  },
  {
    rule: 'context image has alt_text',
    valid: [
      { type: 'context', elements: [{ type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a' }] },
    ],
    broken: [{ type: 'context', elements: [{ type: 'image', image_url: 'https://x.test/a.png' }] }],
    error: /element 0 \(image\): alt_text is required/,
  },
  {
    rule: 'context elements are text objects or images',
    valid: [{ type: 'context', elements: [plain('a')] }],
    broken: [{ type: 'context', elements: [button('go')] }],
    error: /element 0 \(button\): only text objects and image elements are allowed here/,
  },

  // Actions.
  {
    rule: 'actions at most 25 elements',
    valid: [actions(many(25, (i) => button(`b${i}`)))],
    broken: [actions(many(26, (i) => button(`b${i}`)))],
    error: /block 0 \(actions\): elements has 26 items \(max 25\)/,
  },
  {
    rule: 'actions at least 1 element',
    valid: [actions([button('a')])],
    broken: [actions([])],
    error: /elements has 0 items \(min 1\)/,
  },
  {
    rule: 'actions elements are interactive elements',
    valid: [actions([staticSelect()])],
    broken: [actions([textInput()])],
    error: /element 0 \(plain_text_input\): type "plain_text_input" is not allowed here/,
  },

  // Button.
  {
    rule: 'button text at most 75',
    valid: [actions([button('a', { text: plain(chars(75)) })])],
    broken: [actions([button('a', { text: plain(chars(76)) })])],
    error: /element 0 \(button\): text is over 75 characters \(76\)/,
  },
  {
    rule: 'button text is plain_text',
    valid: [actions([button('a')])],
    broken: [actions([button('a', { text: mrkdwn('Rate') })])],
    error: /element 0 \(button\): text must be plain_text, not mrkdwn/,
  },
  {
    rule: 'button text is required',
    valid: [actions([button('a')])],
    broken: [actions([{ type: 'button', action_id: 'a' }])],
    error: /element 0 \(button\): text is required/,
  },
  {
    rule: 'button value at most 2000',
    valid: [actions([button('a', { value: chars(2000) })])],
    broken: [actions([button('a', { value: chars(2001) })])],
    error: /value is over 2000 characters/,
  },
  {
    rule: 'button url at most 3000',
    valid: [actions([button('a', { url: `https://${chars(2992)}` })])],
    broken: [actions([button('a', { url: `https://${chars(2993)}` })])],
    error: /url is over 3000 characters/,
  },
  {
    rule: 'button style primary or danger',
    valid: [actions([button('a', { style: 'danger' })])],
    broken: [actions([button('a', { style: 'secondary' })])],
    error: /style is "secondary"; allowed: primary, danger/,
  },

  // Confirmation dialog.
  {
    rule: 'confirm title at most 100',
    valid: [actions([button('a', { confirm: confirm({ title: plain(chars(100)) }) })])],
    broken: [actions([button('a', { confirm: confirm({ title: plain(chars(101)) }) })])],
    error: /confirm: title is over 100 characters/,
  },
  {
    rule: 'confirm title is plain_text',
    valid: [actions([button('a', { confirm: confirm() })])],
    broken: [actions([button('a', { confirm: confirm({ title: mrkdwn('Sure?') }) })])],
    error: /confirm: title must be plain_text/,
  },
  {
    rule: 'confirm text at most 300',
    valid: [actions([button('a', { confirm: confirm({ text: plain(chars(300)) }) })])],
    broken: [actions([button('a', { confirm: confirm({ text: plain(chars(301)) }) })])],
    error: /confirm: text is over 300 characters/,
  },
  {
    rule: 'confirm button at most 30',
    valid: [actions([button('a', { confirm: confirm({ confirm: plain(chars(30)) }) })])],
    broken: [actions([button('a', { confirm: confirm({ confirm: plain(chars(31)) }) })])],
    error: /confirm: confirm is over 30 characters/,
  },
  {
    rule: 'deny button at most 30',
    valid: [actions([button('a', { confirm: confirm({ deny: plain(chars(30)) }) })])],
    broken: [actions([button('a', { confirm: confirm({ deny: plain(chars(31)) }) })])],
    error: /confirm: deny is over 30 characters/,
  },
  {
    rule: 'confirm has all four texts',
    valid: [actions([button('a', { confirm: confirm() })])],
    broken: [actions([button('a', { confirm: confirm({ deny: undefined }) })])],
    error: /confirm: deny is required/,
  },

  // Select menus and options.
  {
    rule: 'option text at most 75',
    valid: [actions([staticSelect({ options: [option(chars(75), 'v')] })])],
    broken: [actions([staticSelect({ options: [option(chars(76), 'v')] })])],
    error: /options\[0\]: text is over 75 characters/,
  },
  {
    rule: 'option text is plain_text in selects',
    valid: [actions([staticSelect()])],
    broken: [actions([staticSelect({ options: [{ text: mrkdwn('a'), value: 'v' }] })])],
    error: /options\[0\]: text must be plain_text/,
  },
  {
    rule: 'option value at most 150',
    valid: [actions([staticSelect({ options: [option('a', chars(150))] })])],
    broken: [actions([staticSelect({ options: [option('a', chars(151))] })])],
    error: /options\[0\]: value is over 150 characters/,
  },
  {
    rule: 'option value is required',
    valid: [actions([staticSelect({ options: [option('a', 'v')] })])],
    broken: [actions([staticSelect({ options: [{ text: plain('a') }] })])],
    error: /options\[0\]: value is required/,
  },
  {
    rule: 'option url only in overflow menus',
    valid: [
      actions([
        { type: 'overflow', action_id: 'more', options: [option('Docs', 'docs', { url: 'https://x.test' })] },
      ]),
    ],
    broken: [actions([staticSelect({ options: [option('Docs', 'docs', { url: 'https://x.test' })] })])],
    error: /url is only available in overflow menus/,
  },
  {
    rule: 'select placeholder at most 150',
    valid: [actions([staticSelect({ placeholder: plain(chars(150)) })])],
    broken: [actions([staticSelect({ placeholder: plain(chars(151)) })])],
    error: /element 0 \(static_select\): placeholder is over 150 characters/,
  },
  {
    rule: 'select at most 100 options',
    valid: [actions([staticSelect({ options: options(100) })])],
    broken: [actions([staticSelect({ options: options(101) })])],
    error: /options has 101 items \(max 100\)/,
  },
  {
    rule: 'static select has options or option_groups',
    valid: [
      actions([
        staticSelect({ options: undefined, option_groups: [{ label: plain('G'), options: options(2) }] }),
      ]),
    ],
    broken: [actions([staticSelect({ options: undefined })])],
    error: /needs exactly one of options or option_groups/,
  },
  {
    rule: 'option group label at most 75',
    valid: [
      actions([
        staticSelect({
          options: undefined,
          option_groups: [{ label: plain(chars(75)), options: options(2) }],
        }),
      ]),
    ],
    broken: [
      actions([
        staticSelect({
          options: undefined,
          option_groups: [{ label: plain(chars(76)), options: options(2) }],
        }),
      ]),
    ],
    error: /option_groups\[0\]: label is over 75 characters/,
  },
  {
    rule: 'overflow at most 5 options',
    valid: [actions([{ type: 'overflow', action_id: 'more', options: options(5) }])],
    broken: [actions([{ type: 'overflow', action_id: 'more', options: options(6) }])],
    error: /element 0 \(overflow\): options has 6 items \(max 5\)/,
  },
  {
    rule: 'radio buttons at most 10 options',
    valid: [actions([{ type: 'radio_buttons', action_id: 'r', options: options(10) }])],
    broken: [actions([{ type: 'radio_buttons', action_id: 'r', options: options(11) }])],
    error: /options has 11 items \(max 10\)/,
  },
  {
    rule: 'checkboxes may use mrkdwn options, at most 10',
    valid: [
      actions([{ type: 'checkboxes', action_id: 'c', options: [{ text: mrkdwn('*a*'), value: 'a' }] }]),
    ],
    broken: [actions([{ type: 'checkboxes', action_id: 'c', options: options(11) }])],
    error: /options has 11 items \(max 10\)/,
  },

  // Time and date pickers (in a modal).
  {
    rule: 'time picker initial_time is HH:mm, 24-hour',
    valid: [input({ element: { type: 'timepicker', action_id: 't', initial_time: '23:59' } })],
    broken: [input({ element: { type: 'timepicker', action_id: 't', initial_time: '9:00' } })],
    error: /element \(timepicker\): initial_time "9:00" is not HH:mm/,
    surface: 'modal',
  },
  {
    rule: 'time picker hours stop at 23',
    valid: [input({ element: { type: 'timepicker', action_id: 't', initial_time: '00:00' } })],
    broken: [input({ element: { type: 'timepicker', action_id: 't', initial_time: '24:00' } })],
    error: /initial_time "24:00" is not HH:mm/,
    surface: 'modal',
  },
  {
    rule: 'date picker initial_date is a real YYYY-MM-DD date',
    valid: [input({ element: { type: 'datepicker', action_id: 'd', initial_date: '2028-02-29' } })],
    broken: [input({ element: { type: 'datepicker', action_id: 'd', initial_date: '2026-02-29' } })],
    error: /element \(datepicker\): initial_date "2026-02-29" is not a date YYYY-MM-DD/,
    surface: 'modal',
  },

  // Plain-text input (in a modal).
  {
    rule: 'text input placeholder at most 150',
    valid: [input({ element: textInput({ placeholder: plain(chars(150)) }) })],
    broken: [input({ element: textInput({ placeholder: plain(chars(151)) }) })],
    error: /element \(plain_text_input\): placeholder is over 150 characters/,
    surface: 'modal',
  },
  {
    rule: 'text input max_length at most 3000',
    valid: [input({ element: textInput({ max_length: 3000 }) })],
    broken: [input({ element: textInput({ max_length: 3001 }) })],
    error: /max_length is 3001; expected a whole number from 1 to 3000/,
    surface: 'modal',
  },
  {
    rule: 'text input min_length at most 3000',
    valid: [input({ element: textInput({ min_length: 3000 }) })],
    broken: [input({ element: textInput({ min_length: 3001 }) })],
    error: /min_length is 3001; expected a whole number from 0 to 3000/,
    surface: 'modal',
  },
  {
    rule: 'text input initial_value within max_length',
    valid: [input({ element: textInput({ max_length: 10, initial_value: chars(10) }) })],
    broken: [input({ element: textInput({ max_length: 10, initial_value: chars(11) }) })],
    error: /initial_value is over 10 characters \(11\)/,
    surface: 'modal',
  },

  // Input block.
  {
    rule: 'input label at most 2000',
    valid: [input({ label: plain(chars(2000)) })],
    broken: [input({ label: plain(chars(2001)) })],
    error: /block 0 \(input\): label is over 2000 characters/,
    surface: 'modal',
  },
  {
    rule: 'input label is plain_text',
    valid: [input()],
    broken: [input({ label: mrkdwn('Your answer') })],
    error: /block 0 \(input\): label must be plain_text/,
    surface: 'modal',
  },
  {
    rule: 'input hint at most 2000',
    valid: [input({ hint: plain(chars(2000)) })],
    broken: [input({ hint: plain(chars(2001)) })],
    error: /block 0 \(input\): hint is over 2000 characters/,
    surface: 'modal',
  },
  {
    rule: 'input element is required',
    valid: [input()],
    broken: [input({ element: undefined })],
    error: /block 0 \(input\): element is required/,
    surface: 'modal',
  },
  {
    rule: 'input element is an input element',
    valid: [input({ element: staticSelect() })],
    broken: [input({ element: button('go') })],
    error: /element \(button\): type "button" is not allowed here/,
    surface: 'modal',
  },
  {
    rule: 'input blocks are refused in messages',
    valid: [section('a')],
    broken: [section('a'), input()],
    error: /block 1 \(input\): input blocks are only allowed in modals and Home tabs/,
  },

  // Other blocks.
  {
    rule: 'image block has alt_text',
    valid: [{ type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a' }],
    broken: [{ type: 'image', image_url: 'https://x.test/a.png' }],
    error: /block 0 \(image\): alt_text is required/,
  },
  {
    rule: 'image block has a source',
    valid: [{ type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a' }],
    broken: [{ type: 'image', alt_text: 'a' }],
    error: /needs image_url or slack_file/,
  },
  {
    rule: 'markdown block at most 12,000',
    valid: [{ type: 'markdown', text: chars(12_000) }],
    broken: [{ type: 'markdown', text: chars(12_001) }],
    error: /block 0 \(markdown\): text is over 12000 characters/,
  },
  {
    rule: 'rich_text block has elements',
    valid: [
      {
        type: 'rich_text',
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'a' }] }],
      },
    ],
    broken: [{ type: 'rich_text' }],
    error: /block 0 \(rich_text\): elements is required/,
  },
];

describe('blockErrors', () => {
  it.each(blockCases)('$rule', ({ valid, broken, error, surface = 'message' }) => {
    expect(blockErrors(valid, surface)).toEqual([]);
    const errors = blockErrors(broken, surface);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(error);
  });

  it('accepts four buttons with distinct action_ids and refuses four sharing star_rate', () => {
    const rate = (ids: string[]) => [actions(ids.map((id) => button(id)))];
    expect(
      blockErrors(rate(['star_rate_1', 'star_rate_2', 'star_rate_3', 'star_rate_4']), 'message'),
    ).toEqual([]);
    expect(blockErrors(rate(['star_rate', 'star_rate', 'star_rate', 'star_rate']), 'message')).toEqual([
      'block 0 (actions): action_id star_rate repeated in its block',
    ]);
  });

  it('checks action_id uniqueness per block, not across blocks', () => {
    expect(blockErrors([actions([button('x')]), actions([button('x')])], 'message')).toEqual([]);
  });

  it('accepts input blocks in modals and Home tabs', () => {
    expect(blockErrors([input()], 'modal')).toEqual([]);
    expect(blockErrors([input()], 'home')).toEqual([]);
  });

  it('accepts a divider and lists every broken rule, not just the first', () => {
    expect(blockErrors([{ type: 'divider' }], 'message')).toEqual([]);
    expect(blockErrors([header(chars(151)), section('')], 'message')).toEqual([
      'block 0 (header): text is over 150 characters (151)',
      'block 1 (section): text is empty (min 1 character)',
    ]);
  });
});

const viewCases: { rule: string; valid: Obj; broken: unknown; error: RegExp }[] = [
  { rule: 'view is an object', valid: modal(), broken: 'modal', error: /view is "modal", not a view object/ },
  {
    rule: 'view type is modal or home',
    valid: modal(),
    broken: modal({ type: 'dialog' }),
    error: /view: type is "dialog"; expected modal or home/,
  },
  {
    rule: 'modal title is required',
    valid: modal(),
    broken: modal({ title: undefined }),
    error: /view: title is required/,
  },
  {
    rule: 'modal title at most 24',
    valid: modal({ title: plain(chars(24)) }),
    broken: modal({ title: plain(chars(25)) }),
    error: /view: title is over 24 characters \(25\)/,
  },
  {
    rule: 'modal title is plain_text',
    valid: modal(),
    broken: modal({ title: mrkdwn('Review') }),
    error: /view: title must be plain_text/,
  },
  {
    rule: 'modal submit at most 24',
    valid: modal({ submit: plain(chars(24)) }),
    broken: modal({ submit: plain(chars(25)) }),
    error: /view: submit is over 24 characters/,
  },
  {
    rule: 'modal close at most 24',
    valid: modal({ close: plain(chars(24)) }),
    broken: modal({ close: plain(chars(25)) }),
    error: /view: close is over 24 characters/,
  },
  {
    rule: 'modal with an input block needs submit',
    valid: modal({ submit: undefined, blocks: [section('Read only')] }),
    broken: modal({ submit: undefined }),
    error: /view: submit is required when a modal has an input block/,
  },
  {
    rule: 'callback_id at most 255',
    valid: modal({ callback_id: chars(255) }),
    broken: modal({ callback_id: chars(256) }),
    error: /view: callback_id is over 255 characters/,
  },
  {
    rule: 'private_metadata at most 3000',
    valid: modal({ private_metadata: chars(3000) }),
    broken: modal({ private_metadata: chars(3001) }),
    error: /view: private_metadata is over 3000 characters \(3001\)/,
  },
  {
    rule: 'external_id at most 255',
    valid: modal({ external_id: chars(255) }),
    broken: modal({ external_id: chars(256) }),
    error: /view: external_id is over 255 characters/,
  },
  {
    rule: 'blocks are required',
    valid: modal(),
    broken: modal({ blocks: undefined }),
    error: /view: blocks is required/,
  },
  {
    rule: 'modal blocks follow the block rules',
    valid: modal(),
    broken: modal({ blocks: [header(chars(151)), input()] }),
    error: /block 0 \(header\): text is over 150 characters/,
  },
  {
    rule: 'modal holds at most 100 blocks',
    valid: modal({ blocks: many(100) }),
    broken: modal({ blocks: many(101) }),
    error: /101 blocks in a modal \(max 100\)/,
  },
  {
    rule: 'home tab holds at most 100 blocks',
    valid: { type: 'home', blocks: many(100) },
    broken: { type: 'home', blocks: many(101) },
    error: /101 blocks in a Home tab \(max 100\)/,
  },
];

describe('viewErrors', () => {
  it.each(viewCases)('$rule', ({ valid, broken, error }) => {
    expect(viewErrors(valid)).toEqual([]);
    const errors = viewErrors(broken);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(error);
  });

  it('accepts a Home tab with input blocks and no title or submit', () => {
    expect(viewErrors({ type: 'home', callback_id: 'home', blocks: [header('Practice'), input()] })).toEqual(
      [],
    );
  });
});

describe('messageErrors', () => {
  const sized = (lengths: number[]) => lengths.map((n) => section(chars(n)));

  it('accepts text alone, blocks alone, or both', () => {
    expect(messageErrors({ text: 'Hi' }, 'chat')).toBeUndefined();
    expect(messageErrors({ blocks: [section('Hi')] }, 'chat')).toBeUndefined();
    expect(messageErrors({ text: 'Hi', blocks: [section('Hi')] }, 'response_url')).toBeUndefined();
  });

  it('answers no_text when there is neither non-empty text nor blocks', () => {
    for (const message of [{}, { text: '' }, { text: '', blocks: [] }, { blocks: null }]) {
      expect(messageErrors(message, 'chat')?.error).toBe('no_text');
      expect(messageErrors(message, 'response_url')?.error).toBe('no_text');
    }
  });

  it('answers invalid_blocks with every broken rule as details', () => {
    expect(
      messageErrors({ text: 'Rate it', blocks: [actions(many(4, () => button('star_rate')))] }, 'chat'),
    ).toEqual({
      error: 'invalid_blocks',
      details: ['block 0 (actions): action_id star_rate repeated in its block'],
    });
    expect(messageErrors({ text: 'Long', blocks: many(51) }, 'response_url')?.error).toBe('invalid_blocks');
    expect(messageErrors({ text: 'Odd', blocks: 'nope' }, 'chat')?.error).toBe('invalid_blocks');
  });

  it('answers msg_blocks_too_long via chat, not via response_url, past 12,000 characters of text', () => {
    const long = { text: 'Long answer', blocks: sized([2999, 2999, 2999, 2999, 1500, 1500]) };
    expect(blockErrors(long.blocks, 'message')).toEqual([]);
    expect(messageErrors(long, 'chat')).toEqual({
      error: 'msg_blocks_too_long',
      details: ['the blocks hold 14996 characters of text (max 12000 in all)'],
    });
    expect(messageErrors(long, 'response_url')).toBeUndefined();
  });

  it('accepts exactly 12,000 characters of text via chat and refuses 12,001', () => {
    expect(messageErrors({ blocks: sized([3000, 3000, 3000, 3000]) }, 'chat')).toBeUndefined();
    expect(messageErrors({ blocks: sized([3000, 3000, 3000, 3000, 1]) }, 'chat')?.error).toBe(
      'msg_blocks_too_long',
    );
  });

  it('reports invalid_blocks before msg_blocks_too_long', () => {
    expect(messageErrors({ blocks: sized([3001, 3000, 3000, 3000, 3000]) }, 'chat')?.error).toBe(
      'invalid_blocks',
    );
  });
});

describe('blockTextLength', () => {
  it('counts the text of sections, fields, headers, context elements, button labels and options', () => {
    const blocks = [
      header('12345'), // 5
      section('1234567890', {
        accessory: staticSelect({ placeholder: plain('123'), options: [option('12', 'long value')] }),
      }), // 10 + 3 + 2
      { type: 'section', fields: [mrkdwn('1234'), plain('123')] }, // 7
      {
        type: 'context',
        elements: [mrkdwn('12'), { type: 'image', image_url: 'https://x.test/a.png', alt_text: 'ignored' }],
      }, // 2
      actions([button('rate', { text: plain('Rate'), value: 'not counted' })]), // 4
      { type: 'divider' },
    ];
    expect(blockTextLength(blocks)).toBe(5 + 15 + 7 + 2 + 4);
  });

  it('is 0 for garbage', () => {
    for (const garbage of [undefined, null, 42, 'text', [null, 1, 'x']])
      expect(blockTextLength(garbage)).toBe(0);
  });
});

describe('garbage input', () => {
  const garbage: unknown[] = [
    undefined,
    null,
    0,
    'blocks',
    true,
    Symbol('s'),
    () => 1,
    [],
    {},
    [null],
    [[]],
    [{ type: 7 }],
    [{ type: 'toString' }],
    [{ type: '__proto__' }],
    [{ type: 'section', text: 7, fields: 'x', accessory: [] }],
    [{ type: 'section', text: { type: 'mrkdwn', text: 5, emoji: 'yes' }, fields: [null, 3] }],
    [
      {
        type: 'actions',
        elements: [
          null,
          1,
          { type: 'button', text: [], confirm: 'x' },
          { type: 'static_select', options: 'x', option_groups: [null] },
        ],
      },
    ],
    [
      {
        type: 'input',
        label: null,
        element: { type: 'plain_text_input', min_length: 'a', max_length: -1, initial_value: 3 },
      },
    ],
    [{ type: 'context', elements: [{ type: 'image' }, 'x'] }],
  ];

  it.each(garbage.map((value, i) => [i, value]))(
    'answers garbage #%i with error strings, never a throw',
    (_, value) => {
      for (const surface of ['message', 'modal', 'home'] as const) {
        const errors = blockErrors(value, surface);
        expect(Array.isArray(errors)).toBe(true);
        expect(errors.every((e) => typeof e === 'string')).toBe(true);
      }
      expect(() => viewErrors(value)).not.toThrow();
      expect(() => viewErrors({ type: 'modal', title: value, blocks: value })).not.toThrow();
      expect(() => messageErrors({ text: value, blocks: value }, 'chat')).not.toThrow();
      expect(() => messageErrors(value as { text?: unknown }, 'response_url')).not.toThrow();
      expect(() => blockTextLength(value)).not.toThrow();
    },
  );

  it('refuses a block that refers to itself without looping', () => {
    const block: Obj = { type: 'section', text: mrkdwn('a') };
    block.accessory = block;
    expect(blockErrors([block], 'message')).not.toEqual([]);
    expect(blockTextLength([block])).toBe(1);
  });

  it('never throws on anything, nor on block-shaped anything', () => {
    const blockish = fc.record(
      {
        type: fc.constantFrom(
          'section',
          'header',
          'context',
          'divider',
          'actions',
          'input',
          'image',
          'rich_text',
          'markdown',
          'x',
        ),
        text: fc.anything(),
        fields: fc.anything(),
        accessory: fc.anything(),
        elements: fc.array(fc.anything()),
        element: fc.anything(),
        label: fc.anything(),
        block_id: fc.anything(),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.array(blockish)), (value) => {
        expect(Array.isArray(blockErrors(value, 'message'))).toBe(true);
        expect(Array.isArray(viewErrors({ type: 'modal', title: plain('T'), blocks: value }))).toBe(true);
        messageErrors({ blocks: value }, 'chat');
        expect(Number.isFinite(blockTextLength(value))).toBe(true);
      }),
    );
  });
});
