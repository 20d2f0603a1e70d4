import { describe, expect, it } from 'vitest';
import { botScopes } from '../src/slack/scopes.js';
import { loadProjectManifest, manifestBotScopes, validateManifest } from './support/manifest-schema/index.js';

/**
 * The parts of a v1 manifest these tests read. Only a view for typed access: the shape itself is checked
 * by Slack's official JSON schema in `expectValidManifest` before anything is read.
 */
interface ManifestView {
  features?: {
    app_home?: Record<string, unknown>;
    slash_commands?: Array<{ command: string; usage_hint?: string }>;
  };
  oauth_config?: { redirect_urls?: string[]; scopes?: { bot?: string[] } };
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    interactivity?: { is_enabled: boolean };
  };
}

/** Fails the test, with the schema's errors printed, if `value` is not a valid manifest. */
function expectValidManifest(value: unknown): ManifestView {
  const errors = validateManifest(value);
  expect(errors, `manifest failed schema validation:\n${errors.join('\n')}`).toEqual([]);
  return value as ManifestView;
}

/** The schema's errors for an input that must be rejected; fails the test if it is accepted. */
function rejectionErrors(value: unknown): string[] {
  const errors = validateManifest(value);
  expect(errors.length, 'expected the schema to reject this manifest').toBeGreaterThan(0);
  return errors;
}

/** A small manifest of our own that must pass; the negative cases each break one thing in a copy. */
const validManifest = {
  _metadata: { major_version: 1, minor_version: 1 },
  display_information: {
    name: 'STAR Partner',
    description: 'Practice behavioral interviews in the STAR format.',
    background_color: '#1d3557',
  },
  features: {
    app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
    bot_user: { display_name: 'STAR Partner', always_online: true },
    slash_commands: [
      {
        command: '/star',
        description: 'Start a STAR practice session',
        usage_hint: '[start | help]',
        should_escape: false,
      },
    ],
    shortcuts: [
      { name: 'Practice a story', type: 'global', callback_id: 'star_practice', description: 'Practice' },
    ],
  },
  oauth_config: { scopes: { bot: ['commands', 'chat:write', 'im:history'] } },
  settings: {
    event_subscriptions: { bot_events: ['app_home_opened', 'message.im'] },
    interactivity: { is_enabled: true },
    org_deploy_enabled: false,
    socket_mode_enabled: true,
    token_rotation_enabled: false,
  },
};

function copyOfValidManifest(): typeof validManifest {
  return structuredClone(validManifest);
}

describe("Slack's official app manifest schema (v1)", () => {
  it('accepts a small valid manifest', () => {
    expectValidManifest(validManifest);
  });

  it('does not change the manifest it validates (no defaults are filled in)', () => {
    const manifest = copyOfValidManifest();
    expectValidManifest(manifest);
    expect(manifest).toEqual(validManifest);
  });

  it('accepts the minimal manifest (only display_information.name is required)', () => {
    expectValidManifest({ display_information: { name: 'X' } });
  });

  it('rejects a manifest without display_information', () => {
    const { display_information: _dropped, ...manifest } = copyOfValidManifest();
    expect(rejectionErrors(manifest)).toContain("<root>: must have required property 'display_information'");
  });

  it('rejects an unknown top-level key', () => {
    const errors = rejectionErrors({ ...copyOfValidManifest(), not_a_manifest_key: true });
    expect(errors).toContain('<root>: must NOT have additional properties (not_a_manifest_key)');
  });

  it('rejects an unknown nested key', () => {
    const manifest = copyOfValidManifest();
    const errors = rejectionErrors({ ...manifest, settings: { ...manifest.settings, bad_param: false } });
    expect(errors).toContain('settings: must NOT have additional properties (bad_param)');
  });

  it("rejects a slash command that does not start with '/'", () => {
    const manifest = copyOfValidManifest();
    const [command] = manifest.features.slash_commands;
    if (!command) throw new Error('fixture has no slash command');
    command.command = 'star';
    const errors = rejectionErrors(manifest);
    expect(errors).toEqual([
      expect.stringMatching(/^features\.slash_commands\.0\.command: must match pattern/),
    ]);
  });

  it('rejects a display_information.name longer than 35 characters', () => {
    const manifest = copyOfValidManifest();
    manifest.display_information.name = 'S'.repeat(36);
    expect(rejectionErrors(manifest)).toEqual([
      'display_information.name: must NOT have more than 35 characters',
    ]);
  });

  it('rejects a bot_user.display_name longer than 80 characters', () => {
    const manifest = copyOfValidManifest();
    manifest.features.bot_user.display_name = 'S'.repeat(81);
    expect(rejectionErrors(manifest)).toEqual([
      'features.bot_user.display_name: must NOT have more than 80 characters',
    ]);
  });
});

