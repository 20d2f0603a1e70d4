import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const sampleStoriesDir = fileURLToPath(new URL('../fixtures/stories/', import.meta.url));
const sampleDeckPath = join(sampleStoriesDir, 'sample-deck.md');
export const shippedStoriesDir = fileURLToPath(new URL('../../stories/', import.meta.url));

export function sampleDeck(): string {
  return readFileSync(sampleDeckPath, 'utf8');
}

/** A temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'star-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

/** A minimal valid question in the deck format, for building broken decks around. */
export function questionMarkdown(n: number, prompt: string, extra = ''): string {
  return `### Question ${n}: ${prompt}
${extra}
**Difficulty**: Staff

#### STAR Answer

**Situation**: "S${n}"

**Task**: "T${n}"

**Action**: "A${n}"

**Result**: "R${n}"

#### Follow-up Questions

**Q: Why?**
"Because ${n}."
`;
}

/**
 * A deck of `count` generated questions numbered from `first` (each with a full STAR answer, insights
 * and a follow-up), as the start-up benchmark's 1,000 questions are made.
 */
export function generatedDeck(name: string, first: number, count: number): string {
  const question = (n: number) => `### Question ${n}: Tell me about challenge number ${n} that you handled
<!-- id: generated-${n} -->

**Interview Stage**: Behavioral (50% probability)
**Difficulty**: Staff
**Why Asked**: Tests judgement

#### STAR Answer

**Situation**: "At Example Corp, system ${n} was failing under load for 3 weeks."

**Task**: "I had to make it reliable within a quarter."

**Action**: "I measured it, weighed a rewrite against caching, chose caching, and wrote the ADR.

1. **Measure** (Week 1):
   - Traced the slow paths
2. **Fix** (Weeks 2-4):
   - Added a cache and alerts"

**Result**:
- ✅ p95 fell from 2 s to 200 ms
- ✅ Incidents fell 80%

**Principal-Level Insights**:
- Made the tradeoff explicit

#### Follow-up Questions

**Q: What would you change?**
"Start with the alerts."
`;
  const body = Array.from({ length: count }, (_, i) => question(first + i)).join('\n---\n\n');
  return `# Generated deck ${name}\n\n## Category ${name} Stories\n\n${body}`;
}
