-- What counts as an answer (issue 14): each reply under a question is kept with its kind, decided by
-- one rule (src/domain/answer-kind.ts): 'answer', 'comment' ("Great answer!", "+1", a question back,
-- a link) or 'filler' (lorem ipsum, "test", the question pasted back). Only answers score points, are
-- on leaderboards and in recaps, and count as practice. An edit decides the kind again.
-- Rows from before this migration have no kind yet (NULL): the app classifies them at start-up, in
-- batches, and counts none of them until it has.
ALTER TABLE thread_answers ADD COLUMN kind TEXT CHECK (kind IN ('answer', 'comment', 'filler'));

CREATE INDEX thread_answers_unclassified ON thread_answers (team_id) WHERE kind IS NULL;
