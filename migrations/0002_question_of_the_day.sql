-- Question of the day (product.md §4).

-- A channel that opted in. effective_from: posts are due only for scheduled times after it (set on
-- subscribe and on every change of time, zone or days). A paused channel posts again on
-- paused_until (a local date), or never until resumed when paused_until is NULL.
CREATE TABLE subscriptions (
  team_id        TEXT    NOT NULL,
  channel_id     TEXT    NOT NULL,
  post_time      TEXT    NOT NULL CHECK (post_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  time_zone      TEXT    NOT NULL,
  days           TEXT    NOT NULL,  -- ISO weekdays, '1,2,3,4,5'
  effective_from INTEGER NOT NULL,
  created_by     TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  paused         INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  paused_until   TEXT,
  pause_reason   TEXT,
  PRIMARY KEY (team_id, channel_id)
) STRICT;

CREATE TABLE subscription_skips (
  team_id    TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  PRIMARY KEY (team_id, channel_id, local_date),
  FOREIGN KEY (team_id, channel_id) REFERENCES subscriptions (team_id, channel_id) ON DELETE CASCADE
) STRICT;

-- One row per channel, local date and kind ('question' of the day, the weekly 'recap', or a user's
-- 'reminder' DM, whose channel_id is the user id): the
-- question chosen and its delivery. The unique key makes a
-- second pass, a second process or a manual run unable to plan the same day twice; claiming a row
-- (pending → sending) is a conditional update, so only one sender sends it. A row left 'sending' by
-- a crash, or marked 'doubt' after a send whose fate is unknown (a timeout after Slack may have
-- accepted it), is in doubt: the dispatcher looks for the post (its metadata carries the outbox
-- id) before sending again, and never resends blind. `round` counts passes through the deck: no question repeats within a round.
CREATE TABLE daily_outbox (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT    NOT NULL,
  channel_id      TEXT    NOT NULL,
  local_date      TEXT    NOT NULL,
  kind            TEXT    NOT NULL DEFAULT 'question' CHECK (kind IN ('question', 'recap', 'reminder')),
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
  UNIQUE (team_id, channel_id, local_date, kind),
  CHECK ((kind = 'question') = (question_id IS NOT NULL))
) STRICT;

CREATE INDEX daily_outbox_ready ON daily_outbox (status, next_attempt_at);
CREATE INDEX daily_outbox_by_message ON daily_outbox (team_id, channel_id, message_ts);
CREATE INDEX daily_outbox_rounds ON daily_outbox (team_id, channel_id, kind, round);

-- Answers in channels: thread replies under a daily or shared question, answers posted into a
-- thread from the "Answer it" modal, and private answers their author posted to a channel
-- (thread_ts = message_ts). The author is the user who wrote it, never the bot.
CREATE TABLE thread_answers (
  team_id     TEXT    NOT NULL,
  channel_id  TEXT    NOT NULL,
  message_ts  TEXT    NOT NULL,
  thread_ts   TEXT    NOT NULL,
  user_id     TEXT    NOT NULL,
  question_id TEXT    NOT NULL,
  source      TEXT    NOT NULL CHECK (source IN ('reply', 'modal')),
  text        TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  edited_at   INTEGER,
  PRIMARY KEY (team_id, channel_id, message_ts)
) STRICT;

CREATE INDEX thread_answers_by_thread ON thread_answers (team_id, channel_id, thread_ts);
CREATE INDEX thread_answers_by_user ON thread_answers (team_id, user_id, created_at);
