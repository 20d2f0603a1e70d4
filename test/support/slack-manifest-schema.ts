/**
 * Zod 4 mirror of Slack's app manifest JSON schema, version 1.
 *
 * Source: github.com/slackapi/manifest-schema, file `schemas/manifest.schema.1.0.0.json`
 * (the stored copy read was at commit 19557f58d932d71155ce85c581dc7c72637abe1c, a JSON Schema draft-07
 * document). The repository's root `manifest.schema.json` routes a manifest to this 1.0.0 schema when
 * `_metadata.major_version` is 1 or missing, or `_metadata` is absent.
 *
 * This file is our own code, written by hand from that schema. Its rules:
 * - Every object that has `additionalProperties: false` in the JSON schema is a `z.strictObject`.
 *   The few objects the JSON schema leaves open (`additionalProperties: true` or not set) are a
 *   `z.looseObject` and say so in a comment.
 * - `minLength`/`maxLength`/`minItems`/`maxItems`/`pattern`/`enum`/`required` are copied over as-is.
 *   `uniqueItems` and `maxProperties` become refinements.
 * - The JSON schema's `default` values (e.g. `should_escape: false`) are NOT applied, so parsing never
 *   changes the input.
 * - One difference: in the JSON schema, `display_information.background_color` has its hex check under a
 *   non-standard `regex` keyword, so a plain JSON Schema validator skips it. We enforce it because the brief
 *   asks for the hex pattern and Slack checks the colour.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** `"pattern": "^https?:\\/\\/"` — used by most URL fields in the schema. */
const HTTP_URL = /^https?:\/\//;
/** `"pattern": "^https:\\/\\/"` — used by siws_links and external auth provider URLs. */
const HTTPS_URL = /^https:\/\//;
/** Domain pattern shared by `features.unfurl_domains` and `outgoing_domains`. */
const DOMAIN = /^(?![.-])[-a-z0-9.]+[a-z0-9]$/;
/** HTML5 e-mail regex, as used by `app_directory.support_email`. */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/** IPv4 address with optional CIDR suffix, as used by `settings.allowed_ip_address_ranges`. */
const IPV4_CIDR =
  /^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(\/(3[0-2]|[1-2][0-9]|[0-9]))?$/;
/** `background_color` (under the schema's non-standard `regex` keyword). */
const HEX_COLOR = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;
/** OAuth2 scope token characters for SLACK_PROVIDED external auth providers. */
const OAUTH_SCOPE_TOKEN = /^(\x21|[\x23-\x5B]|[\x5D-\x7E])+$/;

/** Implements JSON Schema `uniqueItems: true` (compares items as JSON). */
function uniqueItems<T extends z.ZodType>(schema: z.ZodArray<T>) {
  return schema.refine((items) => new Set(items.map((item) => JSON.stringify(item))).size === items.length, {
    message: 'Array items must be unique',
  });
}

/** Implements JSON Schema `maxProperties`. */
function maxProperties<T extends z.ZodType>(schema: T, max: number) {
  return schema.refine((value) => Object.keys(value as object).length <= max, {
    message: `Object must have at most ${max} properties`,
  });
}

const httpUrl = (maxLength: number) => z.string().regex(HTTP_URL).max(maxLength);
const httpsUrl = (maxLength: number) => z.string().regex(HTTPS_URL).max(maxLength);

/** JSON `{ "type": "object" }` with nothing else: any plain object. */
const anyObject = z.record(z.string(), z.unknown());

// ---------------------------------------------------------------------------
// _metadata  (definitions: app-manifests.metadata)
// ---------------------------------------------------------------------------

const metadataSchema = z.strictObject({
  schema_version: z.int().optional(),
  min_version: z.int().optional(),
  major_version: z.int().optional(),
  minor_version: z.int().optional(),
});

// ---------------------------------------------------------------------------
// app_directory  (definitions: app-manifests.v1.app_directory.schema)
// ---------------------------------------------------------------------------

