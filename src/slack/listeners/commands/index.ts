import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { command } from '../../ids.js';
import { starCommand } from './star.js';

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(command, starCommand(deps));
}
