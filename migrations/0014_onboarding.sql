-- Onboarding (issue 15, point 1): the messages the app sends once. 'welcome': the DM to whoever
-- installed it, once per workspace (subject ''); 'channel_intro': the introduction in a channel it
-- is invited to, once per channel (subject: the channel id); 'mention_help': the short help under a
-- message that mentions it, once per message (subject: 'channel/ts' of that message).
-- A row is claimed ('sending') in its own transaction before the message is sent and marked 'sent'
-- after: a second install callback, a restart, or an event Slack retries or the inbox redelivers
-- finds the row and sends nothing. A send Slack refused deletes the claim (it can be tried again);
-- one that may have landed (a timeout, a lost reply, a crash mid-send) keeps it: a message is never
-- sent twice, at worst not at all.
CREATE TABLE onboarding_messages (
  team_id    TEXT    NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('welcome', 'channel_intro', 'mention_help')),
  subject    TEXT    NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('sending', 'sent')),
  claimed_at INTEGER NOT NULL,
  sent_at    INTEGER,
  message_ts TEXT,
  PRIMARY KEY (team_id, kind, subject),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
) STRICT;
