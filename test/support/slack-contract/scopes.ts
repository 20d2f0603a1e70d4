import type { ConversationType } from './conversations.js';

/**
 * The bot scopes each Web API method needs, from the method pages of Slack's reference
 * (docs.slack.dev/reference/methods/<method>, "Required scopes"). A method whose scope depends on
 * the kind of conversation names one scope per kind. A method missing from this table answers
 * `unknown_method`, so a method the app starts to use must be taught here first.
 */
type Needs = { readonly kind: 'none' } | { readonly kind: 'any'; readonly scopes: readonly string[] };
type ByConversation = { readonly kind: 'conversation'; readonly scopes: Record<ConversationType, string> };

const none: Needs = { kind: 'none' };
const any = (...scopes: string[]): Needs => ({ kind: 'any', scopes });

export const methodScopes: Record<string, Needs | ByConversation> = {
  'auth.test': none,
  'oauth.v2.access': none,
  'apps.connections.open': none,
  'chat.postMessage': any('chat:write'),
  'chat.postEphemeral': any('chat:write'),
  'chat.update': any('chat:write'),
  'chat.delete': any('chat:write'),
  'chat.getPermalink': none,
  'conversations.info': {
    kind: 'conversation',
    scopes: { public: 'channels:read', private: 'groups:read', im: 'im:read', mpim: 'mpim:read' },
  },
  'conversations.history': {
    kind: 'conversation',
    scopes: { public: 'channels:history', private: 'groups:history', im: 'im:history', mpim: 'mpim:history' },
  },
  'conversations.join': any('channels:join'),
  'conversations.open': any('im:write', 'mpim:write'),
  'users.info': any('users:read'),
  'views.open': none,
  'views.push': none,
  'views.update': none,
  'views.publish': none,
  'files.getUploadURLExternal': any('files:write'),
  'files.completeUploadExternal': any('files:write'),
};

/**
 * The scope a call lacks, or undefined when the granted scopes allow it. `conversation` is the kind
 * of conversation the call is about, for methods whose scope depends on it.
 */
export function missingScope(
  method: string,
  granted: ReadonlySet<string>,
  conversation?: ConversationType,
): string | undefined {
  const needs = methodScopes[method];
  if (!needs || needs.kind === 'none') return undefined;
  if (needs.kind === 'conversation') {
    if (!conversation) return undefined;
    const scope = needs.scopes[conversation];
    return granted.has(scope) ? undefined : scope;
  }
  return needs.scopes.some((scope) => granted.has(scope)) ? undefined : needs.scopes.join(',');
}
