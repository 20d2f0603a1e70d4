import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../src/domain/delivery-policy.js';
import { publicHolidayOn } from '../../src/domain/holidays.js';
import { nextCard } from '../../src/domain/spaced-repetition.js';
import { migrationsDir } from '../../src/main.js';
import { createCardRepository } from '../../src/storage/card-repository.js';
import { type Db, openDatabase } from '../../src/storage/database.js';
import { loadDecks } from '../../src/storage/deck-files.js';
import { createLeaderboardRepository } from '../../src/storage/leaderboard-repository.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createOutboxRepository } from '../../src/storage/outbox-repository.js';
import { createReminderRepository } from '../../src/storage/reminder-repository.js';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.js';
import { createWorkspaceDeliveryRepository } from '../../src/storage/workspace-delivery-repository.js';
import { dispatchOutbox } from '../../src/use-cases/outbox-dispatcher.js';
import {
  type DailyPoster,
  dailyPostKinds,
  planDailyPosts,
  type RecapContent,
} from '../../src/use-cases/plan-daily-posts.js';
import { sampleStoriesDir, tempDir } from '../support/fixtures.js';

/**
 * The planner and the daily kinds' senders, with the real repositories on a migrated SQLite
 * database (in memory, or a temporary file shared by two "processes"), a fake poster and a clock
 * that moves only when told to (or when the dispatcher sleeps).
 */

const decks = loadDecks(sampleStoriesDir);
if (!decks.ok) throw new Error('the sample decks do not load');
const { library } = decks;

const T = 'T1';
const at = (iso: string) => Date.parse(iso);
const tuesday9 = at('2026-11-24T08:00:00Z'); // 09:00 in Berlin

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function open(file = ':memory:'): Db {
  const db = openDatabase(file);
  migrate(db, readMigrations(migrationsDir));
  cleanups.push(() => db.close());
  return db;
}

type Post =
  | { kind: 'question'; channelId: string; questionId: string; localDate: string }
  | { kind: 'recap'; channelId: string; recap: RecapContent; localDate: string }
  | { kind: 'reminder'; userId: string; due: number; localDate: string };

function world(db: Db = open(), clock = { now: tuesday9 }) {
  const posts: Post[] = [];
  const outcomes: DeliveryOutcome[] = [];
  const reply = (): DeliveryOutcome => outcomes.shift() ?? { ok: true, ts: `${posts.length}.000100` };
  const poster: DailyPoster = {
    async post({ channelId, question, localDate }) {
      posts.push({ kind: 'question', channelId, questionId: question.id, localDate });
      return reply();
    },
    async postRecap({ channelId, recap, localDate }) {
      posts.push({ kind: 'recap', channelId, recap, localDate });
      return reply();
    },
    async postReminder({ userId, due, localDate }) {
      posts.push({ kind: 'reminder', userId, due, localDate });
      return reply();
    },
    findPost: async () => ({ found: false }),
  };
  const now = () => clock.now;
  const subscriptions = createSubscriptionRepository(db);
  const outbox = createOutboxRepository(db);
  const reminders = createReminderRepository(db);
  const cards = createCardRepository(db);
  let seed = 7;
  let transactions = 0;
  const planDeps = {
    library,
    subscriptions,
    outbox,
    reminders,
    holidays: publicHolidayOn,
    atomically: <R>(fn: () => R): R => {
      transactions += 1;
      return db.transaction(fn).immediate();
    },
    random: () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    },
    now,
  };
  const dispatcher = {
    outbox,
    workspaceDelivery: createWorkspaceDeliveryRepository(db),
    kinds: dailyPostKinds({
      library,
      subscriptions,
      reminders,
      cards,
      leaderboard: createLeaderboardRepository(db),
      poster,
      holidays: publicHolidayOn,
      now,
    }),
    lookup: poster,
    now,
    sleep: async (ms: number) => {
      clock.now += ms;
    },
  };
  return {
    db,
    clock,
    posts,
    subscriptions,
    outbox,
    reminders,
    cards,
    /** The next replies of the poster (then ok). */
    nextReplies: (...replies: DeliveryOutcome[]) => outcomes.push(...replies),
    /** Transactions the planner opened so far. */
    transactions: () => transactions,
    plan: (instant = clock.now, options: { dryRun?: boolean } = {}) =>
      planDailyPosts(planDeps, instant, options),
    dispatch: () => dispatchOutbox(dispatcher),
    /** A scheduler pass at the clock's time. */
    async pass() {
      const planned = planDailyPosts(planDeps, clock.now);
      return { ...planned, ...(await dispatchOutbox(dispatcher)) };
    },
    subscribe(
      channelId: string,
      options: {
        time?: string;
        days?: Array<1 | 2 | 3 | 4 | 5 | 6 | 7>;
        holidays?: string;
        teamId?: string;
      } = {},
    ) {
      subscriptions.save({
        teamId: options.teamId ?? T,
        channelId,
        time: options.time ?? '09:00',
        timeZone: 'Europe/Berlin',
        days: options.days ?? [1, 2, 3, 4, 5],
        holidays: options.holidays ?? null,
        createdBy: 'U0',
        at: at('2026-11-01T00:00:00Z'),
      });
    },
    rows: () =>
      db
        .prepare(
          'SELECT channel_id, local_date, kind, question_id, round, status, last_error FROM daily_outbox ORDER BY id',
        )
        .all() as Array<{
        channel_id: string;
        local_date: string;
        kind: string;
        question_id: string | null;
        round: number;
        status: string;
        last_error: string | null;
      }>,
  };
}

