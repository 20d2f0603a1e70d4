/**
 * Conversations as Slack has them, for the stand-in (docs.slack.dev/reference/objects/conversation-object
 * and the errors of chat.postMessage, conversations.join, conversations.info, conversations.history):
 * - a public channel (`C…`): the bot is not in it until it joins; `chat:write.public` lets it post
 *   there anyway, but it reads nothing from it;
 * - a private channel: the bot is in it only when invited; elsewhere it does not exist for the bot
 *   (`channel_not_found`), and it cannot be joined (`method_not_supported_for_channel_type`);
 * - a DM between people (`D…`) or a group DM: the bot is never a member and can never join;
 * - the app's own DM with a user: opened with conversations.open, or by posting to a user id;
 * - an archived channel: `is_archived` for posts and joins.
 * Ids nobody declared are read by their first letter: `C` a public channel the bot is not in,
 * `G` a private channel the bot is not in, `D` a DM between people.
 */

export type ConversationType = 'public' | 'private' | 'im' | 'mpim';

export type Conversation = {
  readonly id: string;
  type: ConversationType;
  /** The bot is a member (an app DM always; a channel once joined or invited). */
  botMember: boolean;
  archived: boolean;
  /** For the app's own DM: the user it is with. */
  appDmWith?: string;
  /** For a group DM the app opened: the people in it (besides the bot). */
  members?: readonly string[];
};

export type ConversationSetup = Partial<Pick<Conversation, 'type' | 'botMember' | 'archived'>>;

export type Resolved =
  | { readonly ok: true; readonly conversation: Conversation }
  | { readonly ok: false; readonly error: string };

const isUserId = (id: string) => /^[UW][A-Z0-9]+$/.test(id);

export function createConversations() {
  const known = new Map<string, Conversation>();

  const byId = (id: string): Conversation | undefined => {
    const found = known.get(id);
    if (found) return found;
    const type: ConversationType | undefined = id.startsWith('C')
      ? 'public'
      : id.startsWith('G')
        ? 'private'
        : id.startsWith('D')
          ? 'im'
          : undefined;
    if (!type) return undefined;
    const made: Conversation = { id, type, botMember: false, archived: false };
    known.set(id, made);
    return made;
  };

  /** The app's DM with a user, opened on first use (conversations.open, or a post to a user id). */
  const appDm = (userId: string): Conversation => {
    for (const c of known.values()) if (c.appDmWith === userId) return c;
    const dm: Conversation = {
      id: `D${userId}`,
      type: 'im',
      botMember: true,
      archived: false,
      appDmWith: userId,
    };
    known.set(dm.id, dm);
    return dm;
  };

  /** A group DM of these users and the bot (opened with conversations.open): the same one for the same people. */
  const groupDm = (userIds: readonly string[]): Conversation => {
    const id = `GM${[...userIds].sort().join('')}`.slice(0, 40);
    const existing = known.get(id);
    if (existing) return existing;
    const made: Conversation = { id, type: 'mpim', botMember: true, archived: false, members: [...userIds] };
    known.set(id, made);
    return made;
  };

  return {
    /** Declares a conversation as a test needs it (a private channel the bot was invited to, …). */
    declare(id: string, setup: ConversationSetup): Conversation {
      const conversation = byId(id) ?? { id, type: 'public', botMember: false, archived: false };
      Object.assign(conversation, setup);
      known.set(id, conversation);
      return conversation;
    },
    appDm,
    groupDm,
    /** A conversation id as a method taking a conversation reads it (never a user id). */
    conversation(id: string): Resolved {
      const conversation = byId(id);
      if (!conversation) return { ok: false, error: 'channel_not_found' };
      // The bot cannot see into a private channel or someone else's DM it is not part of.
      if (!conversation.botMember && conversation.type !== 'public')
        return { ok: false, error: 'channel_not_found' };
      return { ok: true, conversation };
    },
    /** Where chat.postMessage / chat.postEphemeral would post: a user id means the app's DM with them. */
    postTarget(channel: string, canPostPublic: boolean): Resolved {
      if (isUserId(channel)) return { ok: true, conversation: appDm(channel) };
      const resolved = this.conversation(channel);
      if (!resolved.ok) return resolved;
      const { conversation } = resolved;
      if (conversation.archived) return { ok: false, error: 'is_archived' };
      if (!conversation.botMember && !canPostPublic) return { ok: false, error: 'not_in_channel' };
      return resolved;
    },
    join(id: string): Resolved {
      const conversation = byId(id);
      if (!conversation) return { ok: false, error: 'channel_not_found' };
      // Private channels take an invitation; DMs and group DMs are never joined.
      if (conversation.type !== 'public')
        return { ok: false, error: 'method_not_supported_for_channel_type' };
      if (conversation.archived) return { ok: false, error: 'is_archived' };
      conversation.botMember = true;
      return { ok: true, conversation };
    },
    /** The bot leaves (or is removed from) a channel. */
    leave(id: string): void {
      const conversation = byId(id);
      if (conversation) conversation.botMember = false;
    },
    /** The kind of conversation an id names, for scope checks (undefined for a user id or garbage). */
    typeOf(id: string): ConversationType | undefined {
      return isUserId(id) ? undefined : byId(id)?.type;
    },
    info(conversation: Conversation) {
      return {
        id: conversation.id,
        is_channel: conversation.type === 'public' || conversation.type === 'private',
        is_group: false,
        is_im: conversation.type === 'im',
        is_mpim: conversation.type === 'mpim',
        is_private: conversation.type !== 'public',
        is_archived: conversation.archived,
        is_member: conversation.botMember,
        ...(conversation.appDmWith ? { user: conversation.appDmWith } : {}),
      };
    },
  };
}
