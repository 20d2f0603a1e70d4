-- Multi-workspace distribution (product.md §7): one row per installation, keyed by the enterprise
-- for org-wide installs and by the workspace otherwise. The installation (with its tokens) is
-- kept as Bolt gives it; bot_token is pulled out for scheduled work (daily posts, reminders).
CREATE TABLE installations (
  install_key           TEXT    PRIMARY KEY,  -- 'E:<enterprise id>' or 'T:<team id>'
  team_id               TEXT    NOT NULL,     -- the workspace (for an org-wide install: the enterprise id)
  enterprise_id         TEXT,
  is_enterprise_install INTEGER NOT NULL CHECK (is_enterprise_install IN (0, 1)),
  bot_token             TEXT,
  bot_user_id           TEXT,
  installation          TEXT    NOT NULL,
  installed_at          INTEGER NOT NULL
) STRICT;

CREATE INDEX installations_by_team ON installations (team_id);

-- Workspaces served through an org-wide (Enterprise Grid) install: filled as their requests come
-- in, so scheduled work for a workspace finds the enterprise installation's token, and
-- uninstalling the org removes the data of every workspace in it.
CREATE TABLE installation_teams (
  team_id     TEXT NOT NULL PRIMARY KEY,
  install_key TEXT NOT NULL REFERENCES installations (install_key) ON DELETE CASCADE
) STRICT;

CREATE INDEX installation_teams_by_key ON installation_teams (install_key);
