-- Mock interviews in pairs (product.md §9). A channel turns rounds on (pairs_settings); members opt
-- in (pairs_members, with the time zone they had when they joined, for pairing near zones); each
-- round (pairs_rounds, once per channel and date) puts them in groups of two or three
-- (pairs_groups, pairs_group_members) where each interviews the next one (pairs_interviews: the
-- question chosen for the candidate), and the interviewer's scores per STAR part come back as
-- mock_feedback. Every row carries its workspace; forget-me deletes a person's rows (their groups
-- stay for their partners), uninstall deletes the workspace's.

CREATE TABLE pairs_settings (
  team_id        TEXT    NOT NULL,
  channel_id     TEXT    NOT NULL,
  cadence        TEXT    NOT NULL CHECK (cadence IN ('weekly', 'biweekly')),
  weekday        INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  round_time     TEXT    NOT NULL,
  time_zone      TEXT    NOT NULL,
  anchor_date    TEXT    NOT NULL,
  effective_from INTEGER NOT NULL,
  created_by     TEXT    NOT NULL,
  PRIMARY KEY (team_id, channel_id)
) STRICT;

CREATE TABLE pairs_members (
  team_id    TEXT    NOT NULL,
  channel_id TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  time_zone  TEXT,
  joined_at  INTEGER NOT NULL,
  PRIMARY KEY (team_id, channel_id, user_id)
) STRICT;
CREATE INDEX pairs_members_by_user ON pairs_members (team_id, user_id);

CREATE TABLE pairs_rounds (
  id         INTEGER PRIMARY KEY,
  team_id    TEXT    NOT NULL,
  channel_id TEXT    NOT NULL,
  round_date TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (team_id, channel_id, round_date)
) STRICT;

CREATE TABLE pairs_groups (
  id              INTEGER PRIMARY KEY,
  round_id        INTEGER NOT NULL REFERENCES pairs_rounds (id) ON DELETE CASCADE,
  team_id         TEXT    NOT NULL,
  position        INTEGER NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'skipped')),
  decided_at      INTEGER,
  -- The group DM, once it is open (the nudge goes there).
  conversation_id TEXT,
  UNIQUE (round_id, position)
) STRICT;
CREATE INDEX pairs_groups_by_team ON pairs_groups (team_id, id);

CREATE TABLE pairs_group_members (
  group_id INTEGER NOT NULL REFERENCES pairs_groups (id) ON DELETE CASCADE,
  team_id  TEXT    NOT NULL,
  user_id  TEXT    NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (group_id, user_id)
) STRICT;
CREATE INDEX pairs_group_members_by_user ON pairs_group_members (team_id, user_id);

CREATE TABLE pairs_interviews (
  group_id    INTEGER NOT NULL REFERENCES pairs_groups (id) ON DELETE CASCADE,
  team_id     TEXT    NOT NULL,
  interviewer TEXT    NOT NULL,
  candidate   TEXT    NOT NULL,
  question_id TEXT    NOT NULL,
  PRIMARY KEY (group_id, interviewer)
) STRICT;
CREATE INDEX pairs_interviews_by_interviewer ON pairs_interviews (team_id, interviewer);
CREATE INDEX pairs_interviews_by_candidate ON pairs_interviews (team_id, candidate);

CREATE TABLE mock_feedback (
  id          INTEGER PRIMARY KEY,
  team_id     TEXT    NOT NULL,
  group_id    INTEGER NOT NULL REFERENCES pairs_groups (id) ON DELETE CASCADE,
  interviewer TEXT    NOT NULL,
  candidate   TEXT    NOT NULL,
  question_id TEXT    NOT NULL,
  situation   INTEGER NOT NULL CHECK (situation BETWEEN 1 AND 5),
  task        INTEGER NOT NULL CHECK (task BETWEEN 1 AND 5),
  action      INTEGER NOT NULL CHECK (action BETWEEN 1 AND 5),
  result      INTEGER NOT NULL CHECK (result BETWEEN 1 AND 5),
  comment     TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  UNIQUE (group_id, interviewer, candidate)
) STRICT;
CREATE INDEX mock_feedback_by_candidate ON mock_feedback (team_id, candidate, at);
CREATE INDEX mock_feedback_by_interviewer ON mock_feedback (team_id, interviewer);

-- The outbox takes the rounds' kinds: the announcement in the channel (pairs_round), a group DM per
-- group (pairs_group, channel_id 'pairs:<group id>'), each interviewer's packet (pairs_packet,
-- channel_id 'packet:<group id>:<user id>') and the mid-round nudge (pairs_nudge, channel_id
-- 'pairs:<group id>'). SQLite cannot change a CHECK: the table is rebuilt with every row kept.
CREATE TABLE daily_outbox_new (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT    NOT NULL,
  channel_id      TEXT    NOT NULL,
  local_date      TEXT    NOT NULL,
  kind            TEXT    NOT NULL DEFAULT 'question'
                  CHECK (kind IN ('question', 'recap', 'reminder', 'pairs_round', 'pairs_group', 'pairs_packet', 'pairs_nudge')),
  question_id     TEXT,
  round           INTEGER NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'doubt', 'sent', 'failed', 'expired', 'empty')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_at      INTEGER,
  last_error      TEXT,
  message_ts      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  send_started_at INTEGER,
  UNIQUE (team_id, channel_id, local_date, kind),
  CHECK ((kind = 'question') = (question_id IS NOT NULL))
) STRICT;
INSERT INTO daily_outbox_new (id, team_id, channel_id, local_date, kind, question_id, round, status, attempts,
                              next_attempt_at, claimed_at, last_error, message_ts, created_at, sent_at, send_started_at)
  SELECT id, team_id, channel_id, local_date, kind, question_id, round, status, attempts,
         next_attempt_at, claimed_at, last_error, message_ts, created_at, sent_at, send_started_at
  FROM daily_outbox;
DROP TABLE daily_outbox;
ALTER TABLE daily_outbox_new RENAME TO daily_outbox;
CREATE INDEX daily_outbox_ready ON daily_outbox (status, next_attempt_at);
CREATE INDEX daily_outbox_by_message ON daily_outbox (team_id, channel_id, message_ts);
CREATE INDEX daily_outbox_rounds ON daily_outbox (team_id, channel_id, kind, round);
