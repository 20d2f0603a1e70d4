/**
 * Block Kit as real Slack checks it: every rule a payload breaks, as one readable string each, so a
 * loopback stand-in of Slack's Web API can refuse what Slack would refuse (`invalid_blocks`,
 * `msg_blocks_too_long`, `no_text`). Pure: no I/O, and garbage in gives error strings out, never a
 * throw.
 *
 * Locations are 0-based like Slack's own json-pointers (`/blocks/3/elements/1`): "block 3 (actions):
 * element 1 (button): …". Lengths are JavaScript string lengths (UTF-16 code units).
 */

export type Surface = 'message' | 'modal' | 'home';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short, never-throwing description of a value for an error message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The type of a block or element, for its location label. */
const typeOf = (value: unknown): string =>
  isRecord(value) && typeof value.type === 'string'
    ? value.type
    : describe(isRecord(value) ? value.type : value);

// ---------------------------------------------------------------------------------------------
// Primitive field checks, shared by every block and element below.
// ---------------------------------------------------------------------------------------------

interface StringRule {
  max: number;
  min?: number;
  required?: boolean;
}

/** A string field `key` of `owner`: present when required, a string, within its length limits. */
function checkString(owner: Json, key: string, where: string, rule: StringRule, out: string[]): void {
  const value = owner[key];
  if (value === undefined) {
    if (rule.required) out.push(`${where}: ${key} is required`);
    return;
  }
  if (typeof value !== 'string') {
    out.push(`${where}: ${key} is ${describe(value)}, not a string`);
    return;
  }
  if (rule.min !== undefined && value.length < rule.min)
    out.push(`${where}: ${key} is under ${rule.min} character${rule.min === 1 ? '' : 's'} (${value.length})`);
  if (value.length > rule.max) out.push(`${where}: ${key} is over ${rule.max} characters (${value.length})`);
}

function checkBoolean(owner: Json, key: string, where: string, out: string[]): void {
  const value = owner[key];
  if (value !== undefined && typeof value !== 'boolean')
    out.push(`${where}: ${key} is ${describe(value)}, not a boolean`);
}

function checkOneOf(
  owner: Json,
  key: string,
  allowed: readonly string[],
  where: string,
  out: string[],
): void {
  const value = owner[key];
  if (value !== undefined && !(typeof value === 'string' && allowed.includes(value)))
    out.push(`${where}: ${key} is ${describe(value)}; allowed: ${allowed.join(', ')}`);
}

