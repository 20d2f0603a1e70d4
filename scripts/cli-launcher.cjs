// dist/cli.js, copied from scripts/cli-launcher.cjs by `npm run build`: what `npm start` and `npx star`
// run. It runs the CLI bundled into dist/star.cjs (one CommonJS function, see scripts/build.mjs),
// compiled with V8's code cache of it (dist/star.cjs.cache) when that cache is of this very bundle and
// V8 accepts it (same node, same flags); otherwise V8 compiles it as usual: slower, same behaviour.
// CommonJS (dist/package.json says so): node then loads it without its ES module loader, which
// would cost start-up some 15–30 ms of its own (reading the file through fs/promises and streams).
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire, findSourceMap, SourceMap } = require('node:module');
const { dirname, join, resolve } = require('node:path');
const { fileURLToPath } = require('node:url');
const { Script } = require('node:vm');

const bundle = join(__dirname, 'star.cjs');

/** The code cache, if it was made from `source`: its first line is the bundle's (with its SHA-256). */
function codeCache(source) {
  try {
    const cache = readFileSync(`${bundle}.cache`);
    const end = cache.indexOf(10);
    return end > 0 && cache.toString('latin1', 0, end) === source.slice(0, source.indexOf('\n'))
      ? cache.subarray(end + 1)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `error` is one of node's own (its stack then starts `Name [CODE]: message`, as node writes it). */
function isNodeError(error) {
  for (let object = error; object; object = Object.getPrototypeOf(object)) {
    if (Object.getOwnPropertySymbols(object).some((symbol) => symbol.description === 'kIsNodeError'))
      return true;
  }
  return false;
}

/**
 * Stack traces name the TypeScript lines, as node's --enable-source-maps does for the modules node
 * loads itself (not for code compiled through node:vm, like the bundle): frames in the bundle are
 * mapped through dist/star.cjs.map, read when a stack trace first needs it, and frames in modules
 * node loaded (from node_modules) through theirs, as node would.
 */
function mapStackTraces() {
  const dir = dirname(bundle);
  let map;
  const sourceMap = () => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
      } catch {
        map = null;
      }
    }
    return map;
  };
  const frameText = (frame) => {
    const text = String(frame);
    const file = frame.getFileName();
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    if (!file || !line || !column) return text;
    const entry = (file === bundle ? sourceMap() : findSourceMap(file))?.findEntry(line - 1, column - 1);
    const source = entry?.originalSource;
    if (!source) return text;
    const path = source.startsWith('file://') ? fileURLToPath(source) : resolve(dir, source);
    return text.replace(
      `${file}:${line}:${column}`,
      `${path}:${entry.originalLine + 1}:${entry.originalColumn + 1}`,
    );
  };
  Error.prepareStackTrace = (error, frames) => {
    let header;
    try {
      header = isNodeError(error)
        ? `${error.name} [${error.code}]: ${error.message}`
        : Error.prototype.toString.call(error);
    } catch {
      header = '<error>';
    }
    return [header, ...frames.map((frame) => `    at ${frameText(frame)}`)].join('\n');
  };
}

/** Compiles the bundle (from the code cache when it can) and runs it, as node runs a CommonJS module. */
function load() {
  const source = readFileSync(bundle, 'latin1'); // ASCII (esbuild's charset=ascii)
  const cachedData = codeCache(source);
  const script = new Script(source, { filename: bundle, cachedData });
  const cli = { exports: {} };
  script.runInThisContext()(cli.exports, createRequire(bundle), cli, bundle, dirname(bundle));
  return { exports: cli.exports, fromCodeCache: cachedData !== undefined && !script.cachedDataRejected };
}

if (process.sourceMapsEnabled) mapStackTraces();
const loaded = load();
/** Whether V8 compiled the bundle from the code cache (test/build.test.ts checks it). */
exports.fromCodeCache = loaded.fromCodeCache;
/** `main()` of src/cli.ts: runs the command in process.argv. */
exports.main = loaded.exports.main;

if (require.main === module) loaded.exports.main();
