import type { ConversationType } from './conversations.js';

/**
 * Which events Slack sends an app (the Events API guide, and each event's page under
 * docs.slack.dev/reference/events/<event>, "Required scopes"):
 * - only the events it subscribes to (manifest.yml, `settings.event_subscriptions.bot_events`);
 * - only with the scope the event needs, for events in a conversation the scope of that kind of
 *   conversation (`member_joined_channel`: "if your bot or app has the channels:read scope, it will
 *   receive events for public channels. If it has groups:read, it will receive events for private
 *   channels");
 * - for events in a conversation, only from conversations the bot is a member of ("This event
 *   requires membership in the conversation"; `app_mention`: "If your app is mentioned but not part
 *   of a conversation (and not invited to join), you won't receive an event").
 * Subscriptions are named as the manifest names them: `message.channels`, not `message`.
 */

type Needs =
  | { readonly kind: 'none' }
  | { readonly kind: 'any'; readonly scopes: readonly string[] }
  | { readonly kind: 'conversation'; readonly scopes: Partial<Record<ConversationType, string>> };

const none: Needs = { kind: 'none' };
const any = (...scopes: string[]): Needs => ({ kind: 'any', scopes });
const byConversation = (scopes: Partial<Record<ConversationType, string>>): Needs => ({
  kind: 'conversation',
  scopes,
});

const channelMembership = byConversation({
  public: 'channels:read',
  private: 'groups:read',
  mpim: 'mpim:read',
});

/** Each bot event subscription: the scope it needs, and whether it comes only from conversations the bot is in. */
const eventRules: Record<string, { readonly needs: Needs; readonly memberOnly: boolean }> = {
  app_home_opened: { needs: none, memberOnly: false },
  app_uninstalled: { needs: none, memberOnly: false },
  tokens_revoked: { needs: none, memberOnly: false },
  app_mention: { needs: any('app_mentions:read'), memberOnly: true },
  'message.channels': { needs: any('channels:history'), memberOnly: true },
  'message.groups': { needs: any('groups:history'), memberOnly: true },
  'message.im': { needs: any('im:history'), memberOnly: true },
  'message.mpim': { needs: any('mpim:history'), memberOnly: true },
  reaction_added: { needs: any('reactions:read'), memberOnly: true },
  reaction_removed: { needs: any('reactions:read'), memberOnly: true },
  member_joined_channel: { needs: channelMembership, memberOnly: true },
  member_left_channel: { needs: channelMembership, memberOnly: true },
  channel_left: { needs: any('channels:read'), memberOnly: false },
  group_left: { needs: any('groups:read'), memberOnly: false },
};

/** The scopes a subscription can be granted with (any one of them), whatever the conversation. */
function anyScopes(needs: Needs): readonly string[] {
  if (needs.kind === 'none') return [];
  return needs.kind === 'any' ? needs.scopes : Object.values(needs.scopes);
}

/**
 * Why Slack would not send the app the event `subscription` (in a conversation of kind
 * `conversation`, where the bot is a member or not), or undefined when it would.
 */
export function undeliverable(input: {
  subscription: string;
  subscribed: readonly string[];
  granted: ReadonlySet<string>;
  conversation?: ConversationType;
  botMember?: boolean;
}): string | undefined {
  const rule = eventRules[input.subscription];
  if (!rule) return `${input.subscription}: an event this contract was never taught`;
  if (!input.subscribed.includes(input.subscription))
    return `${input.subscription}: the app does not subscribe to it (manifest.yml bot_events)`;
  const { needs } = rule;
  if (needs.kind === 'conversation' && input.conversation !== undefined) {
    const scope = needs.scopes[input.conversation];
    if (!scope) return `${input.subscription}: never sent for a ${input.conversation} conversation`;
    if (!input.granted.has(scope)) return `${input.subscription}: needs ${scope}`;
  } else {
    const scopes = anyScopes(needs);
    if (scopes.length > 0 && !scopes.some((scope) => input.granted.has(scope)))
      return `${input.subscription}: needs ${scopes.join(' or ')}`;
  }
  if (rule.memberOnly && input.botMember === false)
    return `${input.subscription}: the bot is not a member of the conversation`;
  return undefined;
}

/** Subscriptions in a manifest that its bot scopes can never bring (Slack would send none of them). */
export function unsatisfiedSubscriptions(subscribed: readonly string[], scopes: readonly string[]): string[] {
  const granted = new Set(scopes);
  return subscribed.filter((subscription) => {
    const rule = eventRules[subscription];
    if (!rule) return true;
    const needed = anyScopes(rule.needs);
    return needed.length > 0 && !needed.some((scope) => granted.has(scope));
  });
}
