import { z } from 'zod';
import { defaultWeights, parseReactionWeights, type ReactionWeights } from './domain/scoring.js';

/**
 * Settings come from the environment (or a `.env` file loaded by the CLI) and are parsed once at
 * start-up. A bad or missing setting stops start-up with one message naming each problem and its fix.
 */

const logLevel = z.enum(['debug', 'info', 'warn', 'error']);

const storageShape = {
  STAR_DB: z.string().trim().min(1).default('./data/star.db'),
  STAR_STORIES: z.string().trim().min(1).default('./stories'),
  LOG_LEVEL: z.string().trim().toLowerCase().pipe(logLevel).default('info'),
};

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const reactionWeights = optionalText.transform((text, ctx) => {
  if (text === undefined) return defaultWeights;
  const weights = parseReactionWeights(text);
  if (!weights) {
    ctx.addIssue({ code: 'custom', message: 'use emoji:points pairs, points 0 to 3, e.g. star:2,fire:1' });
    return z.NEVER;
  }
  return weights;
});

const slackShape = {
  SLACK_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xoxb-/, 'must start with xoxb-')
      .optional(),
  ),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.pipe(z.string().min(16, 'use at least 16 random characters').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xapp-/, 'must start with xapp-')
      .optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  STAR_REACTION_WEIGHTS: reactionWeights,
};

const storageSchema = z.object(storageShape);
const slackSchema = z.object({ ...storageShape, ...slackShape });

/** How to fix each setting, shown next to its problem. */
const fixes: Record<string, string> = {
  SLACK_BOT_TOKEN: "the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
  SLACK_CLIENT_ID: "the Client ID from your Slack app's Basic Information page",
  SLACK_CLIENT_SECRET: "the Client Secret from your Slack app's Basic Information page",
  SLACK_STATE_SECRET: 'a long random string that signs the OAuth state',
  SLACK_SIGNING_SECRET: "the Signing Secret from your Slack app's Basic Information page",
  SLACK_APP_TOKEN: 'an app-level token (xapp-…) with connections:write, or leave it unset for HTTP mode',
  SLACK_API_URL: 'a Web API base URL such as http://127.0.0.1:4000/api/, or leave it unset',
  PORT: 'a port number from 0 to 65535 (default 3000)',
  STAR_DB: 'a path for the SQLite file (default ./data/star.db)',
  STAR_STORIES: 'a folder of Markdown decks (default ./stories)',
  LOG_LEVEL: 'one of debug, info, warn, error (default info)',
  STAR_REACTION_WEIGHTS: 'emoji:points pairs such as star:2,fire:1 (every other emoji is worth 1)',
};

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export type StorageSettings = {
  readonly dbPath: string;
  readonly storiesDir: string;
  readonly logLevel: z.infer<typeof logLevel>;
};

export type SlackSettings = StorageSettings & {
  readonly mode: 'http' | 'socket';
  /** One workspace: its bot token. Undefined with OAuth, where each installation has its own. */
  readonly botToken: string | undefined;
  /** OAuth distribution: installs through /slack/install into any number of workspaces. */
  readonly oauth:
    | { readonly clientId: string; readonly clientSecret: string; readonly stateSecret: string }
    | undefined;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  /** Web API base URL ending in '/', or undefined for Slack's own. */
  readonly apiUrl: string | undefined;
  readonly port: number;
  /** Points per reaction emoji (1 each unless STAR_REACTION_WEIGHTS says otherwise). */
  readonly reactionWeights: ReactionWeights;
};

type Env = Record<string, string | undefined>;

function explain(issues: readonly z.core.$ZodIssue[], env: Env): SettingsError {
  const lines = issues.map((issue) => {
    const key = String(issue.path[0] ?? 'settings');
    const problem =
      env[key] !== undefined
        ? `is invalid (${issue.message})`
        : issue.code === 'custom'
          ? `is missing (${issue.message})`
          : 'is missing';
    const fix = fixes[key];
    return `  - ${key} ${problem}${fix ? `: set it to ${fix}` : ''}`;
  });
  return new SettingsError(
    `STAR Partner cannot start: fix these settings (environment or .env):\n${lines.join('\n')}`,
  );
}

