import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestBotEvents, manifestBotScopes } from '../support/manifest-schema/index.js';
import { undeliverable, unsatisfiedSubscriptions } from '../support/slack-contract/events.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

/**
 * Slack sends an app only the events it subscribes to, with their scopes, from conversations the bot
 * is in: each rule accepts what Slack sends and refuses the same event broken in one way.
 */

const all = ['app_mention', 'member_joined_channel', 'message.channels', 'app_home_opened'];
const scopes = new Set(['app_mentions:read', 'channels:read', 'groups:read', 'channels:history']);

describe('which events Slack sends', () => {
  it('sends a subscribed event whose scope is granted, from a conversation the bot is in', () => {
    expect(
      undeliverable({ subscription: 'app_mention', subscribed: all, granted: scopes, botMember: true }),
    ).toBeUndefined();
    expect(
      undeliverable({
        subscription: 'app_home_opened',
        subscribed: all,
        granted: new Set(),
        botMember: false,
      }),
    ).toBeUndefined();
  });

  it('sends nothing the app does not subscribe to', () => {
    expect(
      undeliverable({ subscription: 'app_mention', subscribed: ['message.channels'], granted: scopes }),
    ).toMatch(/does not subscribe/);
  });

  it('sends nothing without its scope: app_mention needs app_mentions:read', () => {
    expect(
      undeliverable({ subscription: 'app_mention', subscribed: all, granted: new Set(['channels:read']) }),
    ).toMatch(/needs app_mentions:read/);
  });

  it('sends member_joined_channel for public channels with channels:read, for private ones with groups:read', () => {
    const join = (conversation: 'public' | 'private', granted: string[]) =>
      undeliverable({
        subscription: 'member_joined_channel',
        subscribed: all,
        granted: new Set(granted),
        conversation,
        botMember: true,
      });
    expect(join('public', ['channels:read'])).toBeUndefined();
    expect(join('private', ['groups:read'])).toBeUndefined();
    expect(join('private', ['channels:read'])).toMatch(/needs groups:read/);
    expect(join('public', ['groups:read'])).toMatch(/needs channels:read/);
  });

  it('sends nothing from a conversation the bot is not in', () => {
    expect(
      undeliverable({ subscription: 'app_mention', subscribed: all, granted: scopes, botMember: false }),
    ).toMatch(/not a member/);
  });

  it('knows only the events it was taught', () => {
    expect(undeliverable({ subscription: 'pin_added', subscribed: ['pin_added'], granted: scopes })).toMatch(
      /never taught/,
    );
  });

  it('manifest.yml asks for the scope of every event it subscribes to', () => {
    expect(unsatisfiedSubscriptions(['app_mention'], ['chat:write'])).toEqual(['app_mention']);
    expect(unsatisfiedSubscriptions(manifestBotEvents(), manifestBotScopes())).toEqual([]);
  });
});

describe('the stand-in makes the events of a join and a mention', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn();
  });
  afterAll(() => standIn.close());

  it('the bot invited to a private channel becomes a member, and the event says who invited it', () => {
    standIn.conversation('GJOIN', { type: 'private' });
    expect(standIn.botJoins('GJOIN', { inviter: 'U1' })).toMatchObject({
      type: 'member_joined_channel',
      user: 'UBOT',
      channel: 'GJOIN',
      channel_type: 'G',
      inviter: 'U1',
    });
    // A member now: it can read the channel's history.
    expect(standIn.mention('GJOIN', { user: 'U2' })).toMatchObject({ type: 'app_mention', channel: 'GJOIN' });
  });

  it('a join by the bot itself has no inviter; nobody adds a bot to a DM between people', () => {
    expect(standIn.botJoins('CSELF')).not.toHaveProperty('inviter');
    expect(() => standIn.botJoins('DPEOPLE', { inviter: 'U1' })).toThrow(/never added to a DM/);
  });

  it('a mention where the bot is not is never sent; one in a thread carries the thread and is kept', () => {
    expect(() => standIn.mention('CNOTIN', { user: 'U1' })).toThrow(/not a member/);
    standIn.botJoins('CTHREAD', { inviter: 'U1' });
    const mention = standIn.mention('CTHREAD', { user: 'U1', text: 'help?', threadTs: '1700000000.000100' });
    expect(mention).toMatchObject({ thread_ts: '1700000000.000100', text: '<@UBOT> help?' });
    expect(standIn.messagesIn('CTHREAD')).toEqual([
      expect.objectContaining({ ts: mention.ts, user: 'U1', thread_ts: '1700000000.000100' }),
    ]);
  });

  it('a token without app_mentions:read gets no mention event', () => {
    standIn.grant('xoxb-no-mentions', { teamId: 'T1', scopes: ['chat:write', 'channels:read'] });
    standIn.botJoins('CSCOPE', { inviter: 'U1', token: 'xoxb-no-mentions' });
    expect(() => standIn.mention('CSCOPE', { user: 'U1', token: 'xoxb-no-mentions' })).toThrow(
      /needs app_mentions:read/,
    );
  });
});
