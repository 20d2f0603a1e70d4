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
