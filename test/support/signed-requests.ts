import { createHmac } from 'node:crypto';
import { newTriggerId } from './slack-contract/interactivity.js';

/** The clicked button, as a block_actions payload names it. */
export function buttonAction(button: { action_id: string; block_id: string; value?: string }) {
  return {
    type: 'button',
    action_id: button.action_id,
    block_id: button.block_id,
    value: button.value,
    text: { type: 'plain_text', text: 'x' },
    action_ts: '1700000000.1',
  };
}

/**
 * Requests as Slack sends them, signed as Slack signs them:
 * x-slack-signature = v0= + hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw body)).
 */

export const signingSecret = 'test-signing-secret';

export type SignOptions = {
  secret?: string;
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
};

export function signatureFor(body: string, secret: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export type SlackReply = { status: number; text: string; json: () => Record<string, unknown> };

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SignOptions = {},
): Promise<SlackReply> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature':
        options.signature ?? signatureFor(body, options.secret ?? signingSecret, timestamp),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

export type Actor = {
  teamId?: string;
  userId?: string;
  channelId?: string;
  enterpriseId?: string;
  /** The interaction's trigger_id (default: a fresh one, good for 3 seconds and one view). */
  triggerId?: string;
  /** The conversation's name as Slack sends it: 'directmessage' in a DM, 'mpdm-…' in a group DM. */
  channelName?: string;
};

const actor = (who: Actor) => ({
  teamId: who.teamId ?? 'T1',
  userId: who.userId ?? 'U1',
  channelId: who.channelId ?? 'C1',
});

/** A `/star` slash command, form-encoded. */
export function slashCommand(text: string, responseUrl: string, who: Actor = {}): string {
  const a = actor(who);
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: a.teamId,
    team_domain: 'example',
    channel_id: a.channelId,
    channel_name: who.channelName ?? (a.channelId.startsWith('D') ? 'directmessage' : 'interview-prep'),
    user_id: a.userId,
    user_name: 'tester',
    command: '/star',
    text,
    api_app_id: 'A1',
    is_enterprise_install: who.enterpriseId ? 'true' : 'false',
    ...(who.enterpriseId ? { enterprise_id: who.enterpriseId } : {}),
    response_url: responseUrl,
    trigger_id: who.triggerId ?? newTriggerId(),
  }).toString();
}

function interaction(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A click on a button of a message (ephemeral unless said otherwise). */
export function buttonClick(
  button: { action_id: string; value: string; block_id?: string },
  responseUrl: string,
  who: Actor & { ephemeral?: boolean; messageTs?: string } = {},
): string {
  const a = actor(who);
  const ephemeral = who.ephemeral ?? true;
  return interaction({
    type: 'block_actions',
    user: { id: a.userId, username: 'tester', team_id: a.teamId },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: who.messageTs ?? '1700000000.000100',
      channel_id: a.channelId,
      is_ephemeral: ephemeral,
    },
    trigger_id: who.triggerId ?? newTriggerId(),
    team: { id: a.teamId, domain: 'example' },
    channel: {
      id: a.channelId,
      name: who.channelName ?? (a.channelId.startsWith('D') ? 'directmessage' : 'interview-prep'),
    },
    ...(ephemeral
      ? {}
      : { message: { type: 'message', ts: who.messageTs ?? '1700000000.000100', text: 'x' } }),
    response_url: responseUrl,
    actions: [buttonAction({ ...button, block_id: button.block_id ?? 'card' })],
  });
}

/**
 * A click on a button of the App Home tab, as Slack sends it: its container is the Home view, and
 * there is no channel, no message and no response_url (the app can answer only with a view, through
 * the trigger_id).
 */
export function homeButtonClick(
  button: { action_id: string; value: string; block_id: string },
  who: Actor = {},
): string {
  const a = actor(who);
  return interaction({
    type: 'block_actions',
    user: { id: a.userId, username: 'tester', name: 'tester', team_id: a.teamId },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'VHOME1' },
    trigger_id: who.triggerId ?? newTriggerId(),
    team: { id: a.teamId, domain: 'example' },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: 'VHOME1',
      team_id: a.teamId,
      type: 'home',
      blocks: [],
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash: 'h',
      app_id: 'A1',
      bot_id: 'BBOT',
    },
    actions: [buttonAction(button)],
  });
}

