/**
 * A value built when first asked for, and the same one ever after. For the zod schemas start-up does
 * not need: building them all at load cost every start-up milliseconds (docs/benchmarks.md,
 * start-up), so each is built by the first parse that needs it (as `deckSchema` in deck.ts is).
 */
export function builtOnce<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}
