-- STAR Partner schema, version 1: private practice history.
--
-- Every row carries its workspace (team_id) and every query filters by it. Times are Unix
-- milliseconds (UTC). Question ids are the stable deck ids (see src/domain/deck-markdown.ts), so
-- history survives reordering and editing of the decks.
--
-- The schema for the rest of the product (product.md) grows with its issues, one migration each:
--   subscriptions, daily_outbox, channel_rounds   question of the day (§4)
--   reactions (append-only ledger), rubric_reviews peer review and scoring (§5)
--   review_cards (FSRS state), reminders          personal progress (§6)
--   installations                                 multi-workspace OAuth (§7)
-- Thread answers from daily and shared questions reuse `answers` (origin 'thread').

-- One row per thing a user did with a question: saw its card, revealed the model answer, opened a
-- follow-up, rated their recall (1 Again, 2 Hard, 3 Good, 4 Easy) or wrote an answer.
CREATE TABLE practice_events (
  id          INTEGER PRIMARY KEY,
  team_id     TEXT    NOT NULL,
  user_id     TEXT    NOT NULL,
  question_id TEXT    NOT NULL,
  kind        TEXT    NOT NULL CHECK (kind IN ('view', 'reveal', 'follow_up', 'rating', 'answer')),
  rating      INTEGER CHECK (rating BETWEEN 1 AND 4),
  source      TEXT    NOT NULL DEFAULT 'slack' CHECK (source IN ('slack', 'terminal')),
  at          INTEGER NOT NULL,
  CHECK ((kind = 'rating') = (rating IS NOT NULL))
) STRICT;

CREATE INDEX practice_events_by_user ON practice_events (team_id, user_id, question_id, at);

-- Answers written in the STAR modal. Saved privately; when the author posts one to a channel,
-- posted_channel_id / posted_ts say where. posting_at claims the post while it is being sent, so a
-- double click cannot post it twice.
CREATE TABLE answers (
  id                INTEGER PRIMARY KEY,
  team_id           TEXT    NOT NULL,
  user_id           TEXT    NOT NULL,
  question_id       TEXT    NOT NULL,
  origin            TEXT    NOT NULL DEFAULT 'practice' CHECK (origin IN ('practice', 'thread')),
  situation         TEXT    NOT NULL,
  task              TEXT    NOT NULL,
  action            TEXT    NOT NULL,
  result            TEXT    NOT NULL,
  created_at        INTEGER NOT NULL,
  posting_at        INTEGER,
  posted_channel_id TEXT,
  posted_ts         TEXT,
  CHECK ((posted_channel_id IS NULL) = (posted_ts IS NULL))
) STRICT;

CREATE INDEX answers_by_user ON answers (team_id, user_id, created_at);

-- Questions shared to a channel with "Post to channel": their threads collect the team's answers.
-- The row is written before the post (message_ts still NULL) so that a question is shared to a
-- channel at most once a day, however often the button is clicked.
CREATE TABLE shared_questions (
  id          INTEGER PRIMARY KEY,
  team_id     TEXT    NOT NULL,
  channel_id  TEXT    NOT NULL,
  question_id TEXT    NOT NULL,
  shared_by   TEXT    NOT NULL,
  shared_at   INTEGER NOT NULL,
  message_ts  TEXT,
  UNIQUE (team_id, channel_id, message_ts)
) STRICT;

CREATE INDEX shared_questions_recent ON shared_questions (team_id, channel_id, question_id, shared_at);
