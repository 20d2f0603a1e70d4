import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../src/domain/delivery-policy.js';
import { migrationsDir } from '../../src/main.js';
import {
  countedIntake,
  countedRecords,
  observedPoster,
  type Schedules,
} from '../../src/metrics/instrument.js';
import type { EventIntake } from '../../src/slack/event-intake.js';
import { createAnswerRepository } from '../../src/storage/answer-repository.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrate, readMigrations } from '../../src/storage/migrate.js';
import { createReviewRepository } from '../../src/storage/review-repository.js';
import { createThreadAnswerRepository } from '../../src/storage/thread-answer-repository.js';
import type { DailyPoster } from '../../src/use-cases/plan-daily-posts.js';

const at = (iso: string) => Date.parse(iso);

/** A poster whose sends answer `outcome`; lookups are never made here. */
function fakePoster(outcome: DeliveryOutcome): DailyPoster {
  return {
    post: async () => outcome,
    postRecap: async () => outcome,
    postReminder: async () => outcome,
    findPost: async () => ({ found: false }),
  };
}

const schedules: Schedules = {
  subscriptions: {
    postingTime: (_teamId, channelId) =>
      channelId === 'C1' ? { time: { hour: 9, minute: 0 }, timeZone: 'Europe/Berlin' } : undefined,
  },
  reminders: {
    ofUser: (_teamId, userId) =>
      userId === 'U1' ? { time: '08:30', timeZone: 'America/New_York' } : undefined,
  },
};

describe('observedPoster', () => {
  const question = { id: 'q1' } as Parameters<DailyPoster['post']>[0]['question'];
  const observe = (outcome: DeliveryOutcome, now: number) => {
    const lags: Array<[string, number]> = [];
    const poster = observedPoster(fakePoster(outcome), {
      schedules,
      now: () => now,
      metrics: { postSent: (kind, lag) => lags.push([kind, lag]) },
    });
    return { poster, lags };
  };

  it("measures a post's lag from its channel's posting time, in the channel's zone", async () => {
    const { poster, lags } = observe({ ok: true, ts: '1.1' }, at('2026-11-24T08:02:30Z'));
    const outcome = await poster.post({
      teamId: 'T1',
      channelId: 'C1',
      question,
      outboxId: 1,
      localDate: '2026-11-24',
    });
    expect(outcome).toEqual({ ok: true, ts: '1.1' });
    await poster.postRecap({
      teamId: 'T1',
      channelId: 'C1',
      outboxId: 2,
      localDate: '2026-11-24',
      recap: { topAnswers: [], topReviewers: [] },
      questionPrompt: () => undefined,
    });
    expect(lags).toEqual([
      ['question', 150],
      ['recap', 150],
    ]);
  });

  it("measures a reminder's lag from the user's reminder time", async () => {
    const { poster, lags } = observe({ ok: true, ts: '1.1' }, at('2026-11-24T13:31:00Z'));
    await poster.postReminder({ teamId: 'T1', userId: 'U1', outboxId: 3, localDate: '2026-11-24', due: 2 });
    expect(lags).toEqual([['reminder', 60]]);
  });

  it('observes nothing for a post Slack did not take, or one whose schedule is gone', async () => {
    const refused = observe(
      { ok: false, kind: 'transient', error: 'internal_error' },
      at('2026-11-24T08:00:00Z'),
    );
    await refused.poster.post({
      teamId: 'T1',
      channelId: 'C1',
      question,
      outboxId: 1,
      localDate: '2026-11-24',
    });
    const gone = observe({ ok: true, ts: '1.2' }, at('2026-11-24T08:00:00Z'));
    await gone.poster.post({ teamId: 'T1', channelId: 'C9', question, outboxId: 1, localDate: '2026-11-24' });
    await gone.poster.postReminder({
      teamId: 'T1',
      userId: 'U9',
      outboxId: 2,
      localDate: '2026-11-24',
      due: 1,
    });
    expect([...refused.lags, ...gone.lags]).toEqual([]);
  });
});

