/**
 * Our manifest checked against Slack's official app manifest JSON schema (version 1).
 *
 * `manifest.schema.json` beside this file is vendored byte for byte from github.com/slackapi/manifest-schema
 * (see SOURCE.md and LICENSE); never edit it by hand. It is a JSON Schema draft-07 document, so it is
 * compiled with Ajv's default class, which implements draft-07.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { parse } from 'yaml';

const SCHEMA_URL = new URL('./manifest.schema.json', import.meta.url);
const MANIFEST_URL = new URL('../../../manifest.yml', import.meta.url);

let compiled: ValidateFunction | undefined;

function manifestValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({
    allErrors: true,
    // Strict mode stays on, with two exceptions the published schema needs:
    // - It uses two keywords that are not JSON Schema: `_note` (a comment) and `regex` (on
    //   display_information.background_color). Strict mode refuses unknown keywords, so they are declared
    //   here as annotations with no validation, which is how any standard draft-07 validator treats them.
    //   (So the background colour's hex pattern is not checked: the official schema does not check it.)
    // - Its external auth `scope` items put `minItems` on a string schema, which `strictTypes` refuses.
    strictTypes: false,
  });
  ajv.addVocabulary(['_note', 'regex']);
  // The schema uses `format: "uri"` (for the `$schema` key); Ajv leaves formats to ajv-formats.
  ajvFormats.default(ajv);
  compiled = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')));
  return compiled;
}

/** `/features/slash_commands/0/command` → `features.slash_commands.0.command`; the root is `<root>`. */
function dottedPath(instancePath: string): string {
  if (instancePath === '') return '<root>';
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
}

function describeError(error: ErrorObject): string {
  const detail =
    error.keyword === 'additionalProperties'
      ? ` (${String(error.params.additionalProperty)})`
      : error.keyword === 'enum'
        ? ` (${JSON.stringify(error.params.allowedValues)})`
        : '';
  return `${dottedPath(error.instancePath)}: ${error.message ?? error.keyword}${detail}`;
}

/**
 * Validates `value` against Slack's official app manifest schema (v1). Returns one readable line per
 * error, such as `features.slash_commands.0.command: must match pattern "^\/"`; empty when valid.
 */
export function validateManifest(value: unknown): string[] {
  const validate = manifestValidator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describeError);
}

/** Reads and parses `manifest.yml` at the repository root. */
export function loadProjectManifest(): unknown {
  return parse(readFileSync(MANIFEST_URL, 'utf8'));
}

/** The bot scopes `manifest.yml` asks for (`oauth_config.scopes.bot`): what an install grants the app. */
export function manifestBotScopes(): string[] {
  const manifest = loadProjectManifest() as { oauth_config?: { scopes?: { bot?: unknown } } } | null;
  const bot = manifest?.oauth_config?.scopes?.bot;
  if (!Array.isArray(bot) || !bot.every((scope) => typeof scope === 'string')) {
    throw new Error('manifest.yml has no oauth_config.scopes.bot list of strings');
  }
  return [...bot];
}

/** The bot events `manifest.yml` subscribes to (`settings.event_subscriptions.bot_events`). */
export function manifestBotEvents(): string[] {
  const manifest = loadProjectManifest() as {
    settings?: { event_subscriptions?: { bot_events?: unknown } };
  } | null;
  const events = manifest?.settings?.event_subscriptions?.bot_events;
  if (!Array.isArray(events) || !events.every((event) => typeof event === 'string')) {
    throw new Error('manifest.yml has no settings.event_subscriptions.bot_events list of strings');
  }
  return [...events];
}
