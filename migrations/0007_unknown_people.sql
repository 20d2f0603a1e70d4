-- When Slack cannot say who someone is (users.info failed), we store that we do not know, rather
-- than a guess (product.md §5: bots never score; leaderboards never show a raw user id).

-- 1. The reaction ledger: reactor_is_bot becomes nullable, NULL meaning "Slack did not say" (it was
-- NOT NULL DEFAULT 0, so a failed lookup was stored as "a person" for good). SQLite cannot drop a
-- NOT NULL, so the table is rebuilt with every row copied as it was (same ids, same values): the
-- ledger stays append-only. Rows from before this migration keep their 0 or 1; a 0 there may have
-- been such a guess, and is overruled by the next answer Slack gives about that reactor, because
-- scoring uses the latest kind Slack gave (see src/domain/scoring.ts). No default: an insert that
-- does not say the kind stores "unknown", never "a person".
CREATE TABLE reaction_events_0007 (
  id          INTEGER PRIMARY KEY,
  team_id     TEXT    NOT NULL,
  channel_id  TEXT    NOT NULL,
  message_ts  TEXT    NOT NULL,
  reactor_id  TEXT    NOT NULL,
  reaction    TEXT    NOT NULL,
  action      TEXT    NOT NULL CHECK (action IN ('added', 'removed')),
  reactor_is_bot INTEGER CHECK (reactor_is_bot IN (0, 1)),  -- as Slack said when the event came; NULL: unknown
  event_id    TEXT    NOT NULL,
  event_time  INTEGER NOT NULL,  -- Slack's event_ts in microseconds: orders events however they arrive
  received_at INTEGER NOT NULL,
  UNIQUE (team_id, event_id),
  UNIQUE (team_id, channel_id, message_ts, reactor_id, reaction, action, event_time)
) STRICT;

INSERT INTO reaction_events_0007
  (id, team_id, channel_id, message_ts, reactor_id, reaction, action, reactor_is_bot, event_id, event_time, received_at)
SELECT id, team_id, channel_id, message_ts, reactor_id, reaction, action, reactor_is_bot, event_id, event_time, received_at
FROM reaction_events;

DROP TABLE reaction_events;
ALTER TABLE reaction_events_0007 RENAME TO reaction_events;

-- A reactor's latest known kind, and the answers they reacted to (rescored when it changes).
CREATE INDEX reaction_events_by_reactor ON reaction_events (team_id, reactor_id);

-- 2. The last display name Slack gave for a user of a workspace, shown on leaderboards and in the
-- weekly recap when users.info fails (otherwise "a teammate"; never the raw id). Personal data:
-- deleted with the user's other rows (forget-me) and with the workspace (uninstall).
CREATE TABLE display_names (
  team_id    TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
) STRICT;
