-- Parsed story decks (issue 16, point 2): start-up reads a deck from here instead of parsing its
-- Markdown again. `key` is the SHA-256 of what the deck was parsed from (the parser's format
-- version, the file's path as given, its deck name and its text): an edited file, a moved folder or
-- a new parser misses and is parsed (and checked) again. `deck` is the parsed Deck as JSON. One row
-- per file: a new parse of a file replaces the row of its older text.
-- Not workspace data: the decks are the app's own files, served to every workspace alike, so this
-- table has no team_id (an uninstall leaves it as it is).
CREATE TABLE parsed_decks (
  key       TEXT    PRIMARY KEY,
  file      TEXT    NOT NULL,
  deck      TEXT    NOT NULL,
  parsed_at INTEGER NOT NULL
) STRICT;

CREATE INDEX parsed_decks_by_file ON parsed_decks (file);
