-- The story bank (product.md §10): each user's own STAR stories, private to them. A story names the
-- categories it can answer (story_categories, one row each, for the matrix); its spaced-repetition
-- card (ts-fsrs state as JSON, due_at for "which story is due") lives with it, so a deleted story
-- takes its schedule with it. The coach's reading is made again from the text whenever it is shown.
-- Every row carries its workspace: uninstall deletes by team_id, forget-me by (team_id, user_id).
CREATE TABLE stories (
  id         INTEGER PRIMARY KEY,
  team_id    TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  title      TEXT    NOT NULL,
  situation  TEXT    NOT NULL,
  task       TEXT    NOT NULL,
  action     TEXT    NOT NULL,
  result     TEXT    NOT NULL,
  lesson     TEXT    NOT NULL DEFAULT '',
  card       TEXT,
  due_at     INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX stories_by_user ON stories (team_id, user_id, id);
CREATE INDEX stories_due ON stories (team_id, user_id, due_at);

CREATE TABLE story_categories (
  story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  team_id  TEXT    NOT NULL,
  user_id  TEXT    NOT NULL,
  category TEXT    NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (story_id, category)
) STRICT;
CREATE INDEX story_categories_by_user ON story_categories (team_id, user_id);
