-- Peer review and scoring (product.md §5).

-- Append-only ledger of reaction events on messages: never updated or deleted (except when a
-- workspace's or a user's data is purged), so every total can be recomputed and audited. A retried
-- event (same event id) or a duplicate of one (same natural key) is stored once. Reactions on a
-- message that is not (yet) an answer are kept too: when its thread reply arrives after the
-- reaction, the answer is scored from the ledger. Only answers score.
CREATE TABLE reaction_events (
  id          INTEGER PRIMARY KEY,
  team_id     TEXT    NOT NULL,
  channel_id  TEXT    NOT NULL,
  message_ts  TEXT    NOT NULL,
  reactor_id  TEXT    NOT NULL,
  reaction    TEXT    NOT NULL,
  action      TEXT    NOT NULL CHECK (action IN ('added', 'removed')),
  reactor_is_bot INTEGER NOT NULL DEFAULT 0 CHECK (reactor_is_bot IN (0, 1)),
  event_id    TEXT    NOT NULL,
  event_time  INTEGER NOT NULL,  -- Slack's event_ts in microseconds: orders events however they arrive
  received_at INTEGER NOT NULL,
  UNIQUE (team_id, event_id),
  UNIQUE (team_id, channel_id, message_ts, reactor_id, reaction, action, event_time)
) STRICT;

-- (Lookups by answer and reactor use the prefix of the natural-key unique index.)

-- Points each reviewer gives each answer now, derived from the ledger (recomputable from it).
CREATE TABLE reaction_points (
  team_id     TEXT    NOT NULL,
  channel_id  TEXT    NOT NULL,
  message_ts  TEXT    NOT NULL,
  reactor_id  TEXT    NOT NULL,
  author_id   TEXT    NOT NULL,
  points      INTEGER NOT NULL CHECK (points BETWEEN 0 AND 3),
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (team_id, channel_id, message_ts, reactor_id)
) STRICT;

CREATE INDEX reaction_points_by_author ON reaction_points (team_id, author_id);

-- Rubric reviews: one per reviewer per answer (a second replaces the first).
CREATE TABLE rubric_reviews (
  team_id     TEXT    NOT NULL,
  channel_id  TEXT    NOT NULL,
  message_ts  TEXT    NOT NULL,
  reviewer_id TEXT    NOT NULL,
  author_id   TEXT    NOT NULL,
  situation   INTEGER NOT NULL CHECK (situation BETWEEN 1 AND 5),
  task        INTEGER NOT NULL CHECK (task BETWEEN 1 AND 5),
  action      INTEGER NOT NULL CHECK (action BETWEEN 1 AND 5),
  result      INTEGER NOT NULL CHECK (result BETWEEN 1 AND 5),
  comment     TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (team_id, channel_id, message_ts, reviewer_id)
) STRICT;

CREATE INDEX rubric_reviews_by_channel ON rubric_reviews (team_id, channel_id, created_at, reviewer_id);
CREATE INDEX rubric_reviews_by_author ON rubric_reviews (team_id, author_id);
CREATE INDEX rubric_reviews_by_reviewer ON rubric_reviews (team_id, reviewer_id);

CREATE INDEX thread_answers_by_channel ON thread_answers (team_id, channel_id, created_at);