/** An array field: present when required, an array, with a count within limits. Returns the items to check. */
function checkArray(
  owner: Json,
  key: string,
  where: string,
  rule: { min: number; max: number; required?: boolean },
  out: string[],
): unknown[] {
  const value = owner[key];
  if (value === undefined) {
    if (rule.required) out.push(`${where}: ${key} is required`);
    return [];
  }
  if (!Array.isArray(value)) {
    out.push(`${where}: ${key} is ${describe(value)}, not an array`);
    return [];
  }
  if (value.length < rule.min) out.push(`${where}: ${key} has ${value.length} items (min ${rule.min})`);
  if (value.length > rule.max) out.push(`${where}: ${key} has ${value.length} items (max ${rule.max})`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Text objects — https://docs.slack.dev/reference/block-kit/composition-objects/text-object
// `type` is plain_text or mrkdwn; `text` is 1 to 3000 characters (less where the owning field says
// so); `emoji` "is only usable when type is plain_text"; `verbatim` "is only usable when type is
// mrkdwn".
// ---------------------------------------------------------------------------------------------

interface TextRule {
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

const TEXT_OBJECT_MAX = 3000;

function checkText(owner: Json, key: string, where: string, rule: TextRule, out: string[]): void {
  const value = owner[key];
  const at = `${where}: ${key}`;
  if (value === undefined) {
    if (rule.required) out.push(`${at} is required`);
    return;
  }
  checkTextObject(value, at, rule, out);
}

function checkTextObject(value: unknown, at: string, rule: TextRule, out: string[]): void {
  if (!isRecord(value)) {
    out.push(`${at} is ${describe(value)}, not a text object`);
    return;
  }
  const { type, text, emoji, verbatim } = value;
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    out.push(`${at} has type ${describe(type)}; expected plain_text or mrkdwn`);
  } else if (rule.plainOnly && type === 'mrkdwn') {
    out.push(`${at} must be plain_text, not mrkdwn`);
  }
  if (typeof text !== 'string') {
    out.push(`${at} has text ${describe(text)}, not a string`);
  } else {
    if (text.length < 1) out.push(`${at} is empty (min 1 character)`);
    const max = Math.min(rule.max, TEXT_OBJECT_MAX);
    if (text.length > max) out.push(`${at} is over ${max} characters (${text.length})`);
  }
  if (emoji !== undefined) {
    if (type === 'mrkdwn') out.push(`${at} has emoji, which only plain_text allows (not mrkdwn)`);
    else if (typeof emoji !== 'boolean') out.push(`${at} has emoji ${describe(emoji)}, not a boolean`);
  }
  if (verbatim !== undefined) {
    if (type === 'plain_text') out.push(`${at} has verbatim, which only mrkdwn allows (not plain_text)`);
    else if (typeof verbatim !== 'boolean')
      out.push(`${at} has verbatim ${describe(verbatim)}, not a boolean`);
  }
}

// ---------------------------------------------------------------------------------------------
// Confirmation dialog — https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object
// title plain_text ≤ 100, text ≤ 300, confirm and deny plain_text ≤ 30, all four required; style
// primary or danger. (Older docs allowed a mrkdwn `text`; both types are accepted for it.)
// ---------------------------------------------------------------------------------------------

const STYLES = ['primary', 'danger'] as const;

function checkConfirm(owner: Json, where: string, out: string[]): void {
  const confirm = owner.confirm;
  if (confirm === undefined) return;
  const at = `${where}: confirm`;
  if (!isRecord(confirm)) {
    out.push(`${at} is ${describe(confirm)}, not a confirmation dialog object`);
    return;
  }
  checkText(confirm, 'title', at, { max: 100, plainOnly: true, required: true }, out);
  checkText(confirm, 'text', at, { max: 300, required: true }, out);
  checkText(confirm, 'confirm', at, { max: 30, plainOnly: true, required: true }, out);
  checkText(confirm, 'deny', at, { max: 30, plainOnly: true, required: true }, out);
  checkOneOf(confirm, 'style', STYLES, at, out);
}

// ---------------------------------------------------------------------------------------------
// Options and option groups
// https://docs.slack.dev/reference/block-kit/composition-objects/option-object — text ≤ 75
// (plain_text in overflow and select menus, mrkdwn also in radio buttons and checkboxes), value
// ≤ 150 (required), description ≤ 75, url ≤ 3000 "only available in overflow menus".
// https://docs.slack.dev/reference/block-kit/composition-objects/option-group-object — label
// plain_text ≤ 75, options ≤ 100; at most 100 groups.
// ---------------------------------------------------------------------------------------------

interface OptionRule {
  plainOnly: boolean;
  allowUrl: boolean;
}

function checkOption(option: unknown, at: string, rule: OptionRule, out: string[]): void {
  if (!isRecord(option)) {
    out.push(`${at} is ${describe(option)}, not an option object`);
    return;
  }
  checkText(option, 'text', at, { max: 75, plainOnly: rule.plainOnly, required: true }, out);
  checkString(option, 'value', at, { max: 150, required: true }, out);
  checkText(option, 'description', at, { max: 75, plainOnly: rule.plainOnly }, out);
  if (option.url !== undefined && !rule.allowUrl) out.push(`${at}: url is only available in overflow menus`);
  else checkString(option, 'url', at, { max: 3000 }, out);
}

function checkOptions(
  owner: Json,
  where: string,
  count: { min: number; max: number; required?: boolean },
  rule: OptionRule,
  out: string[],
): void {
  checkArray(owner, 'options', where, count, out).forEach((option, i) => {
    checkOption(option, `${where}: options[${i}]`, rule, out);
  });
}

/** static_select and multi_static_select: exactly one of options (≤ 100) or option_groups (≤ 100). */
function checkStaticOptions(element: Json, where: string, out: string[]): void {
  const rule = { plainOnly: true, allowUrl: false };
  const hasOptions = element.options !== undefined;
  const hasGroups = element.option_groups !== undefined;
  if (hasOptions === hasGroups) out.push(`${where}: needs exactly one of options or option_groups`);
  checkOptions(element, where, { min: 1, max: 100 }, rule, out);
  checkArray(element, 'option_groups', where, { min: 1, max: 100 }, out).forEach((group, i) => {
    const at = `${where}: option_groups[${i}]`;
    if (!isRecord(group)) {
      out.push(`${at} is ${describe(group)}, not an option group`);
      return;
    }
    checkText(group, 'label', at, { max: 75, plainOnly: true, required: true }, out);
    checkOptions(group, at, { min: 1, max: 100, required: true }, rule, out);
  });
}

// ---------------------------------------------------------------------------------------------
// Block elements — https://docs.slack.dev/reference/block-kit/block-elements
// action_id ≤ 255, "unique among all other action_ids in the containing block".
// Button — https://docs.slack.dev/reference/block-kit/block-elements/button-element
//   text plain_text ≤ 75, value ≤ 2000, url ≤ 3000, style primary|danger, accessibility_label ≤ 75.
// Select menus — https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element and
//   …/multi-select-menu-element: placeholder plain_text ≤ 150; static options as above.
// Overflow — https://docs.slack.dev/reference/block-kit/block-elements/overflow-menu-element: "up to
//   five option objects" (plain_text; url allowed).
// Checkboxes / radio buttons — …/checkboxes-element, …/radio-button-group-element: "A maximum of 10
//   options are allowed".
// Plain-text input — https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element
//   min_length 0–3000, max_length 1–3000, placeholder plain_text ≤ 150, initial_value within max_length.
// Image element — https://docs.slack.dev/reference/block-kit/block-elements/image-element
//   image_url (≤ 3000) or slack_file, and alt_text.
// ---------------------------------------------------------------------------------------------

const SELECTS = [
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
] as const;
const MULTI_SELECTS = SELECTS.map((type) => `multi_${type}`);

/** Which elements each container accepts (the "Works with blocks" column of the elements reference). */
const ACTIONS_ELEMENTS = new Set<string>([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'overflow',
  'radio_buttons',
  ...SELECTS,
  ...MULTI_SELECTS,
  'timepicker',
  'workflow_button',
  'rich_text_input',
]);
const ACCESSORY_ELEMENTS = new Set<string>([
  'button',
  'checkboxes',
  'datepicker',
  'image',
  'overflow',
  'radio_buttons',
  ...SELECTS,
  ...MULTI_SELECTS,
  'timepicker',
  'workflow_button',
]);
const INPUT_ELEMENTS = new Set<string>([
  'plain_text_input',
  'checkboxes',
  'radio_buttons',
  ...SELECTS,
  ...MULTI_SELECTS,
  'datepicker',
  'datetimepicker',
  'timepicker',
  'email_text_input',
  'url_text_input',
  'number_input',
  'file_input',
  'rich_text_input',
]);

const PLACEHOLDER: TextRule = { max: 150, plainOnly: true };

function checkImageSource(owner: Json, where: string, out: string[]): void {
  if (owner.image_url === undefined && owner.slack_file === undefined)
    out.push(`${where}: needs image_url or slack_file`);
  checkString(owner, 'image_url', where, { max: 3000 }, out);
  if (owner.slack_file !== undefined && !isRecord(owner.slack_file))
    out.push(`${where}: slack_file is ${describe(owner.slack_file)}, not an object`);
}

function checkPlainTextInput(element: Json, where: string, out: string[]): void {
  checkText(element, 'placeholder', where, PLACEHOLDER, out);
  checkBoolean(element, 'multiline', where, out);
  const bound = (key: 'min_length' | 'max_length', low: number): number | undefined => {
    const value = element[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > 3000) {
      out.push(`${where}: ${key} is ${describe(value)}; expected a whole number from ${low} to 3000`);
      return undefined;
    }
    return value;
  };
  const min = bound('min_length', 0);
  const max = bound('max_length', 1);
  if (min !== undefined && max !== undefined && min > max)
    out.push(`${where}: min_length ${min} is over max_length ${max}`);
  checkString(element, 'initial_value', where, { max: max ?? 3000 }, out);
}

/**
 * One element in an actions block, a section accessory or an input block, checked with the rules
 * of its type. Returns its action_id when it has a usable one, for the uniqueness check.
 */
function checkElement(
  element: unknown,
  where: string,
  allowed: ReadonlySet<string>,
  out: string[],
): string | undefined {
  if (!isRecord(element)) {
    out.push(`${where} is ${describe(element)}, not an element object`);
    return undefined;
  }
  const type = element.type;
  if (typeof type !== 'string' || !allowed.has(type)) {
    out.push(`${where}: type ${describe(type)} is not allowed here`);
    return undefined;
  }
  checkString(element, 'action_id', where, { max: 255 }, out);
  checkConfirm(element, where, out);
  checkBoolean(element, 'focus_on_load', where, out);

  switch (type) {
    case 'button':
      checkText(element, 'text', where, { max: 75, plainOnly: true, required: true }, out);
      checkString(element, 'value', where, { max: 2000 }, out);
      checkString(element, 'url', where, { max: 3000 }, out);
      checkOneOf(element, 'style', STYLES, where, out);
      checkString(element, 'accessibility_label', where, { max: 75 }, out);
      break;
    case 'workflow_button':
      checkText(element, 'text', where, { max: 75, plainOnly: true, required: true }, out);
      checkOneOf(element, 'style', STYLES, where, out);
      break;
    case 'overflow':
      checkOptions(
        element,
        where,
        { min: 1, max: 5, required: true },
        { plainOnly: true, allowUrl: true },
        out,
      );
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(
        element,
        where,
        { min: 1, max: 10, required: true },
        { plainOnly: false, allowUrl: false },
        out,
      );
      break;
    case 'static_select':
    case 'multi_static_select':
      checkText(element, 'placeholder', where, PLACEHOLDER, out);
      checkStaticOptions(element, where, out);
      checkInitialOptions(element, where, type === 'multi_static_select', out);
      break;
    case 'plain_text_input':
      checkPlainTextInput(element, where, out);
      break;
    case 'number_input':
      checkText(element, 'placeholder', where, PLACEHOLDER, out);
      if (typeof element.is_decimal_allowed !== 'boolean')
        out.push(`${where}: is_decimal_allowed is required (a boolean)`);
      break;
    case 'timepicker':
      // …/time-picker-element: initial_time "in the format HH:mm, where HH is the 24-hour format of an
      // hour (00 to 23) and mm is minutes with leading zeros (00 to 59)"; timezone an IANA name.
      checkText(element, 'placeholder', where, PLACEHOLDER, out);
      if (
        element.initial_time !== undefined &&
        !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(element.initial_time))
      )
        out.push(`${where}: initial_time ${describe(element.initial_time)} is not HH:mm (00:00 to 23:59)`);
      checkString(element, 'timezone', where, { max: 100 }, out);
      break;
    case 'datepicker':
      // …/date-picker-element: initial_date "in the format YYYY-MM-DD".
      checkText(element, 'placeholder', where, PLACEHOLDER, out);
      if (element.initial_date !== undefined && !isCalendarDate(element.initial_date))
        out.push(`${where}: initial_date ${describe(element.initial_date)} is not a date YYYY-MM-DD`);
      break;
    case 'image':
      checkImageSource(element, where, out);
      checkString(element, 'alt_text', where, { min: 1, max: 2000, required: true }, out);
      break;
    default:
      // The other selects, pickers and inputs: a placeholder is their only text.
      checkText(element, 'placeholder', where, PLACEHOLDER, out);
  }
  return typeof element.action_id === 'string' ? element.action_id : undefined;
}

/**
 * What a static select starts with, and how many a multi-select takes
 * (docs.slack.dev/reference/block-kit/block-elements/select-menu-element and …/multi-select-menu-element):
 * static_select's initial_option is "a single option that exactly matches one of the options within
 * options or option_groups"; multi_static_select's initial_options are "an array of option objects
 * that exactly match one or more of the options", and its max_selected_items "Specifies the maximum
 * number of items that can be selected in the menu. Minimum number is 1."
 */
function checkInitialOptions(element: Json, where: string, multi: boolean, out: string[]): void {
  const all = [
    ...(Array.isArray(element.options) ? element.options : []),
    ...(Array.isArray(element.option_groups)
      ? element.option_groups.flatMap((group) =>
          isRecord(group) && Array.isArray(group.options) ? group.options : [],
        )
      : []),
  ].map((option) => JSON.stringify(option));
  const matches = (option: unknown) => all.includes(JSON.stringify(option));
  if (multi) {
    if (element.initial_option !== undefined)
      out.push(`${where}: initial_option is for static_select; a multi-select takes initial_options`);
    if (element.initial_options !== undefined) {
      if (!Array.isArray(element.initial_options) || element.initial_options.length === 0)
        out.push(`${where}: initial_options must be a non-empty array of options`);
      else
        element.initial_options.forEach((option, i) => {
          if (!matches(option))
            out.push(`${where}: initial_options[${i}] does not exactly match one of the options`);
        });
    }
    const max = element.max_selected_items;
    if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1))
      out.push(`${where}: max_selected_items is ${describe(max)}; the minimum number is 1`);
  } else {
    if (element.initial_options !== undefined || element.max_selected_items !== undefined)
      out.push(`${where}: initial_options and max_selected_items are for multi-selects`);
    if (element.initial_option !== undefined && !matches(element.initial_option))
      out.push(`${where}: initial_option does not exactly match one of the options`);
  }
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** action_ids must be unique within their containing block (not across blocks). */
function checkUniqueActionIds(ids: readonly (string | undefined)[], at: string, out: string[]): void {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (id === undefined) continue;
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  for (const id of repeated) out.push(`${at}: action_id ${id} repeated in its block`);
}