const appDirectorySchema = z.strictObject({
  app_directory_categories: z.array(z.string().min(1).max(255)).max(3).optional(),
  use_direct_install: z.boolean().optional(),
  direct_install_url: httpUrl(255).optional(),
  installation_landing_page: httpUrl(255),
  privacy_policy_url: httpUrl(500),
  support_url: httpUrl(350),
  support_email: z.string().regex(EMAIL).max(100),
  supported_languages: z.array(z.string().max(50)).min(1).max(50),
  pricing: z.string().min(1).max(30),
});

// ---------------------------------------------------------------------------
// display_information  (definitions: app-manifests.v1.display_information.schema)
// ---------------------------------------------------------------------------

const displayInformationSchema = z.strictObject({
  name: z.string().min(1).max(35),
  description: z.string().min(1).max(140).optional(),
  background_color: z.string().min(4).max(7).regex(HEX_COLOR).optional(),
  long_description: z.string().min(175).max(4000).optional(),
});

// ---------------------------------------------------------------------------
// features  (definitions: app-manifests.v1.features.*)
// ---------------------------------------------------------------------------

const appHomeSchema = z.strictObject({
  home_tab_enabled: z.boolean().optional(),
  messages_tab_enabled: z.boolean().optional(),
  messages_tab_read_only_enabled: z.boolean().optional(),
});

const botUserSchema = z.strictObject({
  display_name: z.string().min(1).max(80),
  always_online: z.boolean().optional(),
});

/** definitions: slack-functions.parameter — `additionalProperties: true` in the JSON schema, so loose. */
const functionParameterSchema = z.looseObject({
  type: z.enum([
    'integer',
    'number',
    'boolean',
    'string',
    'object',
    'array',
    'slack#/types/user_context',
    'slack#/types/user_permission',
    'slack#/types/user_id',
    'slack#/types/channel_id',
    'slack#/types/usergroup_id',
    'slack#/types/timestamp',
    'slack#/types/blocks',
    'slack#/types/credential/oauth2',
    'slack#/types/date',
    'slack#/types/interactivity',
    'slack#/types/rich_text',
    'slack#/types/form_input',
    'slack#/types/form_input_object',
    'slack#/types/message_ts',
    'slack#/types/message_context',
  ]),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  is_required: z.boolean().optional(),
});

/** definitions: app-manifests.v1.features.functions (the array form under `features`). */
const featureFunctionsSchema = z
  .array(
    z.strictObject({
      title: z.string(),
      description: z.string(),
      callback_id: z.string(),
      input_parameters: z.array(functionParameterSchema).min(0).max(20),
      output_parameters: z.array(functionParameterSchema).min(0).max(20),
    }),
  )
  .min(0)
  .max(50);

const shortcutsSchema = z
  .array(
    z.strictObject({
      name: z.string().min(1).max(24),
      type: z.enum(['message', 'global']),
      callback_id: z.string().min(1).max(255),
      description: z.string().min(1).max(150),
    }),
  )
  .min(1)
  .max(10);