/** Treats empty strings as unset, so `FOO=` in .env falls back to the default. */
function present(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

export function parseStorageSettings(env: Env): StorageSettings {
  const result = storageSchema.safeParse(present(env));
  if (!result.success) throw explain(result.error.issues, present(env));
  const value = result.data;
  return Object.freeze({ dbPath: value.STAR_DB, storiesDir: value.STAR_STORIES, logLevel: value.LOG_LEVEL });
}

/** What `star daily` needs: storage, the bot token and the Web API address (no signing secret). */
export type DeliverySettings = StorageSettings & {
  /** Without it, each workspace's token comes from its installation (OAuth). */
  readonly botToken: string | undefined;
  readonly apiUrl: string | undefined;
};

export function parseDeliverySettings(env: Env): DeliverySettings {
  const given = present(env);
  const schema = z.object({
    ...storageShape,
    SLACK_BOT_TOKEN: slackShape.SLACK_BOT_TOKEN,
    SLACK_API_URL: slackShape.SLACK_API_URL,
  });
  const result = schema.safeParse(given);
  if (!result.success) throw explain(result.error.issues, given);
  const value = result.data;
  return Object.freeze({
    dbPath: value.STAR_DB,
    storiesDir: value.STAR_STORIES,
    logLevel: value.LOG_LEVEL,
    botToken: value.SLACK_BOT_TOKEN,
    apiUrl: withSlash(value.SLACK_API_URL),
  });
}

function withSlash(url: string | undefined): string | undefined {
  return url === undefined ? undefined : url.endsWith('/') ? url : `${url}/`;
}

const oauthKeys = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** Either a bot token (one workspace) or all three OAuth settings (installs into many workspaces). */
function credentialIssues(given: Env): z.core.$ZodIssue[] {
  const oauth = oauthKeys.filter((key) => given[key] !== undefined);
  if (oauth.length > 0 && oauth.length < oauthKeys.length) {
    return oauthKeys
      .filter((key) => given[key] === undefined)
      .map((key) => ({
        code: 'custom',
        path: [key],
        message: 'needed with the other OAuth settings',
        input: undefined,
      }));
  }
  if (oauth.length === oauthKeys.length && given.SLACK_BOT_TOKEN !== undefined) {
    return [
      {
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'set either a bot token (one workspace) or the OAuth settings (many), not both',
        input: given.SLACK_BOT_TOKEN,
      },
    ];
  }
  if (oauth.length === 0 && given.SLACK_BOT_TOKEN === undefined) {
    return [
      {
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message:
          'or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install into many workspaces',
        input: undefined,
      },
    ];
  }
  return [];
}

export function parseSlackSettings(env: Env): SlackSettings {
  const given = present(env);
  const result = slackSchema.safeParse(given);
  const issues = result.success ? [] : [...result.error.issues];
  issues.push(...credentialIssues(given));
  if (given.SLACK_APP_TOKEN === undefined && given.SLACK_SIGNING_SECRET === undefined) {
    issues.push({
      code: 'custom',
      path: ['SLACK_SIGNING_SECRET'],
      message: 'needed in HTTP mode',
      input: undefined,
    });
  }
  if (!result.success || issues.length > 0) throw explain(issues, given);
  const value = result.data;
  const apiUrl = value.SLACK_API_URL;
  return Object.freeze({
    dbPath: value.STAR_DB,
    storiesDir: value.STAR_STORIES,
    logLevel: value.LOG_LEVEL,
    mode: value.SLACK_APP_TOKEN ? 'socket' : 'http',
    botToken: value.SLACK_BOT_TOKEN,
    oauth:
      value.SLACK_CLIENT_ID && value.SLACK_CLIENT_SECRET && value.SLACK_STATE_SECRET
        ? {
            clientId: value.SLACK_CLIENT_ID,
            clientSecret: value.SLACK_CLIENT_SECRET,
            stateSecret: value.SLACK_STATE_SECRET,
          }
        : undefined,
    signingSecret: value.SLACK_SIGNING_SECRET,
    appToken: value.SLACK_APP_TOKEN,
    apiUrl: withSlash(apiUrl),
    port: value.PORT,
    reactionWeights: value.STAR_REACTION_WEIGHTS ?? defaultWeights,
  });
}
