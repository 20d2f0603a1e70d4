import { z } from 'zod';
import { defaultWeights, parseReactionWeights } from './domain/scoring.js';

/**
 * Settings come from the environment (or a `.env` file loaded by the CLI) and are parsed once at
 * start-up. A bad or missing setting stops start-up with one message naming each problem and its fix.
 *
 * One schema, `environmentSchema`, defines every variable once: its parse, its default and how to
 * fix it (its description). Each command reads the part it needs, and each settings type is the
 * output of its schema: `slackSettingsSchema` (the app), `deliverySettingsSchema` (`star daily`) and
 * `storageSettingsSchema` (the commands that only need the database and the decks).
 */

const logLevel = z.enum(['debug', 'info', 'warn', 'error']);

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

/** Every setting: how it is read, and (its description) how to fix it, shown next to its problem. */
const environmentSchema = z.object({
  STAR_DB: z
    .string()
    .trim()
    .min(1)
    .default('./data/star.db')
    .describe('a path for the SQLite file (default ./data/star.db)'),
  STAR_STORIES: z
    .string()
    .trim()
    .min(1)
    .default('./stories')
    .describe('a folder of Markdown decks (default ./stories)'),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(logLevel)
    .default('info')
    .describe('one of debug, info, warn, error (default info)'),
  SLACK_BOT_TOKEN: optionalText
    .pipe(
      z
        .string()
        .regex(/^xoxb-/, 'must start with xoxb-')
        .optional(),
    )
    .describe("the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page"),
  SLACK_CLIENT_ID: optionalText.describe("the Client ID from your Slack app's Basic Information page"),
  SLACK_CLIENT_SECRET: optionalText.describe(
    "the Client Secret from your Slack app's Basic Information page",
  ),
  SLACK_STATE_SECRET: optionalText
    .pipe(z.string().min(16, 'use at least 16 random characters').optional())
    .describe('a long random string that signs the OAuth state'),
  SLACK_SIGNING_SECRET: optionalText.describe(
    "the Signing Secret from your Slack app's Basic Information page",
  ),
  SLACK_APP_TOKEN: optionalText
    .pipe(
      z
        .string()
        .regex(/^xapp-/, 'must start with xapp-')
        .optional(),
    )
    .describe('an app-level token (xapp-…) with connections:write, or leave it unset for HTTP mode'),
  SLACK_API_URL: optionalText
    .pipe(z.url({ protocol: /^https?$/ }).optional())
    .describe('a Web API base URL such as http://127.0.0.1:4000/api/, or leave it unset'),
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(3000)
    .describe('a port number from 0 to 65535 (default 3000)'),
  STAR_REACTION_WEIGHTS: reactionWeights.describe(
    'emoji:points pairs such as star:2,fire:1 (every other emoji is worth 1)',
  ),
  STAR_INSTALLER_USER_ID: optionalText
    .pipe(
      z
        .string()
        .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD')
        .optional(),
    )
    .describe(
      'the Slack user id (U…) of who installed the app, to welcome them by DM on the first start (profile → ⋮ → Copy member ID), or leave it unset',
    ),
  STAR_METRICS_TOKEN: optionalText
    .pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9._~+/=-]+$/, 'use letters, digits and - . _ ~ + / = only')
        .min(16, 'use at least 16 random characters')
        .optional(),
    )
    .describe(
      'a long random string that GET /metrics then requires as "Authorization: Bearer <token>" (set it wherever the port is reachable from outside), or leave it unset',
    ),
});

type Environment = z.output<typeof environmentSchema>;
type Variable = keyof Environment;

const storageVariables = { STAR_DB: true, STAR_STORIES: true, LOG_LEVEL: true } as const;

function storage(env: Pick<Environment, keyof typeof storageVariables>) {
  return { dbPath: env.STAR_DB, storiesDir: env.STAR_STORIES, logLevel: env.LOG_LEVEL };
}

/** Web API base URL ending in '/', or undefined for Slack's own. */
function withSlash(url: string | undefined): string | undefined {
  return url === undefined ? undefined : url.endsWith('/') ? url : `${url}/`;
}

/**
 * What the storage-only commands need: the database and the decks. (This schema and the next are
 * built when their command runs: `star serve`, which needs neither, does not build them at start-up.)
 */
const storageSettingsSchema = () =>
  environmentSchema.pick(storageVariables).transform((env) => Object.freeze(storage(env)));

/** What `star daily` needs: storage, the bot token and the Web API address (no signing secret). */
const deliverySettingsSchema = () =>
  environmentSchema
    .pick({ ...storageVariables, SLACK_BOT_TOKEN: true, SLACK_API_URL: true })
    .transform((env) =>
      Object.freeze({
        ...storage(env),
        /** Without it, each workspace's token comes from its installation (OAuth). */
        botToken: env.SLACK_BOT_TOKEN,
        /** Web API base URL ending in '/', or undefined for Slack's own. */
        apiUrl: withSlash(env.SLACK_API_URL),
      }),
    );

const oauthVariables = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

type Problem = { readonly variable: Variable; readonly message: string };

/**
 * What the app needs besides each setting being valid: either a bot token (one workspace) or all
 * three OAuth settings (installs into many workspaces), and a signing secret in HTTP mode.
 */
