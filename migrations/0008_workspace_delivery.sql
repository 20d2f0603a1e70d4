-- Scheduled delivery (questions of the day, recaps, reminders) per workspace. A row means it is
-- paused: Slack said the workspace's token no longer works (invalid_auth, token_revoked,
-- account_inactive, ...), so every send would fail the same way. Paused once for the whole
-- workspace rather than channel by channel; the row goes when a request shows the token works again
-- (or a reinstall), and the day's posts that are still due go out then.
CREATE TABLE workspace_delivery (
  team_id       TEXT    NOT NULL PRIMARY KEY,
  paused_reason TEXT    NOT NULL,
  paused_at     INTEGER NOT NULL
) STRICT;

-- When the current send attempt of an outbox row started (set when it is claimed for sending).
-- A row in doubt is looked for around this time; claimed_at moves on each time a lookup takes the
-- row over, so it cannot say when the post went out. NULL for rows from before: claimed_at then.
ALTER TABLE daily_outbox ADD COLUMN send_started_at INTEGER;
