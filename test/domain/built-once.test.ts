import { describe, expect, it } from 'vitest';
import { builtOnce } from '../../src/domain/built-once.js';
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