/** A view_submission of a modal with plain text inputs (`values[block_id] = text`). */
export function viewSubmission(
  view: { callback_id: string; private_metadata: string },
  values: Record<string, string | null>,
  who: Actor = {},
): string {
  return viewSubmissionWith(view, {}, values, who);
}

/** An Events API callback (JSON), as Slack sends message and reaction events. */
export function eventCallback(
  event: Record<string, unknown>,
  options: { teamId?: string; eventId?: string } = {},
): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: options.teamId ?? 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${Math.random().toString(36).slice(2, 10)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: options.teamId ?? 'T1', user_id: 'UBOT', is_bot: true }],
    event,
  });
}

/** A message shortcut ("Review STAR answer") on a message. */
export function messageShortcut(
  callbackId: string,
  target: { channelId: string; ts: string; authorId: string; text?: string },
  responseUrl: string,
  who: Actor = {},
): string {
  const a = actor(who);
  return interaction({
    type: 'message_action',
    callback_id: callbackId,
    trigger_id: who.triggerId ?? newTriggerId(),
    response_url: responseUrl,
    action_ts: '1700000000.2',
    team: { id: a.teamId, domain: 'example' },
    user: { id: a.userId, username: 'tester', team_id: a.teamId },
    channel: { id: target.channelId, name: 'interview-prep' },
    message: { type: 'message', ts: target.ts, user: target.authorId, text: target.text ?? 'an answer' },
    message_ts: target.ts,
    token: 'legacy-verification-token',
  });
}

/** A view_submission of a modal whose inputs are static selects (`selects`) and text inputs (`texts`). */
export function viewSubmissionWith(
  view: { callback_id: string; private_metadata: string },
  selects: Record<string, string | null>,
  texts: Record<string, string | null>,
  who: Actor = {},
): string {
  const values: Record<string, Record<string, unknown>> = {};
  for (const [id, value] of Object.entries(selects)) {
    values[id] = {
      [id]: {
        type: 'static_select',
        selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value },
      },
    };
  }
  for (const [id, value] of Object.entries(texts)) values[id] = { [id]: { type: 'plain_text_input', value } };
  return viewSubmissionOfState(view, values, who);
}

/**
 * A view_submission with the modal's state as Slack sends it: `values[block_id][action_id]` is the
 * element's state (`{ type: 'checkboxes', selected_options: [...] }`, …).
 */
export function viewSubmissionOfState(
  view: { callback_id: string; private_metadata?: string },
  values: Record<string, Record<string, unknown>>,
  who: Actor = {},
  /** A window pushed over another: its own id, and the first window's (Slack's root_view_id, previous_view_id). */
  stack: { viewId?: string; rootViewId?: string } = {},
): string {
  const a = actor(who);
  return interaction({
    type: 'view_submission',
    team: { id: a.teamId, domain: 'example' },
    user: { id: a.userId, username: 'tester', team_id: a.teamId },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: who.triggerId ?? newTriggerId(),
    view: {
      id: stack.viewId ?? 'V2',
      type: 'modal',
      team_id: a.teamId,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata ?? '',
      state: { values },
      hash: 'h',
      ...(stack.rootViewId ? { root_view_id: stack.rootViewId, previous_view_id: stack.rootViewId } : {}),
    },
  });
}

/**
 * A click on a button inside a modal, as Slack sends it: its container is the view, and there is no
 * channel, no message and no response_url; `view` is the window it was in (with the first window's
 * id when it was pushed over another).
 */
export function modalButtonClick(
  button: { action_id: string; value: string; block_id: string },
  view: { id: string; callbackId: string; privateMetadata?: string; rootViewId?: string },
  who: Actor = {},
): string {
  const a = actor(who);
  return interaction({
    type: 'block_actions',
    user: { id: a.userId, username: 'tester', name: 'tester', team_id: a.teamId },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: view.id },
    trigger_id: who.triggerId ?? newTriggerId(),
    team: { id: a.teamId, domain: 'example' },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: view.id,
      team_id: a.teamId,
      type: 'modal',
      blocks: [],
      private_metadata: view.privateMetadata ?? '',
      callback_id: view.callbackId,
      state: { values: {} },
      hash: 'h',
      app_id: 'A1',
      bot_id: 'BBOT',
      root_view_id: view.rootViewId ?? view.id,
    },
    actions: [buttonAction(button)],
  });
}
