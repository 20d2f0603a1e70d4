import { defineConfig } from 'vitest/config';

/**
 * Test files share worker threads and their loaded modules (no per-file isolation): every file
 * imports much of the app, and re-importing it for each of ~55 files cost more time than all the
 * tests together (import 35 s of 85 s). Nothing in src keeps module-level state (dependencies are
 * passed in), and no test mocks modules, so sharing them changes nothing a test can see.
 */
export default defineConfig({
  test: {
    pool: 'threads',
    isolate: false,
  },
});
