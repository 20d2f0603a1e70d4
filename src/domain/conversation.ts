/**
 * Where a request came from, and what can be done there. Slack tells us the conversation's id and,
 * with slash commands and clicks, its name: a DM between people (`D…`, named "directmessage") and a
 * group DM (named "mpdm-…") are never joinable by a bot, so nothing can be posted there for the
 * team to answer; only channels (public, or private with the bot invited) take shared questions and
 * answers. One rule, used by every listener.
 */
export type ConversationKind = 'channel' | 'dm' | 'group-dm';

export function conversationKind(channelId: string, channelName?: string | null): ConversationKind {
  if (channelId.startsWith('D') || channelName === 'directmessage') return 'dm';
  if (channelName?.startsWith('mpdm-')) return 'group-dm';
  return 'channel';
}

/** Questions and answers can be shared (posted for the team) only in a channel. */
export function canShareIn(kind: ConversationKind): boolean {
  return kind === 'channel';
}
