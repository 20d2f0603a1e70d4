import type { Deck } from '../domain/deck.js';
import type { Db } from './database.js';
import type { DeckCache } from './deck-files.js';

/**
 * Parsed decks kept between starts (migration 0015): the Deck as JSON under the SHA-256 of what it
 * was parsed from (`loadDecks` computes the key). Not workspace data: the decks are the app's own.
 */
export function createDeckCacheRepository(db: Db): DeckCache {
  const find = db.prepare<[string], { deck: string }>(`SELECT deck FROM parsed_decks WHERE key = ?`);
  const forgetOlder = db.prepare<[string, string]>(`DELETE FROM parsed_decks WHERE file = ? AND key <> ?`);
  const insert = db.prepare<[string, string, string, number]>(
    `INSERT INTO parsed_decks (key, file, deck, parsed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET deck = excluded.deck, parsed_at = excluded.parsed_at`,
  );
  const replace = db.transaction((key: string, file: string, deck: string, now: number) => {
    forgetOlder.run(file, key);
    insert.run(key, file, deck, now);
  });
  return {
    get: (key) => find.get(key)?.deck,
    put: (key, file, deck: Deck, now) => replace.immediate(key, file, JSON.stringify(deck), now),
  };
}
