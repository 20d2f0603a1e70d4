import { describe, expect, it } from 'vitest';
import { boundedMemo, builtOnce } from '../../src/domain/built-once.js';
import { starCommandSchema } from '../../src/domain/command-text.js';

describe('builtOnce', () => {
  it('builds nothing until first asked, then once, and gives the same value ever after', () => {
    let builds = 0;
    const value = builtOnce(() => {
      builds += 1;
      return { built: builds };
    });
    expect(builds).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(builds).toBe(1);
  });

  it('gives a schema built on first use that is the same schema at each parse', () => {
    expect(starCommandSchema()).toBe(starCommandSchema());
    expect(starCommandSchema().safeParse({ name: 'help' }).success).toBe(true);
  });
});

describe('boundedMemo', () => {
  it("makes a key's value once, and forgets everything past its limit", () => {
    const made: string[] = [];
    const remember = boundedMemo<{ key: string }>(2);
    const get = (key: string) =>
      remember(key, () => {
        made.push(key);
        return { key };
      });
    const a = get('a');
    expect(get('a')).toBe(a);
    get('b');
    expect(made).toEqual(['a', 'b']);
    get('c'); // a third key: the first two are forgotten
    expect(get('a')).not.toBe(a);
    expect(made).toEqual(['a', 'b', 'c', 'a']);
  });
});
