-- Personal progress (product.md §6).

-- Spaced repetition: one FSRS card per user and question (ts-fsrs state as JSON), due_at for the
-- "due first" query.
CREATE TABLE review_cards (
  team_id     TEXT    NOT NULL,
  user_id     TEXT    NOT NULL,
  question_id TEXT    NOT NULL,
  card        TEXT    NOT NULL,
  due_at      INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id, question_id)
) STRICT;

CREATE INDEX review_cards_due ON review_cards (team_id, user_id, due_at);

-- The optional daily DM "N questions due", at the user's chosen local time.
CREATE TABLE reminders (
  team_id        TEXT    NOT NULL,
  user_id        TEXT    NOT NULL,
  remind_time    TEXT    NOT NULL CHECK (remind_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  time_zone      TEXT    NOT NULL,
  effective_from INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
) STRICT;
