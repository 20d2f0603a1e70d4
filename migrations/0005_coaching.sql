-- Instant STAR coaching: each thread answer is coached at most once (coached_at claims it), and a
-- channel can turn coaching off.
ALTER TABLE thread_answers ADD COLUMN coached_at INTEGER;

CREATE TABLE channel_settings (
  team_id       TEXT    NOT NULL,
  channel_id    TEXT    NOT NULL,
  coach_enabled INTEGER NOT NULL DEFAULT 1 CHECK (coach_enabled IN (0, 1)),
  PRIMARY KEY (team_id, channel_id)
) STRICT;
