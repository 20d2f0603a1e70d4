import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { botScopes } from '../src/slack/scopes.js';
import { type SlackManifest, slackManifestSchema } from './support/slack-manifest-schema.js';

const MANIFEST_URL = new URL('../manifest.yml', import.meta.url);

/** Pretty-prints zod issues so a failing assertion shows exactly what is wrong. */
function describeIssues(error: z.ZodError | undefined): string {
  if (!error) return 'no issues';
  return error.issues.map((issue) => `${issue.path.join('.') || '<root>'}: ${issue.message}`).join('\n');
}

/** Parses `value` and fails the test with the zod issues printed if it is not a valid manifest. */
function expectValidManifest(value: unknown): SlackManifest {
  const result = slackManifestSchema.safeParse(value);
  expect(result.success, `manifest failed schema validation:\n${describeIssues(result.error)}`).toBe(true);
  return result.data as SlackManifest;
}

/** Issues for an input that must be rejected; fails the test if it is accepted. */
function rejectionIssues(value: unknown): z.core.$ZodIssue[] {
  const result = slackManifestSchema.safeParse(value);
  expect(result.success, 'expected the schema to reject this manifest').toBe(false);
  return result.error?.issues ?? [];
}

function loadProjectManifest(): unknown {
  return parse(readFileSync(MANIFEST_URL, 'utf8'));
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

describe('slackManifestSchema', () => {
  it('accepts a small valid manifest', () => {
    expectValidManifest(validManifest);
  });

  it('accepts the minimal manifest (only display_information.name is required)', () => {
    expectValidManifest({ display_information: { name: 'X' } });
  });

  it('rejects an unknown top-level key', () => {
    const issues = rejectionIssues({ ...copyOfValidManifest(), not_a_manifest_key: true });
    expect(issues.some((issue) => issue.code === 'unrecognized_keys')).toBe(true);
  });

  it('rejects an unknown nested key', () => {
    const manifest = copyOfValidManifest();
    const issues = rejectionIssues({ ...manifest, settings: { ...manifest.settings, bad_param: false } });
    expect(
      issues.some((issue) => issue.code === 'unrecognized_keys' && issue.path.join('.') === 'settings'),
    ).toBe(true);
  });

  it("rejects a slash command that does not start with '/'", () => {
    const manifest = copyOfValidManifest();
    const [command] = manifest.features.slash_commands;
    if (!command) throw new Error('fixture has no slash command');
    command.command = 'star';
    const issues = rejectionIssues(manifest);
    expect(issues.map((issue) => issue.path.join('.'))).toContain('features.slash_commands.0.command');
  });

  it('rejects a display_information.name longer than 35 characters', () => {
    const manifest = copyOfValidManifest();
    manifest.display_information.name = 'S'.repeat(36);
    const issues = rejectionIssues(manifest);
    expect(issues.map((issue) => issue.path.join('.'))).toContain('display_information.name');
  });

  it('rejects a bot_user.display_name longer than 80 characters', () => {
    const manifest = copyOfValidManifest();
    manifest.features.bot_user.display_name = 'S'.repeat(81);
    const issues = rejectionIssues(manifest);
    expect(issues.map((issue) => issue.path.join('.'))).toContain('features.bot_user.display_name');
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
      ]),
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
});
