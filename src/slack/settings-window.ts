import type { webApi } from '@slack/bolt';
import type { WorkspaceRole } from '../domain/channel-permission.js';
import type { Who } from '../use-cases/deps.js';
import { personalSettings } from '../use-cases/settings.js';
import { settingsModal } from './blocks/settings.js';
import type { SlackDeps } from './deps.js';

/**
 * The App Home's Settings window (`viewId`), shown again as the settings stand now, with `note` at
 * the top: what a channel's settings window saved, or why a channel could not be changed.
 */
export async function refreshSettingsWindow(
  deps: SlackDeps,
  client: webApi.WebClient,
  input: { who: Who & { role: WorkspaceRole }; viewId: string; note: string },
): Promise<void> {
  const settings = await personalSettings(deps.personal, deps.reviews, input.who);
  await client.views.update({ view_id: input.viewId, view: settingsModal(settings, input.note) });
}
