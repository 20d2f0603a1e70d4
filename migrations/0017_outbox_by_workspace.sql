-- The outbox dispatcher reads each workspace's rows by status (pending, in doubt, being sent) many
-- times a pass, one workspace at a time. The only index on status was across all workspaces, so each
-- of those reads walked every pending row of every workspace: with 1,000 workspaces at 09:00, tens of
-- millions of rows a pass, and the event loop stood still for it. This index finds one workspace's
-- rows of one status directly, in the order the dispatcher takes them.
CREATE INDEX daily_outbox_by_workspace ON daily_outbox (team_id, status, next_attempt_at);