// ---------------------------------------------------------------------------------------------
// Blocks — https://docs.slack.dev/reference/block-kit/blocks
// "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs"
// (also https://docs.slack.dev/block-kit). block_id ≤ 255, "unique for each message and each
// iteration of a message" (unique among the blocks of one message or view).
// ---------------------------------------------------------------------------------------------

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
const SURFACE_NAME: Record<Surface, string> = { message: 'a message', modal: 'a modal', home: 'a Home tab' };

type BlockCheck = (block: Json, at: string, surface: Surface, out: string[]) => void;

const blockChecks: Record<string, BlockCheck> = {
  // https://docs.slack.dev/reference/block-kit/blocks/section-block
  // text 1–3000, or fields (≤ 10 items, each ≤ 2000): one of the two is required; accessory is
  // one of the compatible elements.
  section(block, at, _surface, out) {
    const hasText = block.text !== undefined;
    const fields = checkArray(block, 'fields', at, { min: 1, max: 10 }, out);
    if (!hasText && fields.length === 0) out.push(`${at}: needs text or fields`);
    checkText(block, 'text', at, { max: 3000 }, out);
    fields.forEach((field, i) => {
      checkTextObject(field, `${at}: fields[${i}]`, { max: 2000 }, out);
    });
    if (block.accessory !== undefined) {
      const where = `${at}: accessory (${typeOf(block.accessory)})`;
      checkElement(block.accessory, where, ACCESSORY_ELEMENTS, out);
    }
    checkBoolean(block, 'expand', at, out);
  },

  // https://docs.slack.dev/reference/block-kit/blocks/header-block — text plain_text ≤ 150.
  header(block, at, _surface, out) {
    checkText(block, 'text', at, { max: 150, plainOnly: true, required: true }, out);
  },

  // https://docs.slack.dev/reference/block-kit/blocks/context-block — elements: image elements and
  // text objects, "Maximum number of items is 10" (and at least one).
  context(block, at, _surface, out) {
    checkArray(block, 'elements', at, { min: 1, max: 10, required: true }, out).forEach((element, i) => {
      const where = `${at}: element ${i} (${typeOf(element)})`;
      const type = isRecord(element) ? element.type : undefined;
      if (isRecord(element) && type === 'image') {
        checkImageSource(element, where, out);
        checkString(element, 'alt_text', where, { min: 1, max: 2000, required: true }, out);
      } else if (type === 'plain_text' || type === 'mrkdwn') {
        checkTextObject(element, where, { max: TEXT_OBJECT_MAX }, out);
      } else {
        out.push(`${where}: only text objects and image elements are allowed here`);
      }
    });
  },

  // https://docs.slack.dev/reference/block-kit/blocks/divider-block — nothing but type and block_id.
  divider() {},

  // https://docs.slack.dev/reference/block-kit/blocks/actions-block — 1 to 25 interactive elements.
  actions(block, at, _surface, out) {
    const elements = checkArray(block, 'elements', at, { min: 1, max: 25, required: true }, out);
    const ids = elements.map((element, i) =>
      checkElement(element, `${at}: element ${i} (${typeOf(element)})`, ACTIONS_ELEMENTS, out),
    );
    checkUniqueActionIds(ids, at, out);
  },

  // https://docs.slack.dev/reference/block-kit/blocks/input-block — label plain_text ≤ 2000, hint
  // plain_text ≤ 2000, element required. "Read our guides to collecting input in modals or in Home
  // tabs": refused in messages (chat.postMessage answers invalid_blocks, slackapi/python-slack-sdk#1257).
  input(block, at, surface, out) {
    if (surface === 'message') out.push(`${at}: input blocks are only allowed in modals and Home tabs`);
    checkText(block, 'label', at, { max: 2000, plainOnly: true, required: true }, out);
    checkText(block, 'hint', at, { max: 2000, plainOnly: true }, out);
    if (block.element === undefined) out.push(`${at}: element is required`);
    else checkElement(block.element, `${at}: element (${typeOf(block.element)})`, INPUT_ELEMENTS, out);
    checkBoolean(block, 'optional', at, out);
    checkBoolean(block, 'dispatch_action', at, out);
  },

  // https://docs.slack.dev/reference/block-kit/blocks/image-block — image_url ≤ 3000 or slack_file,
  // alt_text ≤ 2000 (required), title plain_text ≤ 2000.
  image(block, at, _surface, out) {
    checkImageSource(block, at, out);
    checkString(block, 'alt_text', at, { min: 1, max: 2000, required: true }, out);
    checkText(block, 'title', at, { max: 2000, plainOnly: true }, out);
  },

  // https://docs.slack.dev/reference/block-kit/blocks/rich-text-block — an array of rich text
  // elements (their inner structure is not checked here).
  rich_text(block, at, _surface, out) {
    checkArray(block, 'elements', at, { min: 1, max: Number.POSITIVE_INFINITY, required: true }, out);
  },

  // https://docs.slack.dev/reference/block-kit/blocks/markdown-block — text, standard markdown,
  // "The cumulative limit for all markdown blocks in a single payload is 12,000 characters".
  markdown(block, at, _surface, out) {
    checkString(block, 'text', at, { min: 1, max: 12_000, required: true }, out);
  },
};

