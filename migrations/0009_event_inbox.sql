-- Durable intake (issue 13, docs/decisions/0003-durable-intake.md). Every Events API callback is
-- written here before Slack gets its acknowledgement; when the listeners have run, the row is done
-- and its content dropped. A row still open after its lease (the process died) or after a failed
-- attempt (a locked database) is delivered again through Bolt, up to a few attempts; one for a
-- workspace without an installation is deleted. Done rows keep only their key, so a late retry from
-- Slack is recognised; they go after a day.
CREATE TABLE event_inbox (
  id          INTEGER PRIMARY KEY,
  team_id     TEXT    NOT NULL,  -- the workspace (or org) whose installation the body names for Bolt to authorize
                                 -- (authorizations[0]): a key for the workspace purge only, never an authorization
  event_id    TEXT    NOT NULL,  -- the same on each of Slack's retries
  event_type  TEXT    NOT NULL,  -- the inner event's type, for the log and the stale-event rule
  body        TEXT,              -- the callback as JSON; NULL once the row is done (the content is not kept)
  received_at INTEGER NOT NULL,
  attempts    INTEGER NOT NULL CHECK (attempts >= 1),  -- deliveries started; the first is the one Slack sent
  retry_at    INTEGER NOT NULL,  -- not delivered again before this: the lease of a running attempt, or the back-off
  done_at     INTEGER,
  outcome     TEXT CHECK (outcome IN ('done', 'gave-up', 'stale')),
  UNIQUE (team_id, event_id),
  CHECK ((done_at IS NULL) = (outcome IS NULL)),
  CHECK (done_at IS NOT NULL OR body IS NOT NULL)
) STRICT;

CREATE INDEX event_inbox_due ON event_inbox (retry_at) WHERE done_at IS NULL;
CREATE INDEX event_inbox_done ON event_inbox (done_at) WHERE done_at IS NOT NULL;

-- Redelivery can bring an older edit of an answer after a newer one: Slack's time of the edit last
-- applied (event_ts, in microseconds), so an older one changes nothing. NULL: not edited since this
-- migration (or an edit that came without a time).
ALTER TABLE thread_answers ADD COLUMN edit_time INTEGER;
