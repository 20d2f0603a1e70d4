-- The bot's identity as auth.test last gave it for a bot token (single-workspace mode,
-- SLACK_BOT_TOKEN), so a restart with the same token listens at once and checks the token right
-- after (issue 16, point 2). `token_hash` is the SHA-256 of the token: the token itself is never
-- kept here. One row per workspace: a new token for the workspace replaces its row. The row goes
-- with the workspace's installation when the app is uninstalled or its bot token revoked, and when
-- Slack refuses the token.
CREATE TABLE bot_identities (
  team_id     TEXT    NOT NULL PRIMARY KEY,
  token_hash  TEXT    NOT NULL UNIQUE,
  bot_id      TEXT    NOT NULL,
  bot_user_id TEXT    NOT NULL,
  checked_at  INTEGER NOT NULL
) STRICT;
