/** The bot scopes the app asks for (manifest.yml lists the same; a test keeps them equal). */
export const botScopes = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'channels:join',
  'reactions:read',
  'im:write',
  'mpim:write',
  'files:write',
  'app_mentions:read',
] as const;