/** Every Block Kit rule the blocks break on that surface, one readable string each ("block 3 (actions): action_id star_rate repeated in its block"); [] when Slack would accept them. */
export function blockErrors(blocks: unknown, surface: Surface): string[] {
  if (!Array.isArray(blocks)) return [`blocks is ${describe(blocks)}, not an array`];
  const out: string[] = [];
  const max = MAX_BLOCKS[surface] ?? MAX_BLOCKS.message;
  if (blocks.length > max) out.push(`${blocks.length} blocks in ${SURFACE_NAME[surface]} (max ${max})`);

  const blockIds = new Map<string, number>();
  blocks.forEach((block, i) => {
    if (!isRecord(block)) {
      out.push(`block ${i}: ${describe(block)}, not a block object`);
      return;
    }
    const at = `block ${i} (${typeOf(block)})`;
    const check =
      typeof block.type === 'string' && Object.hasOwn(blockChecks, block.type)
        ? blockChecks[block.type]
        : undefined;
    if (check) check(block, at, surface, out);
    else out.push(`${at}: unknown block type`);
    checkString(block, 'block_id', at, { max: 255 }, out);
    if (typeof block.block_id === 'string') {
      const first = blockIds.get(block.block_id);
      if (first === undefined) blockIds.set(block.block_id, i);
      else out.push(`${at}: block_id ${block.block_id} repeated (first in block ${first})`);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Views — https://docs.slack.dev/reference/views/modal-views and …/home-tab-views
// Modal: title plain_text ≤ 24 (required), close and submit plain_text ≤ 24, "submit is required
// when an input block is within the blocks array", private_metadata ≤ 3000, callback_id ≤ 255,
// external_id (≤ 255, as the node SDK types and Slack's view fields state), blocks ≤ 100.
// ---------------------------------------------------------------------------------------------

/** A view for views.open / views.update / views.push (modal) or views.publish (home): the view-level rules plus blockErrors. */
export function viewErrors(view: unknown): string[] {
  if (!isRecord(view)) return [`view is ${describe(view)}, not a view object`];
  const out: string[] = [];
  const at = 'view';
  const surface: Surface = view.type === 'home' ? 'home' : 'modal';
  if (view.type !== 'modal' && view.type !== 'home')
    out.push(`${at}: type is ${describe(view.type)}; expected modal or home`);

  if (surface === 'modal') {
    checkText(view, 'title', at, { max: 24, plainOnly: true, required: true }, out);
    checkText(view, 'close', at, { max: 24, plainOnly: true }, out);
    checkText(view, 'submit', at, { max: 24, plainOnly: true }, out);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      out.push(`${at}: submit is required when a modal has an input block`);
    checkBoolean(view, 'clear_on_close', at, out);
    checkBoolean(view, 'notify_on_close', at, out);
  }
  checkString(view, 'callback_id', at, { max: 255 }, out);
  checkString(view, 'private_metadata', at, { max: 3000 }, out);
  checkString(view, 'external_id', at, { max: 255 }, out);

  if (view.blocks === undefined) out.push(`${at}: blocks is required`);
  else out.push(...blockErrors(view.blocks, surface));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Messages — https://docs.slack.dev/reference/methods/chat.postMessage (errors no_text,
// invalid_blocks, msg_blocks_too_long). The cumulative text limit is not documented: Slack staff
// put it at "12,000 text characters with a buffer for block containers" (slackapi/bolt-js#2509),
// and it is enforced by chat.postMessage but not on response_url posts (slackapi/bolt-js#2867).
// ---------------------------------------------------------------------------------------------

const MESSAGE_TEXT_MAX = 12_000;

/** Total characters of every text string inside the blocks (text objects of sections, fields, headers, context elements, button labels, …). */
export function blockTextLength(blocks: unknown): number {
  const seen = new WeakSet<object>();
  const walk = (value: unknown): number => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return 0;
    seen.add(value);
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + walk(item), 0);
    let sum = 0;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'text' && typeof child === 'string') sum += child.length;
      else sum += walk(child);
    }
    return sum;
  };
  return walk(blocks);
}

/** A message for chat.postMessage / chat.postEphemeral / chat.update ('chat') or a response_url post ('response_url'):
 *  returns undefined when Slack accepts it, else Slack's error code and the details:
 *  - 'no_text' when there is neither non-empty text nor blocks,
 *  - 'invalid_blocks' when blockErrors is not empty,
 *  - 'msg_blocks_too_long' (only for 'chat') when the total characters of all text in the blocks exceeds 12,000 although each block is within its own limits. */
export function messageErrors(
  message: { text?: unknown; blocks?: unknown },
  via: 'chat' | 'response_url',
): { error: string; details: string[] } | undefined {
  const { text, blocks } = isRecord(message) ? message : { text: undefined, blocks: undefined };
  const hasText = typeof text === 'string' && text.length > 0;
  const blocksGiven = blocks !== undefined && blocks !== null;
  const hasBlocks = blocksGiven && !(Array.isArray(blocks) && blocks.length === 0);
  if (!hasText && !hasBlocks)
    return { error: 'no_text', details: ['the message has neither text nor blocks'] };
  if (!blocksGiven) return undefined;

  const details = blockErrors(blocks, 'message');
  if (details.length > 0) return { error: 'invalid_blocks', details };
  if (via === 'chat') {
    const length = blockTextLength(blocks);
    if (length > MESSAGE_TEXT_MAX)
      return {
        error: 'msg_blocks_too_long',
        details: [`the blocks hold ${length} characters of text (max ${MESSAGE_TEXT_MAX} in all)`],
      };
  }
  return undefined;
}
