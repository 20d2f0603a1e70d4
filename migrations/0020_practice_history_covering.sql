-- `/star question` without a filter reads the asking user's whole practice history before its
-- acknowledgement (`seenAndRated`: when each question was last seen, and its self-ratings). The
-- index on (team_id, user_id, question_id, at) found the user's rows in question order, but each
-- row's `rating` was then read from the table, one lookup a row, on pages shared with every other
-- user's rows. With `rating` in the index the read never touches the table. It replaces the old
-- index (a prefix of it, so every query that used the old one can use this one), so a write still
-- updates one index on the table, not two.
DROP INDEX practice_events_by_user;
CREATE INDEX practice_events_by_user_rated ON practice_events (team_id, user_id, question_id, at, rating);
