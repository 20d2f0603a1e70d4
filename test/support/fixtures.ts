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