describe('planDailyPosts: what is due now', () => {
  it('plans a channel’s question from its posting time on, once per local day', async () => {
    const w = world();
    w.subscribe('C1');
    const early = w.plan(tuesday9 - 60_000);
    expect(early.planned).toEqual([]);
    expect(early.skipped).toEqual([
      { teamId: T, channelId: 'C1', reason: 'next post 2026-11-24T08:00:00.000Z' },
    ]);

    const report = w.plan();
    expect(report.planned).toEqual([
      { teamId: T, channelId: 'C1', localDate: '2026-11-24', questionId: expect.any(String) },
    ]);
    expect(w.plan().skipped).toEqual([
      { teamId: T, channelId: 'C1', reason: 'already pending for 2026-11-24' },
    ]);
    await w.dispatch();
    w.clock.now = at('2026-11-24T20:00:00Z');
    expect(w.plan().skipped).toEqual([{ teamId: T, channelId: 'C1', reason: 'already sent for 2026-11-24' }]);
    expect(w.rows()).toEqual([
      expect.objectContaining({ channel_id: 'C1', kind: 'question', status: 'sent', round: 1 }),
    ]);
    expect(w.posts).toHaveLength(1);
  });

  it('one post per channel per local day through a second pass and a second process at once', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = `${dir}/star.db`;
    const clock = { now: tuesday9 };
    const first = world(open(file), clock);
    const second = world(open(file), clock); // another process on the same database
    first.subscribe('C1');
    first.subscribe('C2');
    const [a, b] = await Promise.all([first.pass(), second.pass()]);
    expect([...a.planned, ...b.planned].map((p) => p.channelId).sort()).toEqual(['C1', 'C2']);
    expect([...a.posted, ...b.posted].map((p) => p.channelId).sort()).toEqual(['C1', 'C2']);
    expect(
      [...first.posts, ...second.posts].map((p) => ('channelId' in p ? p.channelId : '')).sort(),
    ).toEqual(['C1', 'C2']);

    clock.now += 10 * 60_000;
    const again = await Promise.all([first.pass(), second.pass()]);
    expect(again.flatMap((r) => [...r.planned, ...r.posted])).toEqual([]);
    expect(first.posts.length + second.posts.length).toBe(2);
    expect(first.rows()).toHaveLength(2);
  });

  it('whole workspaces in each transaction, about 100 channels a commit, not one each', () => {
    const w = world();
    for (const teamId of ['T1', 'T2', 'T3'])
      for (let c = 0; c < 60; c++) w.subscribe(`C${teamId}X${c}`, { teamId });
    const report = w.plan();
    expect(report.planned).toHaveLength(180);
    expect(w.transactions()).toBe(2); // T1 and T2 (120 channels), then T3
    expect(w.rows()).toHaveLength(180);
    expect(w.plan().skipped).toHaveLength(180); // already planned: the same answer as one by one
  });

  it('a dry run writes nothing and says which question it would post', () => {
    const w = world();
    w.subscribe('C1');
    const report = w.plan(tuesday9, { dryRun: true });
    expect(report.planned).toEqual([
      { teamId: T, channelId: 'C1', localDate: '2026-11-24', questionId: expect.any(String) },
    ]);
    expect(w.rows()).toEqual([]);
  });

  it('a missed day is never planned on a later day', () => {
    const w = world();
    w.subscribe('C1');
    w.clock.now = at('2026-11-25T09:00:00Z'); // Wednesday: `star daily --at` Tuesday 09:00
    expect(w.plan(tuesday9).skipped).toEqual([
      {
        teamId: T,
        channelId: 'C1',
        reason: "2026-11-24 is not today in Europe/Berlin: only today's post is sent",
      },
    ]);
    expect(w.rows()).toEqual([]);
  });

  it('no question repeats in a channel until the deck is used up; then round 2 starts', async () => {
    const w = world();
    w.subscribe('C1', { days: [1, 2, 3, 4, 5, 6, 7] });
    for (let day = 0; day < library.questions.length + 1; day++) {
      w.clock.now = tuesday9 + day * 86_400_000;
      await w.pass();
    }
    const questions = w.rows().filter((r) => r.kind === 'question');
    const deck = library.questions.length;
    expect(new Set(questions.slice(0, deck).map((r) => r.question_id)).size).toBe(deck);
    expect(questions.map((r) => r.round)).toEqual([...Array(deck).fill(1), 2]);
  });

  it('Friday: the recap is planned with the question; a quiet week posts none', async () => {
    const w = world();
    w.subscribe('C1', { days: [1, 3] }); // Mondays and Wednesdays: the recap still comes on Friday
    w.clock.now = at('2026-11-27T08:00:00Z'); // Friday 09:00 in Berlin
    const report = await w.pass();
    expect(report.planned).toEqual([
      { teamId: T, channelId: 'C1', localDate: '2026-11-27', questionId: 'recap' },
    ]);
    expect(w.posts).toEqual([]);
    expect(w.rows()).toEqual([expect.objectContaining({ kind: 'recap', status: 'empty' })]);
  });

  it('Friday: a week with reviews gets its recap, with the top reviewers', async () => {
    const w = world();
    w.subscribe('C1');
    w.clock.now = at('2026-11-27T08:00:00Z');
    w.db
      .prepare(
        `INSERT INTO rubric_reviews (team_id, channel_id, message_ts, reviewer_id, author_id, situation, task, action, result, comment, created_at, updated_at)
         VALUES (?, 'C1', '1.000100', 'U2', 'U3', 4, 4, 4, 4, 'more numbers', ?, ?)`,
      )
      .run(T, w.clock.now - 86_400_000, w.clock.now - 86_400_000);
    const report = await w.pass();
    expect(report.planned.map((p) => p.questionId).sort()).toEqual(['recap', expect.any(String)].sort());
    expect(w.posts.filter((p) => p.kind === 'recap')).toEqual([
      {
        kind: 'recap',
        channelId: 'C1',
        localDate: '2026-11-27',
        recap: { topAnswers: [], topReviewers: [{ userId: 'U2', reviews: 1 }] },
      },
    ]);
    expect(report.posted.map((p) => p.kind).sort()).toEqual(['question', 'recap']);
  });
});

