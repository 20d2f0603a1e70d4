import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  actingUser,
  appHomeOpenedSchema,
  botRemovedSchema,
  eventEnvelopeSchema,
  parsed,
  reactionEventSchema,
  responseUrlSchema,
  threadReplySchema,
  workspaceLeftSchema,
} from '../../src/slack/envelopes.js';
import { slackErrorCode } from '../../src/slack/slack-errors.js';

/** What Slack sends, parsed at the edge: what a listener may rely on, and what it never sees. */

/** name, schema (its builder: built on first use), what Slack sent, what the listener gets (undefined: ignored). */
const cases: Array<[string, () => z.ZodType, unknown, unknown]> = [
  ['an event envelope', eventEnvelopeSchema, { event_id: 'Ev1', team_id: 'T1' }, { event_id: 'Ev1' }],
  ['an envelope without an event id', eventEnvelopeSchema, { team_id: 'T1' }, undefined],
  [
    'a reaction on a message',
    reactionEventSchema,
    {
      type: 'reaction_added',
      user: 'U2',
      reaction: 'star',
      item: { type: 'message', channel: 'C1', ts: '1.2' },
      event_ts: '1700000000.1',
      item_user: 'U1',
    },
    {
      type: 'reaction_added',
      user: 'U2',
      reaction: 'star',
      item: { type: 'message', channel: 'C1', ts: '1.2' },
      event_ts: '1700000000.1',
    },
  ],
  [
    'a reaction with a malformed event time',
    reactionEventSchema,
    { type: 'reaction_added', user: 'U2', reaction: 'star', item: { type: 'file' }, event_ts: 'soon' },
    undefined,
  ],
  [
    'a thread reply',
    threadReplySchema,
    { channel: 'C1', user: 'U1', text: 'hi', ts: '2.1', thread_ts: '1.1' },
    { channel: 'C1', user: 'U1', text: 'hi', ts: '2.1', thread_ts: '1.1' },
  ],
  [
    'a bot’s reply',
    threadReplySchema,
    { channel: 'C1', user: 'U1', text: 'hi', ts: '2.1', thread_ts: '1.1', bot_id: 'B1' },
    undefined,
  ],
  ['a top-level message', threadReplySchema, { channel: 'C1', user: 'U1', text: 'hi', ts: '2.1' }, undefined],
  ['app_uninstalled', workspaceLeftSchema, { type: 'app_uninstalled' }, { type: 'app_uninstalled' }],
  [
    'tokens_revoked for user tokens only',
    workspaceLeftSchema,
    { type: 'tokens_revoked', tokens: { oauth: ['U1'] } },
    { type: 'tokens_revoked', tokens: { oauth: ['U1'] } },
  ],
  ['tokens_revoked without tokens', workspaceLeftSchema, { type: 'tokens_revoked' }, undefined],
  [
    'member_left_channel',
    botRemovedSchema,
    { type: 'member_left_channel', user: 'UBOT', channel: 'C1', channel_type: 'C' },
    { type: 'member_left_channel', user: 'UBOT', channel: 'C1' },
  ],
  [
    'group_left',
    botRemovedSchema,
    { type: 'group_left', channel: 'G1' },
    { type: 'group_left', channel: 'G1' },
  ],
  ['channel_left without a channel', botRemovedSchema, { type: 'channel_left' }, undefined],
  [
    'app_home_opened',
    appHomeOpenedSchema,
    { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' },
    { type: 'app_home_opened', user: 'U1', tab: 'home' },
  ],
  [
    'a response_url',
    responseUrlSchema,
    { response_url: 'https://hooks/x' },
    { response_url: 'https://hooks/x' },
  ],
  ['a body without one', responseUrlSchema, { type: 'event_callback' }, undefined],
  ['no body at all', responseUrlSchema, undefined, undefined],
];

describe('event bodies', () => {
  it.each(cases)('%s', (_name, schema, body, expected) => {
    expect(parsed(schema, body)).toEqual(expected);
  });
});

describe('actingUser', () => {
  it('is in the workspace Bolt authorized the request for', () => {
    expect(actingUser({ teamId: 'T1', isEnterpriseInstall: false }, 'U1')).toEqual({
      teamId: 'T1',
      userId: 'U1',
    });
  });

  it('refuses a request without a workspace rather than store it under none', () => {
    expect(() => actingUser({ isEnterpriseInstall: true, enterpriseId: 'E1' }, 'U1')).toThrow(/workspace/);
  });
});

describe('slackErrorCode', () => {
  it.each([
    [
      'Slack’s refusal',
      new webApi.WebAPIPlatformError({ ok: false, error: 'channel_not_found' }),
      'channel_not_found',
    ],
    ['a 429 handed back', new webApi.WebAPIRateLimitedError(30), 'ratelimited'],
    ['an HTTP error', new webApi.WebAPIHTTPError(503, 'Service Unavailable', {}), undefined],
    ['a network failure', new webApi.WebAPIRequestError(new Error('ECONNRESET')), undefined],
    [
      'an error that only looks like Slack’s',
      Object.assign(new Error('x'), { code: webApi.ErrorCode.PlatformError, data: { error: 'x' } }),
      undefined,
    ],
    ['not an error', 'channel_not_found', undefined],
  ])('%s', (_name, error, code) => {
    expect(slackErrorCode(error)).toBe(code);
  });
});