const slashCommandsSchema = z
  .array(
    z.strictObject({
      command: z.string().min(2).max(32).regex(/^\//),
      url: httpUrl(3000).optional(),
      description: z.string().min(1).max(2000),
      usage_hint: z.string().min(1).max(1000).optional(),
      should_escape: z.boolean().optional(),
    }),
  )
  .min(1)
  .max(50);

const workflowStepsSchema = z
  .array(
    z.strictObject({
      name: z.string().min(1).max(50),
      callback_id: z.string().min(1).max(50),
    }),
  )
  .min(1)
  .max(10);

const unfurlDomainsSchema = uniqueItems(z.array(z.string().regex(DOMAIN).max(255)).min(1).max(5));

const assistantViewSchema = z.strictObject({
  assistant_description: z.string(),
  suggested_prompts: z
    .array(
      z.strictObject({
        title: z.string(),
        message: z.string(),
      }),
    )
    .optional(),
});

const featuresSchema = z.strictObject({
  app_home: appHomeSchema.optional(),
  bot_user: botUserSchema.optional(),
  functions: featureFunctionsSchema.optional(),
  shortcuts: shortcutsSchema.optional(),
  slash_commands: slashCommandsSchema.optional(),
  workflow_steps: workflowStepsSchema.optional(),
  unfurl_domains: unfurlDomainsSchema.optional(),
  assistant_view: assistantViewSchema.optional(),
});

// ---------------------------------------------------------------------------
// oauth_config  (definitions: app-manifests.v1.oauth_config.*)
// ---------------------------------------------------------------------------

/** Scope names have a max length but no pattern in the schema. */
const scopeListSchema = z.array(z.string().max(50)).max(255);

const oauthConfigSchema = z.strictObject({
  // No URL regex on purpose: the schema's note says Slack accepts anything like '://asdf'.
  redirect_urls: uniqueItems(z.array(z.string().max(2500)).max(1000)).optional(),
  scopes: z
    .strictObject({
      user: scopeListSchema.optional(),
      bot: scopeListSchema.optional(),
      user_optional: scopeListSchema.optional(),
      bot_optional: scopeListSchema.optional(),
    })
    .optional(),
  token_management_enabled: z.boolean().optional(),
  pkce_enabled: z.boolean().optional(),
});

// ---------------------------------------------------------------------------
// settings  (definitions: app-manifests.v1.settings.*)
// ---------------------------------------------------------------------------

const eventNameListSchema = uniqueItems(z.array(z.string().max(50)).max(100));

const eventSubscriptionsSchema = z.strictObject({
  request_url: httpUrl(3500).optional(),
  user_events: eventNameListSchema.optional(),
  bot_events: eventNameListSchema.optional(),
  metadata_subscriptions: uniqueItems(
    z
      .array(
        z.strictObject({
          app_id: z.string(),
          event_type: z.string().max(50),
        }),
      )
      .min(1)
      .max(20),
  ).optional(),
});

const interactivitySchema = z.strictObject({
  is_enabled: z.boolean(),
  request_url: httpUrl(3500).optional(),
  message_menu_options_url: httpUrl(3500).optional(),
});

const settingsSchema = z.strictObject({
  allowed_ip_address_ranges: uniqueItems(z.array(z.string().regex(IPV4_CIDR)).min(1).max(50)).optional(),
  event_subscriptions: eventSubscriptionsSchema.optional(),
  incoming_webhooks: z
    .strictObject({
      incoming_webhooks_enabled: z.boolean().optional(),
    })
    .optional(),
  interactivity: interactivitySchema.optional(),
  org_deploy_enabled: z.boolean().optional(),
  socket_mode_enabled: z.boolean().optional(),
  is_hosted: z.boolean().optional(),
  token_rotation_enabled: z.boolean().optional(),
  siws_links: z
    .strictObject({
      initiate_uri: httpsUrl(3500).optional(),
    })
    .optional(),
  hermes_app_type: z.string().optional(),
  function_runtime: z.string().optional(),
  is_mcp_enabled: z.boolean().optional(),
});

// ---------------------------------------------------------------------------
// Top-level keys for Slack-hosted apps ("hermes" definitions)
// ---------------------------------------------------------------------------

/** definitions: app-manifests.v1.hermes.types.type — `additionalProperties: true`, so loose. */
const hermesTypeSchema = z.looseObject({
  type: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  is_required: z.boolean().optional(),
  is_hidden: z.boolean().optional(),
  hint: z.string().optional(),
});

/** definitions: app-manifests.v1.hermes.types — every property (pattern ".*") is a type; at most 50. */
const hermesTypesSchema = maxProperties(z.record(z.string(), hermesTypeSchema), 50);

/** definitions: app-manifests.v1.hermes.functions — keyed by callback id; at most 50. */
const hermesFunctionsSchema = maxProperties(
  z.record(
    z.string(),
    z.strictObject({
      title: z.string(),
      description: z.string(),
      input_parameters: hermesTypesSchema,
      output_parameters: hermesTypesSchema,
    }),
  ),
  50,
);

/** JSON values allowed by the schema's `anyOf` lists (integer|string|boolean|object|array|number[|null]). */
const nonNullJsonValue = z.union([z.number(), z.string(), z.boolean(), anyObject, z.array(z.unknown())]);

/** definitions: slack-functions.value-template */
const valueTemplateSchema = z.strictObject({
  value: z.union([nonNullJsonValue, z.null()]),
  initial_value: z.union([nonNullJsonValue, z.null()]).optional(),
  locked: z.boolean().optional(),
  hidden: z.boolean().optional(),
});

/** definitions: slack-functions.parameter-value-templates — keys must match "^.+$". */
const parameterValueTemplatesSchema = z.record(z.string().min(1), valueTemplateSchema);

/** definitions: app-manifests.v1.hermes.workflows — keyed by workflow id; at most 50. */
const hermesWorkflowsSchema = maxProperties(
  z.record(
    z.string(),
    z.strictObject({
      title: z.string(),
      description: z.string(),
      input_parameters: hermesTypesSchema.optional(),
      steps: z.array(
        z.strictObject({
          id: z.string(),
          function_id: z.string(),
          inputs: z.record(z.string().min(1), nonNullJsonValue),
        }),
      ),
      suggested_triggers: z
        .array(
          z.strictObject({
            name: z.string().optional(),
            description: z.string().optional(),
            type: z.string(),
            inputs: parameterValueTemplatesSchema,
          }),
        )
        .optional(),
    }),
  ),
  50,
);

/** The JSON schema gives no `additionalProperties` for datastore attributes, so they are loose. */
const datastoreAttributeSchema = z.looseObject({
  type: z.string().min(1),
  items: z.looseObject({ type: z.string().min(1) }).optional(),
  properties: anyObject.optional(),
});

/** definitions: app-manifests.v1.hermes.datastores — at most 10 datastores of at most 100 attributes. */
const hermesDatastoresSchema = maxProperties(
  z.record(
    z.string().min(1),
    z.strictObject({
      primary_key: z.string().min(1),
      attributes: maxProperties(z.record(z.string().min(1), datastoreAttributeSchema), 100),
    }),
  ),
  10,
);

/** definitions: app-manifests.v1.hermes.outgoing_domains */
const outgoingDomainsSchema = uniqueItems(z.array(z.string().regex(DOMAIN).max(50)).min(0).max(10));

/** definitions: app-manifests.v1.hermes.third_party_auth.providers(.oauth2) */
const externalAuthProvidersSchema = z.strictObject({
  oauth2: z
    .record(
      z.string(),
      z.strictObject({
        provider_type: z.enum(['CUSTOM', 'SLACK_PROVIDED']),
        options: z.union([
          z.strictObject({
            client_id: z.string().min(1).max(1024),
            scope: z.array(z.string().regex(OAUTH_SCOPE_TOKEN)),
          }),
          z.strictObject({
            client_id: z.string().min(1).max(1024),
            provider_name: z.string().min(2).max(255),
            authorization_url: z.string().min(5).max(255).regex(HTTPS_URL),
            token_url: z.string().min(5).max(255).regex(HTTPS_URL),
            scope: z.array(z.string()),
            authorization_url_extras: anyObject.optional(),
            identity_config: z.strictObject({
              url: z.string().min(5).max(255).regex(HTTPS_URL),
              account_identifier: z
                .string()
                .min(1)
                .max(255)
                .regex(/^\$\.(.)+/),
              headers: anyObject.optional(),
            }),
          }),
        ]),
      }),
    )
    .optional(),
});

// ---------------------------------------------------------------------------
// Root
// ---------------------------------------------------------------------------

export const slackManifestSchema = z.strictObject({
  $schema: z.url().optional(),
  _metadata: metadataSchema.optional(),
  app_directory: appDirectorySchema.optional(),
  display_information: displayInformationSchema,
  features: featuresSchema.optional(),
  oauth_config: oauthConfigSchema.optional(),
  settings: settingsSchema.optional(),
  functions: hermesFunctionsSchema.optional(),
  workflows: hermesWorkflowsSchema.optional(),
  datastores: hermesDatastoresSchema.optional(),
  outgoing_domains: outgoingDomainsSchema.optional(),
  types: hermesTypesSchema.optional(),
  external_auth_providers: externalAuthProvidersSchema.optional(),
});

export type SlackManifest = z.infer<typeof slackManifestSchema>;