describe('public holidays', () => {
  /** What the pass at `iso` planned for the question of the day, per channel. */
  const questionsAt = (w: ReturnType<typeof world>, iso: string) => {
    w.clock.now = at(iso);
    const report = w.plan();
    return {
      planned: report.planned.filter((p) => p.questionId !== 'recap').map((p) => p.channelId),
      skipped: report.skipped,
    };
  };

  it('a channel that skips Germany’s gets no question on Christmas Day, and its next on Monday 28 December', () => {
    const w = world();
    w.subscribe('CDE', { holidays: 'DE' });
    w.subscribe('CPLAIN');
    // Thursday 24 December is Christmas Eve: a bank holiday in Germany, not a public one.
    expect(questionsAt(w, '2026-12-24T08:00:00Z').planned).toEqual(['CDE', 'CPLAIN']);
    const christmas = questionsAt(w, '2026-12-25T08:00:00Z');
    expect(christmas.planned).toEqual(['CPLAIN']);
    expect(christmas.skipped).toContainEqual({
      teamId: T,
      channelId: 'CDE',
      reason: '2026-12-25 is Christmas Day, a public holiday in DE: next post 2026-12-28T08:00:00.000Z',
    });
    // Still not at 23:59 in Berlin, after a day of passes.
    expect(questionsAt(w, '2026-12-25T22:59:00Z').planned).toEqual([]);
    expect(questionsAt(w, '2026-12-28T08:00:00Z').planned).toEqual(['CDE', 'CPLAIN']);
    expect(
      w
        .rows()
        .filter((r) => r.kind === 'question' && r.channel_id === 'CDE')
        .map((r) => r.local_date),
    ).toEqual(['2026-12-24', '2026-12-28']);
  });

  it('on every day of the week, Boxing Day on a Saturday too', () => {
    const w = world();
    w.subscribe('CDE', { holidays: 'DE', days: [1, 2, 3, 4, 5, 6, 7] });
    expect(questionsAt(w, '2026-12-26T08:00:00Z').planned).toEqual([]);
    expect(questionsAt(w, '2026-12-27T08:00:00Z').planned).toEqual(['CDE']);
  });

  it('a region’s own holidays: Epiphany in Bavaria (DE-BY), a working day in the rest of Germany', () => {
    const w = world();
    w.subscribe('CBY', { holidays: 'DE-BY' });
    w.subscribe('CDE', { holidays: 'DE' });
    expect(questionsAt(w, '2027-01-06T08:00:00Z').planned).toEqual(['CDE']);
  });

  it('nothing at all on a Friday holiday: the week’s recap comes the working day before', () => {
    const w = world();
    w.subscribe('CDE', { holidays: 'DE' });
    w.subscribe('CNONE');
    // Thursday 24 December: the question, and the recap a Christmas Friday would have had.
    w.clock.now = at('2026-12-24T08:00:00Z');
    const thursday = w.plan().planned.filter((p) => p.channelId === 'CDE');
    expect(thursday.map((p) => [p.localDate, p.questionId === 'recap' ? 'recap' : 'question'])).toEqual([
      ['2026-12-24', 'recap'],
      ['2026-12-24', 'question'],
    ]);
    // Friday 25 December: nothing for the channel that skips German holidays; the other gets both.
    w.clock.now = at('2026-12-25T08:00:00Z');
    const friday = w.plan().planned;
    expect(friday.filter((p) => p.channelId === 'CDE')).toEqual([]);
    expect(friday.filter((p) => p.channelId === 'CNONE').map((p) => p.questionId === 'recap')).toContain(
      true,
    );
  });
});

