import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { viewErrors } from '../support/slack-contract/block-kit.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

/**
 * The rules the story bank taught the stand-in, each with a case Slack takes and one it refuses:
 * a static select's initial option and a multi-select's initial options and max_selected_items; a
 * file shared in the app's DM (message.im needs im:history) downloaded with files:read.
 */

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (name: string) => ({ text: plain(name), value: name });
const modal = (element: Record<string, unknown>) => ({
  type: 'modal',
  title: plain('Add a story'),
  submit: plain('Save'),
  blocks: [{ type: 'input', block_id: 'categories', label: plain('Categories'), element }],
});
const multi = (extra: Record<string, unknown>) =>
  modal({
    type: 'multi_static_select',
    action_id: 'categories',
    options: [option('Leadership'), option('Mentoring')],
    ...extra,
  });

describe('select menus with initial options', () => {
  it('takes a multi-select whose initial options are among its options, with max_selected_items of 1 or more', () => {
    expect(viewErrors(multi({ initial_options: [option('Mentoring')], max_selected_items: 1 }))).toEqual([]);
  });

  it('refuses initial options that do not exactly match an option', () => {
    expect(viewErrors(multi({ initial_options: [{ text: plain('Hiring'), value: 'Hiring' }] }))).toEqual([
      expect.stringContaining('initial_options[0] does not exactly match one of the options'),
    ]);
    expect(
      viewErrors(multi({ initial_options: [{ text: plain('Lead'), value: 'Leadership' }] })),
    ).toHaveLength(1);
    expect(viewErrors(multi({ initial_options: [] }))).toEqual([expect.stringContaining('non-empty array')]);
  });

  it('refuses max_selected_items under 1, and a multi-select’s fields on a single select', () => {
    expect(viewErrors(multi({ max_selected_items: 0 }))).toEqual([
      expect.stringContaining('the minimum number is 1'),
    ]);
    const single = modal({
      type: 'static_select',
      action_id: 'pick',
      options: [option('Leadership')],
      max_selected_items: 2,
    });
    expect(viewErrors(single)).toEqual([expect.stringContaining('are for multi-selects')]);
  });

  it('refuses a static select’s initial option that is not one of its options', () => {
    const single = (initial: unknown) =>
      modal({
        type: 'static_select',
        action_id: 'pick',
        options: [option('Leadership')],
        initial_option: initial,
      });
    expect(viewErrors(single(option('Leadership')))).toEqual([]);
    expect(viewErrors(single(option('Mentoring')))).toEqual([
      expect.stringContaining('initial_option does not exactly match one of the options'),
    ]);
  });
});

describe('a file shared in the app’s DM', () => {
  let standIn: SlackStandIn;
  beforeEach(async () => {
    standIn = await startSlackStandIn();
  });
  afterEach(() => standIn.close());

  const download = (url: string, token?: string) =>
    fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('arrives as a message.im file_share event whose file a token with files:read downloads', async () => {
    const event = standIn.shareFileInDm('U1', { name: 'mine.md', content: '# My stories\n' });
    expect(event).toMatchObject({ type: 'message', subtype: 'file_share', channel_type: 'im', user: 'U1' });
    const [file] = event.files as Array<{ url_private_download: string; size: number }>;
    expect(file?.size).toBe(13);
    const response = await download(file?.url_private_download ?? '', 'xoxb-test-bot-token');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('# My stories\n');
    expect(standIn.takeRefusals()).toEqual([]);
  });

  it('answers without a token with Slack’s sign-in page, and refuses a token without files:read', async () => {
    const event = standIn.shareFileInDm('U1', { name: 'mine.md', content: 'x' });
    const [file] = event.files as Array<{ url_private_download: string }>;
    const url = file?.url_private_download ?? '';
    const anonymous = await download(url);
    expect(await anonymous.text()).toContain('<!DOCTYPE html>');
    standIn.grant('xoxb-no-files', { teamId: 'T1', scopes: ['chat:write', 'im:history'] });
    expect((await download(url, 'xoxb-no-files')).status).toBe(403);
    expect(standIn.takeRefusals().map((r) => r.error)).toEqual(['not_authed', 'missing_scope']);
  });

  it('is never sent to an app without im:history', () => {
    standIn.grant('xoxb-no-im', { teamId: 'T1', scopes: ['chat:write', 'files:read'] });
    expect(() => standIn.shareFileInDm('U1', { name: 'mine.md', content: 'x', token: 'xoxb-no-im' })).toThrow(
      /message\.im: needs im:history/,
    );
  });
});
