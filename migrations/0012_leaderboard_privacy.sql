-- Privacy (issue 15, point 4): anyone can hide themselves from leaderboards and the weekly recap.
-- One row per person who chose; no row means shown. Forget-me deletes it with the rest of their rows.
CREATE TABLE leaderboard_privacy (
  team_id    TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  hidden     INTEGER NOT NULL CHECK (hidden IN (0, 1)),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
) STRICT;
