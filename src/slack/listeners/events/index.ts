import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { appHomeOpened } from './app-home.js';
import { appMentioned } from './app-mention.js';
import { botJoined } from './bot-joined.js';
import { botRemoved } from './bot-removed.js';
import { reactionChanged } from './reaction.js';
import { storyDeckShared } from './story-deck-shared.js';
import { threadMessage } from './thread-message.js';
import { workspaceLeft } from './uninstall.js';

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('message', threadMessage(deps));
  app.event('message', storyDeckShared(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('app_uninstalled', workspaceLeft(deps));
  app.event('tokens_revoked', workspaceLeft(deps));
  app.event('reaction_added', reactionChanged(deps));
  app.event('reaction_removed', reactionChanged(deps));
  app.event('member_left_channel', botRemoved(deps));
  app.event('channel_left', botRemoved(deps));
  app.event('group_left', botRemoved(deps));
  app.event('member_joined_channel', botJoined(deps));
  app.event('app_mention', appMentioned(deps));
}