describe('reminder DMs', () => {
  const morning = at('2026-11-24T07:30:00Z'); // 08:30 in Berlin

  function withReminder() {
    const w = world(open(), { now: morning - 60_000 });
    w.reminders.set({ teamId: T, userId: 'U1', time: '08:30', timeZone: 'Europe/Berlin', at: 0 });
    return w;
  }

  it('planned from the user’s time on, once a day; the DM says how many questions are due', async () => {
    const w = withReminder();
    for (const question of library.questions.slice(0, 2)) {
      w.cards.save(T, 'U1', question.id, nextCard(undefined, 1, morning - 86_400_000), morning);
    }
    expect((await w.pass()).planned).toEqual([]);
    w.clock.now = morning;
    expect((await w.pass()).planned).toEqual([
      { teamId: T, channelId: 'U1', localDate: '2026-11-24', questionId: 'reminder' },
    ]);
    w.clock.now = morning + 3_600_000;
    expect((await w.pass()).planned).toEqual([]);
    expect(w.posts).toEqual([{ kind: 'reminder', userId: 'U1', due: 2, localDate: '2026-11-24' }]);
  });

  it('nothing due, no DM', async () => {
    const w = withReminder();
    w.clock.now = morning;
    await w.pass();
    expect(w.posts).toEqual([]);
    expect(w.rows()).toEqual([expect.objectContaining({ kind: 'reminder', status: 'empty' })]);
  });

  it('a user Slack cannot message any more has their reminder turned off', async () => {
    const w = withReminder();
    const question = library.questions[0];
    if (!question) throw new Error('no question in the sample deck');
    w.cards.save(T, 'U1', question.id, nextCard(undefined, 1, morning - 86_400_000), morning);
    w.clock.now = morning;
    w.nextReplies({ ok: false, kind: 'permanent', error: 'user_not_found', pause: 'none' });
    const report = await w.pass();
    expect(report.failed).toEqual([
      { teamId: T, channelId: 'U1', localDate: '2026-11-24', error: 'user_not_found', paused: false },
    ]);
    expect(w.reminders.ofTeam(T)).toEqual([]);
  });
});

