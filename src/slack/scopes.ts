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
  // The story bank's import: a deck sent in the app's DM arrives as a message.im event (im:history)
  // whose file is downloaded with files:read.
  'im:history',
  'files:read',
] as const;
