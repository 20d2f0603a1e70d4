#!/usr/bin/env node
// `npx star <command>`: runs the compiled CLI, dist/cli.js (`npm install` builds it; so does
// `npm run build`), with source maps on so that stack traces name the TypeScript lines.
// In a checkout whose sources changed since that build (or that has none), it runs the sources
// through tsx instead (saying so on a terminal's stderr): `npx star` never runs code older than src/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const built = `${dist}cli.js`;
const sources = fileURLToPath(new URL('../', import.meta.url));

/** The newest modification time of a file under `dir` (ms): some 10–40 ms for src/ and dist/ together. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const { mtimeMs } = statSync(`${entry.parentPath ?? entry.path}/${entry.name}`);
    if (mtimeMs > latest) latest = mtimeMs;
  }
  return latest;
}

const fresh = existsSync(built) && newest(dist) >= newest(sources);
if (fresh) {
  process.setSourceMapsEnabled(true);
  const { main } = await import('../../dist/cli.js');
  await main();
} else {
  // Said to a person at a terminal only: piped or captured output stays what the command prints.
  if (process.stderr.isTTY) {
    process.stderr.write(
      existsSync(built)
        ? 'star: src/ changed since the last build, so it runs from the sources (npm run build compiles them)\n'
        : 'star: not built yet, so it runs from the sources (npm run build compiles them)\n',
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli.ts');
  await main();
}