function slackProblems(env: Environment): Problem[] {
  const problems: Problem[] = [];
  const oauth = oauthVariables.filter((key) => env[key] !== undefined);
  if (oauth.length > 0 && oauth.length < oauthVariables.length) {
    for (const variable of oauthVariables.filter((key) => env[key] === undefined))
      problems.push({ variable, message: 'needed with the other OAuth settings' });
  } else if (oauth.length === oauthVariables.length && env.SLACK_BOT_TOKEN !== undefined) {
    problems.push({
      variable: 'SLACK_BOT_TOKEN',
      message: 'set either a bot token (one workspace) or the OAuth settings (many), not both',
    });
  } else if (oauth.length === 0 && env.SLACK_BOT_TOKEN === undefined) {
    problems.push({
      variable: 'SLACK_BOT_TOKEN',
      message:
        'or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install into many workspaces',
    });
  }
  if (env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined)
    problems.push({ variable: 'SLACK_SIGNING_SECRET', message: 'needed in HTTP mode' });
  if (env.STAR_INSTALLER_USER_ID !== undefined && oauth.length > 0)
    problems.push({
      variable: 'STAR_INSTALLER_USER_ID',
      message: 'only with SLACK_BOT_TOKEN: with OAuth, whoever installs is welcomed',
    });
  return problems;
}

/** What the app needs: Slack's credentials (a bot token or OAuth), HTTP or Socket Mode, and storage. */
export const slackSettingsSchema = environmentSchema
  .superRefine(
    (env, ctx) => {
      for (const { variable, message } of slackProblems(env))
        ctx.addIssue({ code: 'custom', path: [variable], message });
    },
    // Also when other settings are bad: the message names every problem at once.
    { when: () => true },
  )
  .transform((env) => {
    const mode: 'http' | 'socket' = env.SLACK_APP_TOKEN ? 'socket' : 'http';
    return Object.freeze({
      ...storage(env),
      mode,
      /** One workspace: its bot token. Undefined with OAuth, where each installation has its own. */
      botToken: env.SLACK_BOT_TOKEN,
      /** OAuth distribution: installs through /slack/install into any number of workspaces. */
      oauth:
        env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET
          ? Object.freeze({
              clientId: env.SLACK_CLIENT_ID,
              clientSecret: env.SLACK_CLIENT_SECRET,
              stateSecret: env.SLACK_STATE_SECRET,
            })
          : undefined,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      /** Web API base URL ending in '/', or undefined for Slack's own. */
      apiUrl: withSlash(env.SLACK_API_URL),
      port: env.PORT,
      /** Points per reaction emoji (1 each unless STAR_REACTION_WEIGHTS says otherwise). */
      reactionWeights: env.STAR_REACTION_WEIGHTS ?? defaultWeights,
      /** One workspace: who to welcome by DM on the first start (Slack does not say who installed it). */
      installerUserId: env.STAR_INSTALLER_USER_ID,
      /** When set, GET /metrics answers only `Authorization: Bearer <metricsToken>`. */
      metricsToken: env.STAR_METRICS_TOKEN,
    });
  });

export type StorageSettings = z.output<ReturnType<typeof storageSettingsSchema>>;
export type DeliverySettings = z.output<ReturnType<typeof deliverySettingsSchema>>;
export type SlackSettings = z.output<typeof slackSettingsSchema>;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Env = Record<string, string | undefined>;

function explain(issues: readonly z.core.$ZodIssue[], env: Env): SettingsError {
  /** How to fix each setting, shown next to its problem: the descriptions in `environmentSchema`. */
  const fixes: ReadonlyMap<string, string | undefined> = new Map(
    Object.entries(environmentSchema.shape).map(([key, schema]) => [key, schema.description]),
  );
  const lines = issues.map((issue) => {
    const key = String(issue.path[0] ?? 'settings');
    const problem =
      env[key] !== undefined
        ? `is invalid (${issue.message})`
        : issue.code === 'custom'
          ? `is missing (${issue.message})`
          : 'is missing';
    const fix = fixes.get(key);
    return `  - ${key} ${problem}${fix ? `: set it to ${fix}` : ''}`;
  });
  // Nothing of Slack's given at all: a first try, so say where to start.
  const firstTime = ['SLACK_BOT_TOKEN', 'SLACK_CLIENT_ID', 'SLACK_APP_TOKEN'].every(
    (key) => env[key] === undefined,
  );
  return new SettingsError(
    [
      `STAR Partner cannot start: fix these settings (environment or .env):\n${lines.join('\n')}`,
      ...(firstTime
        ? [
            'First time? README.md, "Quick start": create the Slack app from manifest.yml and run it in Socket Mode',
            '(SLACK_BOT_TOKEN and SLACK_APP_TOKEN, no public address needed). Or try it without Slack:',
            '`npx star practice` and `npx star coach`.',
          ]
        : []),
    ].join('\n'),
  );
}

/** Treats empty strings as unset, so `FOO=` in .env falls back to the default. */
function present(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

function parseWith<T>(schema: z.ZodType<T>, env: Env): T {
  const given = present(env);
  const result = schema.safeParse(given);
  if (!result.success) throw explain(result.error.issues, given);
  return result.data;
}

export function parseStorageSettings(env: Env): StorageSettings {
  return parseWith(storageSettingsSchema(), env);
}

export function parseDeliverySettings(env: Env): DeliverySettings {
  return parseWith(deliverySettingsSchema(), env);
}

export function parseSlackSettings(env: Env): SlackSettings {
  return parseWith(slackSettingsSchema, env);
}
