import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures.js';

/**
 * A released migration has run on databases we cannot reach again: changing it changes nothing
 * there and something else on every new install. Each file in migrations/ is pinned by its SHA-256
 * (what `sha256sum migrations/*.sql` prints), so changing or removing one fails here.
 */

const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Released migrations: file → SHA-256 of its bytes. A new migration gets its line when it lands. */
const released: Readonly<Record<string, string>> = {
  '0001_practice_history.sql': '542eb8db957b4dc51ee6807b0cdf75a8ea4222d5596ddaafa7f17ed01ba19b36',
  '0002_question_of_the_day.sql': '4a99c187ba1e2c6bb96e819a432c6f0a0bb38caa49d9c311deb00fd16c7f062e',
  '0003_peer_review.sql': 'fbc39646e7b45aa640d6d4367c2a16d7d4c6b769357d493a6098d6554abe8a29',
  '0004_personal_progress.sql': '9832b63119784b4b477f6baaeac35797f8e507a4f8447e64d31898a71852a648',
  '0005_coaching.sql': '183aa8915643ca85bc4488e4a5fa8ad242ed97e0dc250a7757e1a9bad4af2066',
  '0006_installations.sql': '0df70d88014a901bb6ea34da767bef96a0fd31d752804ad31d4c062f97da8c9b',
  '0007_unknown_people.sql': '9f17af34c300e6bed6a53684d02a3c336e1f86521b74cbf7baa8d91558b3e4ca',
  '0008_workspace_delivery.sql': '242c78656e1ecf6d4903e1051c9d52039b15d51ae925d8d471d6b141a8c66764',
  '0009_event_inbox.sql': 'abc70fb55d2c428212f60226bdfe123de29c7a01660af9111f7855d1d6f566f7',
  '0010_purge_jobs.sql': '1abc502ad93ccda02cb2f70e411417c4158243d5a9ba315367f911d14813c43e',
  '0011_answer_kinds.sql': '61422c34cc8524249722f89e5f9e556680cda7a5371f1c3d2e435e47be4c75c8',
  '0012_leaderboard_privacy.sql': '92ee76c822fcd13abf15403c589e272bbfae6234a65ea993e88f7e5f6528da34',
  '0013_holiday_calendars.sql': '31202da09bf5cfd6f60867c32fb0c9e0a5e46a3e8a9a6e04905d574a45119941',
  '0014_onboarding.sql': 'bb7e7af07ea9f67b85d19f183492ffde99be0a0a3733220c7b6ca827d31eccae',
  '0015_parsed_decks.sql': '1897ca2955470ffe9e250c0dcb27481fc9c26f6e8cf437374e2c88d3e25b62da',
  '0016_mock_interviews.sql': 'f5237453fd806f0e4fbf893c60991d91bfce16af442be11faf671a0640d98d8e',
  '0017_outbox_by_workspace.sql': 'f56e16b721036dc1ba4da16618db29cc876bb1174a951119d2c884c7291e890b',
  '0018_story_bank.sql': 'a745629e4dd7cec335aaded0d6362521ce85fc7e5e0ef4528713a401679a85aa',
  '0019_bot_identity.sql': 'a1dbff1baba5e7528c0e6b8dbfcd38c3af52436980aca3286f3b6a899b86e3dd',
  '0020_practice_history_covering.sql': '488b68d98ce6e07c61e447bf816438b826fbfd4a972a3b225e1fd719f9f2513d',
};

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What is wrong with `dir` against the pins, one sentence a problem (none: all is well). */
function pinProblems(dir: string, pins: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [name, pinned] of Object.entries(pins)) {
    const file = join(dir, name);
    if (!existsSync(file)) {
      problems.push(
        `migrations/${name} is gone: released migrations are append-only: add a new one instead (put the file back as it was)`,
      );
    } else if (sha256(file) !== pinned) {
      problems.push(
        `migrations/${name} changed (sha256 ${sha256(file)}, released as ${pinned}): released migrations are append-only: add a new one instead (put the file back as it was)`,
      );
    }
  }
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.sql') && !(n in pins))
    .sort()) {
    problems.push(
      `migrations/${name} is not pinned: add '${name}': '${sha256(join(dir, name))}' to \`released\` in test/storage/migration-pins.test.ts in the change that adds it; once it lands it is released, and append-only like the others`,
    );
  }
  return problems;
}

describe('released migrations', () => {
  it('are all there, byte for byte as released, and every migration is pinned', () => {
    expect(pinProblems(migrationsDir, released)).toEqual([]);
  });
});

describe('the pin check', () => {
  let temp: ReturnType<typeof tempDir>;
  const pins = {
    '0001_a.sql': createHash('sha256')
      .update('CREATE TABLE a (team_id TEXT NOT NULL) STRICT;\n')
      .digest('hex'),
  };
  beforeEach(() => {
    temp = tempDir();
    writeFileSync(join(temp.dir, '0001_a.sql'), 'CREATE TABLE a (team_id TEXT NOT NULL) STRICT;\n');
  });
  afterEach(() => temp.cleanup());

  it('passes a folder that matches its pins', () => {
    expect(pinProblems(temp.dir, pins)).toEqual([]);
  });

  it('fails when a pinned migration changes, even by one byte', () => {
    writeFileSync(join(temp.dir, '0001_a.sql'), 'CREATE TABLE a (team_id TEXT NOT NULL) STRICT; \n');
    expect(pinProblems(temp.dir, pins)).toEqual([
      expect.stringMatching(
        /^migrations\/0001_a\.sql changed .*released migrations are append-only: add a new one instead/,
      ),
    ]);
  });

  it('fails when a pinned migration disappears', () => {
    rmSync(join(temp.dir, '0001_a.sql'));
    expect(pinProblems(temp.dir, pins)).toEqual([
      expect.stringMatching(
        /^migrations\/0001_a\.sql is gone: released migrations are append-only: add a new one instead/,
      ),
    ]);
  });

  it('fails on a new migration without a pin, saying to pin it', () => {
    writeFileSync(join(temp.dir, '0002_b.sql'), 'SELECT 1;\n');
    const problems = pinProblems(temp.dir, pins);
    expect(problems).toEqual([expect.stringContaining('migrations/0002_b.sql is not pinned')]);
    expect(problems[0]).toContain(`'0002_b.sql': '${sha256(join(temp.dir, '0002_b.sql'))}'`);
    expect(problems[0]).toContain('once it lands');
  });
});
