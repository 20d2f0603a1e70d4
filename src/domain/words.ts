/**
 * A count and its noun, as people write it: "1 answer", "3 answers", "0 answers"; `many` for nouns
 * whose plural is not the word and an s ("1 category", "2 categories").
 */
export function countOf(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