describe('manifest.yml', () => {
  it('is a valid Slack app manifest (schema v1)', () => {
    expectValidManifest(loadProjectManifest());
  });

  it('declares the /star slash command with a usage hint', () => {
    const manifest = expectValidManifest(loadProjectManifest());
    const star = manifest.features?.slash_commands?.find((command) => command.command === '/star');
    expect(star, 'features.slash_commands has no /star command').toBeDefined();
    expect(star?.usage_hint, '/star has no usage_hint').toEqual(expect.any(String));
  });

  it('enables interactivity', () => {
    const manifest = expectValidManifest(loadProjectManifest());
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
  });

  it('requests the commands and chat:write bot scopes', () => {
    const manifest = expectValidManifest(loadProjectManifest());
    expect(manifest.oauth_config?.scopes?.bot).toEqual(expect.arrayContaining(['commands', 'chat:write']));
  });

  it('configures an App Home', () => {
    const manifest = expectValidManifest(loadProjectManifest());
    expect(manifest.features?.app_home).toBeDefined();
  });

  it('asks for exactly the bot scopes the OAuth install requests, and the uninstall events', () => {
    const manifest = expectValidManifest(loadProjectManifest());
    expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual([...botScopes].sort());
    expect(manifest.settings?.event_subscriptions?.bot_events).toEqual(
      expect.arrayContaining([
        'app_uninstalled',
        'tokens_revoked',
        'app_home_opened',
        'reaction_added',
        'reaction_removed',
        // The bot removed from a channel pauses its question of the day.
        'member_left_channel',
        'channel_left',
        'group_left',
        // First contact: an introduction when the bot is invited to a channel, help after a mention.
        'member_joined_channel',
        'app_mention',
      ]),
    );
    expect(manifest.oauth_config?.scopes?.bot).toEqual(
      expect.arrayContaining(['app_mentions:read', 'channels:read', 'groups:read']),
    );
    expect(manifest.oauth_config?.redirect_urls).toEqual(['https://star.example.com/slack/oauth_redirect']);
  });

  it('asks for what the question of the day needs: scopes and message events', () => {
    const manifest = expectValidManifest(loadProjectManifest());
    expect(manifest.oauth_config?.scopes?.bot).toEqual(
      expect.arrayContaining([
        'chat:write',
        'chat:write.public',
        'channels:history',
        'groups:history',
        'users:read',
      ]),
    );
    expect(manifest.settings?.event_subscriptions?.bot_events).toEqual(
      expect.arrayContaining(['message.channels', 'message.groups']),
    );
    expect(manifest.settings?.event_subscriptions?.request_url).toMatch(/\/slack\/events$/);
  });

  it('manifestBotScopes() returns the bot scopes of manifest.yml, in order', () => {
    const manifest = expectValidManifest(loadProjectManifest());
    expect(manifestBotScopes()).toEqual(manifest.oauth_config?.scopes?.bot);
    expect([...manifestBotScopes()].sort()).toEqual([...botScopes].sort());
  });
});
