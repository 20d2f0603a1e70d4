import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, migrationsDir } from '../../src/main.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { shippedStoriesDir, tempDir } from '../support/fixtures.js';

/** `star backup` beside an app that keeps writing (issue 13: the command line's work ends, and holds no lock). */

let temp: ReturnType<typeof tempDir> | undefined;
afterEach(() => temp?.cleanup());

describe('backupDatabase', () => {
  it('finishes while another connection writes every few milliseconds, with what was there when it began', async () => {
    temp = tempDir();
    const dbPath = join(temp.dir, 'star.db');
    const app = openDatabase(dbPath);
    migrate(app, readMigrations(migrationsDir));
    const insert = app.prepare(
      `INSERT INTO practice_events (team_id, user_id, question_id, kind, rating, at) VALUES ('T1', 'U1', ?, 'view', NULL, 1)`,
    );
    app.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`q${i}-${'x'.repeat(100)}`);
    })();
    let writes = 0;
    const writer = setInterval(() => {
      insert.run('later');
      writes += 1;
    }, 2);
    try {
      const copy = join(temp.dir, 'copy.db');
      const { pages } = await backupDatabase(
        { dbPath, storiesDir: shippedStoriesDir, logLevel: 'error' },
        copy,
      );
      expect(pages).toBeGreaterThan(500);
      const rows = new Database(copy, { readonly: true });
      const { n } = rows.prepare('SELECT count(*) AS n FROM practice_events').get() as { n: number };
      rows.close();
      expect(n).toBeGreaterThanOrEqual(20_000);
      expect(n).toBeLessThanOrEqual(20_000 + writes);
      expect(writes).toBeGreaterThan(0); // the app went on writing meanwhile
    } finally {
      clearInterval(writer);
      app.close();
    }
  });
});