describe('the daily kinds’ rules at delivery', () => {
  it('a question paused or skipped after it was planned is not sent: expired', async () => {
    const w = world();
    w.subscribe('C1');
    w.plan();
    w.subscriptions.skip(T, 'C1', '2026-11-24');
    await w.dispatch();
    expect(w.posts).toEqual([]);
    expect(w.rows()).toEqual([
      expect.objectContaining({ status: 'expired', last_error: 'paused or skipped after it was planned' }),
    ]);
  });

  it('a question planned for a day that became a holiday (holidays set after planning) is not sent', async () => {
    const w = world();
    w.subscribe('C1');
    w.clock.now = at('2026-12-25T08:00:00Z');
    expect(w.plan().planned.map((p) => p.channelId)).toContain('C1');
    w.subscribe('C1', { holidays: 'DE' });
    await w.dispatch();
    expect(w.posts.filter((p) => p.kind === 'question')).toEqual([]);
    expect(w.rows()).toContainEqual(
      expect.objectContaining({ kind: 'question', local_date: '2026-12-25', status: 'expired' }),
    );
  });

  it('a channel that unsubscribed after planning: failed, not sent', async () => {
    const w = world();
    w.subscribe('C1');
    w.plan();
    w.subscriptions.remove(T, 'C1');
    await w.dispatch();
    expect(w.posts).toEqual([]);
    expect(w.rows()).toEqual([
      expect.objectContaining({ status: 'failed', last_error: 'the channel unsubscribed' }),
    ]);
  });

  it('a channel Slack refuses for good is paused with the reason; a bad post pauses nothing', async () => {
    const w = world();
    w.subscribe('C1');
    w.subscribe('C2');
    w.nextReplies(
      { ok: false, kind: 'permanent', error: 'not_in_channel', pause: 'channel' },
      { ok: false, kind: 'permanent', error: 'invalid_blocks', pause: 'none' },
    );
    const report = await w.pass();
    expect(report.failed).toEqual([
      { teamId: T, channelId: 'C1', localDate: '2026-11-24', error: 'not_in_channel', paused: true },
      { teamId: T, channelId: 'C2', localDate: '2026-11-24', error: 'invalid_blocks', paused: false },
    ]);
    expect(w.subscriptions.find(T, 'C1')).toMatchObject({
      paused: true,
      pauseReason: 'Slack refused the post: not_in_channel',
    });
    expect(w.subscriptions.find(T, 'C2')?.paused).toBe(false);
  });

  it('a question gone from the decks is failed, and reported as such', async () => {
    const w = world();
    w.subscribe('C1');
    w.outbox.add({
      teamId: T,
      channelId: 'C1',
      localDate: '2026-11-24',
      questionId: 'removed-question',
      round: 1,
      at: w.clock.now,
    });
    const report = await w.dispatch();
    expect(report.failed).toEqual([
      { teamId: T, channelId: 'C1', localDate: '2026-11-24', error: 'question not in decks', paused: false },
    ]);
    expect(w.rows()).toEqual([
      expect.objectContaining({
        status: 'failed',
        last_error: 'question removed-question is no longer in the decks',
      }),
    ]);
  });
});
