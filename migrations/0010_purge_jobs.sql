-- Large deletes in the background (issue 13). Uninstalling a workspace (app_uninstalled, or its bot
-- token revoked) deletes its installation, with the tokens, at once, and records a job here in the
-- same transaction; forget-me records a job for one user. A worker in the app deletes the job's rows
-- a few thousand at a time, each batch in its own short transaction, and resumes unfinished jobs at
-- start-up. The job row goes in the transaction that finds nothing left to delete.
CREATE TABLE purge_jobs (
  id           INTEGER PRIMARY KEY,
  team_id      TEXT    NOT NULL,
  user_id      TEXT,               -- NULL: the whole workspace; a user id: that user's data (forget-me)
  reason       TEXT    NOT NULL,   -- what asked for it, for the log: app_uninstalled, tokens_revoked, forget-me
  who          TEXT    NOT NULL,   -- how the log names it: 'workspace T1', 'org E1, workspace T9', 'a user'
  deleted      TEXT    NOT NULL DEFAULT '{}',  -- rows deleted (or changed) so far, per table: a JSON object
  requested_at INTEGER NOT NULL
) STRICT;

CREATE INDEX purge_jobs_by_team ON purge_jobs (team_id, user_id);

-- Forget-me deletes a user's rows in batches: every column that names them is searched through an
-- index, so a batch never scans the whole workspace (reactions the user gave; questions they shared).
CREATE INDEX reaction_points_by_reactor ON reaction_points (team_id, reactor_id);
CREATE INDEX shared_questions_by_sharer ON shared_questions (team_id, shared_by);