describe('countedIntake', () => {
  it('counts each callback as new, a retry, or not stored (and still throws)', () => {
    const seen: Array<[string, string]> = [];
    let next: 'new' | 'seen' | 'throw' = 'new';
    const intake: EventIntake = {
      receive: (events) => {
        if (next === 'throw') throw new Error('database is locked');
        return events.map(() => next as 'new' | 'seen');
      },
      settle: () => {},
    };
    const counted = countedIntake(intake, { eventReceived: (type, how) => seen.push([type, how]) });
    const event = { teamId: 'T1', eventId: 'Ev1', eventType: 'reaction_added', body: '{}' };
    expect(counted.receive([event])).toEqual(['new']);
    next = 'seen';
    expect(counted.receive([event])).toEqual(['seen']);
    next = 'throw';
    expect(() => counted.receive([event])).toThrow('database is locked');
    expect(seen).toEqual([
      ['reaction_added', 'new'],
      ['reaction_added', 'retry'],
      ['reaction_added', 'not-stored'],
    ]);
  });

  it('counts every callback of a batch, and every one as not stored when the batch fails', () => {
    const seen: Array<[string, string]> = [];
    let fail = false;
    const intake: EventIntake = {
      receive: (events) => {
        if (fail) throw new Error('database is locked');
        return events.map((event) => (event.eventId === 'Ev2' ? 'seen' : 'new'));
      },
      settle: () => {},
    };
    const counted = countedIntake(intake, { eventReceived: (type, how) => seen.push([type, how]) });
    const event = (eventId: string, eventType: string) => ({ teamId: 'T1', eventId, eventType, body: '{}' });
    expect(counted.receive([event('Ev1', 'reaction_added'), event('Ev2', 'message')])).toEqual([
      'new',
      'seen',
    ]);
    fail = true;
    expect(() => counted.receive([event('Ev3', 'reaction_added'), event('Ev4', 'message')])).toThrow(
      'database is locked',
    );
    expect(seen).toEqual([
      ['reaction_added', 'new'],
      ['message', 'retry'],
      ['reaction_added', 'not-stored'],
      ['message', 'not-stored'],
    ]);
  });
  it('inside one commit with the outcomes, counts once it is committed; a failed commit counts them not stored', () => {
    const seen: Array<[string, string]> = [];
    let commitFails = false;
    const intake: EventIntake = {
      receive: (events) => events.map(() => 'new'),
      settle: () => {},
      together: (work) => {
        const result = work();
        if (commitFails) throw new Error('disk I/O error'); // the inserts are rolled back with it
        return result;
      },
    };
    const counted = countedIntake(intake, { eventReceived: (type, how) => seen.push([type, how]) });
    const event = (eventId: string) => ({ teamId: 'T1', eventId, eventType: 'reaction_added', body: '{}' });
    const together = counted.together;
    if (!together) throw new Error('together is kept');
    expect(
      together(() => {
        const stored = counted.receive([event('Ev1')]);
        expect(seen).toEqual([]); // not before the commit
        return stored;
      }),
    ).toEqual(['new']);
    expect(seen).toEqual([['reaction_added', 'new']]);
    commitFails = true;
    expect(() => together(() => counted.receive([event('Ev2'), event('Ev3')]))).toThrow('disk I/O error');
    expect(seen).toEqual([
      ['reaction_added', 'new'],
      ['reaction_added', 'not-stored'],
      ['reaction_added', 'not-stored'],
    ]);
    // Outside a shared commit, counted at once as before.
    counted.receive([event('Ev4')]);
    expect(seen.at(-1)).toEqual(['reaction_added', 'new']);
  });
});

describe('countedRecords', () => {
  const db = openDatabase(':memory:');
  migrate(db, readMigrations(migrationsDir));
  const counts: string[] = [];
  const counted = countedRecords({
    answerRecorded: (via, kind) => counts.push(`${via}:${kind}`),
    reactionRecorded: (action) => counts.push(`reaction:${action}`),
  });

  it('without a counter, hands back the repositories themselves', () => {
    const repo = createThreadAnswerRepository(db);
    expect(countedRecords(undefined).threadAnswers(repo)).toBe(repo);
  });

  it('counts a thread reply once (not again when Slack repeats it), and a STAR form when it is saved', () => {
    counts.length = 0;
    const threadAnswers = counted.threadAnswers(createThreadAnswerRepository(db));
    const reply = {
      teamId: 'T1',
      channelId: 'C1',
      messageTs: '2.1',
      threadTs: '1.1',
      userId: 'U1',
      questionId: 'q1',
      source: 'reply' as const,
      text: 'I fixed it.',
      kind: 'answer' as const,
      createdAt: 0,
    };
    expect(threadAnswers.add(reply)).toBe(true);
    expect(threadAnswers.add(reply)).toBe(false);
    // A STAR form posted to a thread is stored there too: it was counted when it was saved.
    expect(threadAnswers.add({ ...reply, messageTs: '2.2', source: 'modal' })).toBe(true);
    const answers = counted.answers(createAnswerRepository(db));
    answers.save({
      teamId: 'T1',
      userId: 'U1',
      questionId: 'q1',
      at: 0,
      situation: 'x',
      task: 'x',
      action: 'x',
      result: 'x',
    });
    expect(counts).toEqual(['thread-reply:answer', 'form:filler']);
  });

  it('counts a reaction the first time the ledger takes it', () => {
    counts.length = 0;
    const reviews = counted.reviews(createReviewRepository(db));
    const reaction = {
      teamId: 'T1',
      channelId: 'C1',
      messageTs: '2.1',
      reactorId: 'U2',
      reaction: 'star',
      action: 'added' as const,
      eventId: 'Ev1',
      eventTime: 1,
      reactorIsBot: false,
      at: 0,
    };
    expect(reviews.addReactionEvent(reaction)).toBe(true);
    expect(reviews.addReactionEvent(reaction)).toBe(false);
    expect(reviews.addReactionEvent({ ...reaction, action: 'removed', eventId: 'Ev2', eventTime: 2 })).toBe(
      true,
    );
    expect(counts).toEqual(['reaction:added', 'reaction:removed']);
  });
});
