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

/**
 * Values remembered by key: `remember(key, make)` gives the value made for `key` the first time it
 * was asked for, making it with `make` then. At most `limit` keys: past that, everything is forgotten
 * at once (unusual keys cannot grow the memory). For pure computations and objects made once per
 * label (zone conversions in a plan's pass, a metric's children, parsed posting times).
 */
export function boundedMemo<V>(limit: number): (key: string, make: () => V) => V {
  const made = new Map<string, V>();
  return (key, make) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make();
      if (made.size >= limit) made.clear();
      made.set(key, value);
    }
    return value;
  };
}
