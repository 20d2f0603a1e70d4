/**
 * A quick load check of the one-SQLite-node design (docs/decisions/0001-one-sqlite-node.md):
 * reaction events through the real scoring path, then leaderboard queries on the result.
 *   node --import tsx test/bench/storage-load.ts [reactions] [answers]
 * It writes to a temporary file (WAL, as in production) and prints rates and latencies.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWeights } from '../../src/domain/scoring.js';
import { migrationsDir } from '../../src/main.js';
import { openDatabase } from '../../src/storage/database.js';
import { groupCommit } from '../../src/storage/group-commit.js';
import { createLeaderboardRepository } from '../../src/storage/leaderboard-repository.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createReviewRepository } from '../../src/storage/review-repository.js';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.js';
import { createThreadAnswerRepository } from '../../src/storage/thread-answer-repository.js';
import { recordReaction } from '../../src/use-cases/peer-review.js';

const reactions = Number(process.argv[2] ?? 200_000);
const answers = Number(process.argv[3] ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'star-bench-'));
const db = openDatabase(join(dir, 'bench.db'));
migrate(db, readMigrations(migrationsDir));
const threadAnswers = createThreadAnswerRepository(db);
const deps = {
  reviews: createReviewRepository(db),
  threadAnswers,
  leaderboard: createLeaderboardRepository(db),
  subscriptions: createSubscriptionRepository(db),
  weights: defaultWeights,
  people: { lookup: async (_team: string, userId: string) => ({ userId, name: userId, isBot: false }) },
  atomically: <T>(fn: () => T) => db.transaction(fn).immediate(),
  later: groupCommit(db),
};
const users = 2000;
const start = Date.parse('2026-11-01T00:00:00Z');
db.transaction(() => {
  for (let i = 0; i < answers; i++) {
    threadAnswers.add({
      teamId: 'T1',
      channelId: `C${i % 20}`,
      messageTs: `${1_800_000_000 + i}.000100`,
      threadTs: '1.1',
      userId: `U${i % users}`,
      questionId: `q${i % 50}`,
      source: 'reply',
      kind: 'answer',
      text: 'answer',
      createdAt: start + i * 60_000,
    });
  }
})();
const emojis = ['star', 'fire', 'tada', 'rocket'];
const t0 = performance.now();
for (let i = 0; i < reactions; i++) {
  const answer = i % answers;
  await recordReaction(
    deps,
    {
      teamId: 'T1',
      channelId: `C${answer % 20}`,
      messageTs: `${1_800_000_000 + answer}.000100`,
      itemType: 'message',
      reactorId: `U${(i * 7919) % users}`,
      reaction: emojis[i % emojis.length] ?? 'star',
      action: i % 10 === 9 ? 'removed' : 'added',
      eventId: `Ev${i}`,
      eventTime: i,
    },
    start,
  );
}
const ingestSeconds = (performance.now() - t0) / 1000;
const timings: number[] = [];
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  deps.leaderboard.answerers('T1', `C${i % 20}`, start, start + 60 * 86_400_000);
  timings.push(performance.now() - t);
}
timings.sort((a, b) => a - b);
const pct = (p: number) => timings[Math.min(timings.length - 1, Math.floor(p * timings.length))]?.toFixed(2);
console.log(`answers ${answers}, reactions ${reactions}`);
console.log(
  `reaction ingest: ${(reactions / ingestSeconds).toFixed(0)} events/s (scoring and SQLite writes, one process)`,
);
console.log(`channel leaderboard: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
console.log(`database size: ${(statSync(join(dir, 'bench.db')).size / 1024 / 1024).toFixed(1)} MiB (+ WAL)`);
db.close();
rmSync(dir, { recursive: true, force: true });
