import { describe, expect, it } from 'vitest';
import {
  parseDeliverySettings,
  parseSlackSettings,
  parseStorageSettings,
  SettingsError,
  slackSettingsSchema,
} from '../src/config.js';

const http = { SLACK_BOT_TOKEN: 'xoxb-123-abc', SLACK_SIGNING_SECRET: 'shh' };

function failure(env: Record<string, string | undefined>): string {
  try {
    parseSlackSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

describe('settings', () => {
  it('has defaults for everything but the Slack credentials', () => {
    expect(parseSlackSettings(http)).toEqual({
      dbPath: './data/star.db',
      storiesDir: './stories',
      logLevel: 'info',
      mode: 'http',
      botToken: 'xoxb-123-abc',
      signingSecret: 'shh',
      appToken: undefined,
      apiUrl: undefined,
      port: 3000,
      oauth: undefined,
      reactionWeights: { byName: new Map(), defaultWeight: 1 },
    });
  });

  it('reads reaction weights, and refuses ones that are not emoji:points with points 0 to 3', () => {
    const settings = parseSlackSettings({ ...http, STAR_REACTION_WEIGHTS: 'star:2, :fire:1,thumbsup=0' });
    expect([...settings.reactionWeights.byName]).toEqual([
      ['star', 2],
      ['fire', 1],
      ['thumbsup', 0],
    ]);
    expect(failure({ ...http, STAR_REACTION_WEIGHTS: 'star:9' })).toContain(
      'STAR_REACTION_WEIGHTS is invalid (use emoji:points pairs, points 0 to 3, e.g. star:2,fire:1)',
    );
  });

  it('uses Socket Mode when an app token is set, and needs no signing secret then', () => {
    const settings = parseSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A' });
    expect(settings.mode).toBe('socket');
    expect(settings.appToken).toBe('xapp-1-A');
  });

  it('reads every setting, giving SLACK_API_URL its trailing slash', () => {
    const settings = parseSlackSettings({
      ...http,
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      PORT: '8080',
      STAR_DB: '/tmp/x.db',
      STAR_STORIES: '/tmp/decks',
      LOG_LEVEL: 'DEBUG',
    });
    expect(settings).toMatchObject({
      apiUrl: 'http://127.0.0.1:4000/api/',
      port: 8080,
      dbPath: '/tmp/x.db',
      storiesDir: '/tmp/decks',
      logLevel: 'debug',
    });
  });

  it('treats an empty value as unset', () => {
    expect(parseSlackSettings({ ...http, PORT: '', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      logLevel: 'info',
    });
  });

  it('names every missing setting in one message, with how to fix it', () => {
    const message = failure({});
    expect(message).toContain(
      'SLACK_BOT_TOKEN is missing (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install into many workspaces): set it to the Bot User OAuth Token',
    );
    expect(message).toContain('SLACK_SIGNING_SECRET is missing (needed in HTTP mode)');
  });

  it('names every bad setting in one message, never echoing a token', () => {
    const message = failure({
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
      SLACK_SIGNING_SECRET: 's',
      SLACK_APP_TOKEN: 'nope',
      SLACK_API_URL: 'ftp://x',
      PORT: '99999',
      LOG_LEVEL: 'loud',
    });
    for (const key of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'PORT', 'LOG_LEVEL']) {
      expect(message).toMatch(new RegExp(`- ${key} is invalid`));
    }
    expect(message).not.toContain('xoxp-user-token-secret');
  });

  it('takes OAuth settings instead of a bot token, and names the ones missing', () => {
    const oauth = parseSlackSettings({
      SLACK_SIGNING_SECRET: 's',
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'a-long-random-state-secret',
    });
    expect(oauth.botToken).toBeUndefined();
    expect(oauth.oauth).toEqual({
      clientId: '123.456',
      clientSecret: 'client-secret',
      stateSecret: 'a-long-random-state-secret',
    });
    const message = failure({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: '123.456' });
    expect(message).toContain('SLACK_CLIENT_SECRET is missing (needed with the other OAuth settings)');
    expect(message).toContain('SLACK_STATE_SECRET is missing (needed with the other OAuth settings)');
    expect(message).not.toContain('SLACK_BOT_TOKEN');
  });

  it('needs no Slack settings for the storage-only commands', () => {
    expect(parseStorageSettings({ STAR_DB: 'a.db' })).toEqual({
      dbPath: 'a.db',
      storiesDir: './stories',
      logLevel: 'info',
    });
  });

  it('names bad settings and missing credentials in the same message', () => {
    const message = failure({ PORT: '99999', LOG_LEVEL: 'loud', STAR_REACTION_WEIGHTS: 'star:9' });
    for (const key of ['PORT', 'LOG_LEVEL', 'STAR_REACTION_WEIGHTS']) {
      expect(message).toMatch(new RegExp(`- ${key} is invalid \\(.+\\): set it to `));
    }
    expect(message).toContain('SLACK_BOT_TOKEN is missing (or set SLACK_CLIENT_ID');
    expect(message).toContain('SLACK_SIGNING_SECRET is missing (needed in HTTP mode)');
  });

  it('refuses a bot token together with the OAuth settings', () => {
    expect(
      failure({
        ...http,
        SLACK_CLIENT_ID: '123.456',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'a-long-random-state-secret',
      }),
    ).toContain(
      'SLACK_BOT_TOKEN is invalid (set either a bot token (one workspace) or the OAuth settings (many), not both)',
    );
  });

  it('takes an installer to welcome with one bot token only, as a Slack user id', () => {
    expect(parseSlackSettings({ ...http, STAR_INSTALLER_USER_ID: 'U0123ABCD' }).installerUserId).toBe(
      'U0123ABCD',
    );
    expect(parseSlackSettings(http).installerUserId).toBeUndefined();
    expect(failure({ ...http, STAR_INSTALLER_USER_ID: '@alice' })).toContain(
      'STAR_INSTALLER_USER_ID is invalid (must be a Slack user id such as U0123ABCD): set it to the Slack user id',
    );
    expect(
      failure({
        SLACK_SIGNING_SECRET: 's',
        SLACK_CLIENT_ID: '123.456',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'a-long-random-state-secret',
        STAR_INSTALLER_USER_ID: 'U0123ABCD',
      }),
    ).toContain(
      'STAR_INSTALLER_USER_ID is invalid (only with SLACK_BOT_TOKEN: with OAuth, whoever installs is welcomed)',
    );
  });

  it('takes a metrics token of 16 characters or more, as a bearer token can carry it', () => {
    expect(parseSlackSettings(http).metricsToken).toBeUndefined();
    expect(parseSlackSettings({ ...http, STAR_METRICS_TOKEN: ' 4f9a2c7e1b8d3f6a0c5e ' }).metricsToken).toBe(
      '4f9a2c7e1b8d3f6a0c5e',
    );
    expect(failure({ ...http, STAR_METRICS_TOKEN: 'short' })).toContain(
      'STAR_METRICS_TOKEN is invalid (use at least 16 random characters): set it to a long random string',
    );
    expect(failure({ ...http, STAR_METRICS_TOKEN: 'sixteen chars and a space' })).toContain(
      'STAR_METRICS_TOKEN is invalid (use letters, digits and - . _ ~ + / = only)',
    );
  });

  it('takes a secret of spaces as no secret', () => {
    expect(failure({ ...http, SLACK_SIGNING_SECRET: '   ' })).toContain(
      'SLACK_SIGNING_SECRET is invalid (needed in HTTP mode)',
    );
  });

  it('gives frozen settings, the output of the settings schema', () => {
    const env = { ...http, PORT: '8080' };
    const settings = parseSlackSettings(env);
    expect(Object.isFrozen(settings)).toBe(true);
    expect(settings).toEqual(slackSettingsSchema.parse(env));
  });

  it('reads what `star daily` needs: no signing secret, the token optional (OAuth), the API URL with its slash', () => {
    expect(
      parseDeliverySettings({ SLACK_API_URL: 'http://127.0.0.1:4000/api', SLACK_SIGNING_SECRET: '' }),
    ).toEqual({
      dbPath: './data/star.db',
      storiesDir: './stories',
      logLevel: 'info',
      botToken: undefined,
      apiUrl: 'http://127.0.0.1:4000/api/',
    });
    expect(() => parseDeliverySettings({ SLACK_BOT_TOKEN: 'xoxp-1' })).toThrow(
      /SLACK_BOT_TOKEN is invalid \(must start with xoxb-\): set it to the Bot User OAuth Token/,
    );
  });
});
