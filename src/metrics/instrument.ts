import { starAnswerKind } from '../domain/answer-kind.js';
import { type PostTime, postTimeTextSchema, zonedInstant } from '../domain/calendar.js';
import type { DeliveryOutcome } from '../domain/delivery-policy.js';
import type { EventIntake } from '../slack/event-intake.js';
import type { AnswerRepository } from '../storage/answer-repository.js';
import type { ReviewRepository } from '../storage/review-repository.js';
import type { ThreadAnswerRepository } from '../storage/thread-answer-repository.js';
import type { DailyPoster } from '../use-cases/plan-daily-posts.js';
import type { Metrics } from './metrics.js';

/**
 * The metrics reach the app through the ports main.ts wires, never through the domain or the use
 * cases: each wrapper here takes a port (a poster, a repository, the event intake) and returns the
 * same port, counting what goes through it.
 */

/** The schedules a post's minute is read from: a channel's posting time, a user's reminder time. */
export type Schedules = {
  readonly subscriptions: {
    /** The channel's posting time and zone only (read for every post: a narrow read). */
    postingTime(teamId: string, channelId: string): { time: PostTime; timeZone: string } | undefined;
  };
  readonly reminders: {
    ofUser(teamId: string, userId: string): { time: string; timeZone: string } | undefined;
  };
};

/**
 * The minute a post was scheduled for: the channel's posting time on its local date (the question
 * of the day, Friday's recap), or the user's reminder time (a reminder DM); undefined when the
 * channel or reminder is gone. Read when the post is sent, so a time changed since counts as changed.
 * `instant` turns a local date, time and zone into the instant (memoized by the caller).
 */
function scheduledMinute(
  schedules: Schedules,
  instant: (date: string, time: PostTime, timeZone: string) => number,
  kind: 'question' | 'recap' | 'reminder',
  where: { teamId: string; channelId: string; localDate: string },
): number | undefined {
  if (kind === 'reminder') {
    const reminder = schedules.reminders.ofUser(where.teamId, where.channelId);
    const time = reminder ? postTimeTextSchema.safeParse(reminder.time) : undefined;
    return reminder && time?.success ? instant(where.localDate, time.data, reminder.timeZone) : undefined;
  }
  const posting = schedules.subscriptions.postingTime(where.teamId, where.channelId);
  return posting ? instant(where.localDate, posting.time, posting.timeZone) : undefined;
}

/**
 * `zonedInstant`, remembered: a day's posts share a few (date, time, zone) triples, and each
 * conversion formats the instant in the zone two or three times (`Intl`, the costly part).
 */
function rememberedInstants(): (date: string, time: PostTime, timeZone: string) => number {
  const known = new Map<string, number>();
  return (date, time, timeZone) => {
    const key = `${date} ${time.hour}:${time.minute} ${timeZone}`;
    let at = known.get(key);
    if (at === undefined) {
      at = zonedInstant(date, time, timeZone);
      if (known.size >= 10_000) known.clear();
      known.set(key, at);
    }
    return at;
  };
}

/**
 * The daily poster, observing each post Slack took: the lag from its scheduled minute to the moment
 * Slack answered (`star_post_lag_seconds`, by kind). Posts found by a lookup after a doubt are not
 * sends, and are not observed.
 */
export function observedPoster(
  poster: DailyPoster,
  deps: { schedules: Schedules; now: () => number; metrics: Pick<Metrics, 'postSent'> },
): DailyPoster {
  const instant = rememberedInstants();
  const observe = async (
    kind: 'question' | 'recap' | 'reminder',
    where: { teamId: string; channelId: string; localDate: string },
    sending: Promise<DeliveryOutcome>,
  ): Promise<DeliveryOutcome> => {
    const outcome = await sending;
    if (outcome.ok) {
      const scheduled = scheduledMinute(deps.schedules, instant, kind, where);
      if (scheduled !== undefined) deps.metrics.postSent(kind, (deps.now() - scheduled) / 1000);
    }
    return outcome;
  };
  return {
    ...poster,
    post: (input) => observe('question', input, poster.post(input)),
    postRecap: (input) => observe('recap', input, poster.postRecap(input)),
    postReminder: (input) =>
      observe('reminder', { ...input, channelId: input.userId }, poster.postReminder(input)),
  };
}

/** What `countedRecords` counts: the answers and reactions the app records. */
export type RecordCounter = Pick<Metrics, 'answerRecorded' | 'reactionRecorded'>;

/**
 * The repositories that record answers and reactions, counting each new record: a thread reply
 * (`threadAnswers.add` with source `reply`; a STAR form posted to a thread was counted when it was
 * saved), a STAR form (`answers.save`), a reaction first seen (`addReactionEvent`). Without a
 * counter, the repositories as they are.
 */
export function countedRecords(counter: RecordCounter | undefined) {
  return {
    threadAnswers(repo: ThreadAnswerRepository): ThreadAnswerRepository {
      if (!counter) return repo;
      return {
        ...repo,
        add: (answer) => {
          const added = repo.add(answer);
          if (added && answer.source === 'reply') counter.answerRecorded('thread-reply', answer.kind);
          return added;
        },
      };
    },
    answers(repo: AnswerRepository): AnswerRepository {
      if (!counter) return repo;
      return {
        ...repo,
        save: (input) => {
          const id = repo.save(input);
          counter.answerRecorded('form', starAnswerKind(input));
          return id;
        },
      };
    },
    reviews(repo: ReviewRepository): ReviewRepository {
      if (!counter) return repo;
      return {
        ...repo,
        addReactionEvent: (input) => {
          const added = repo.addReactionEvent(input);
          if (added) counter.reactionRecorded(input.action);
          return added;
        },
      };
    },
  };
}

/**
 * The event intake, counting each Events API callback as it arrives: stored as new (ingested), a
 * retry of one stored before, or not stored (it was not acknowledged, and Slack sends it again).
 * Inside `together` the counts wait for its commit: callbacks whose inserts a failed commit undid
 * are counted as not stored, not as ingested.
 */
export function countedIntake(intake: EventIntake, metrics: Pick<Metrics, 'eventReceived'>): EventIntake {
  type Count = { readonly type: string; readonly how: 'new' | 'retry' | 'not-stored' };
  /** The counts of the transaction `together` runs, until it ends. */
  let uncommitted: Count[] | undefined;
  const count = (type: string, how: Count['how']) => {
    if (uncommitted) uncommitted.push({ type, how });
    else metrics.eventReceived(type, how);
  };
  const { together } = intake;
  return {
    ...intake,
    receive: (events) => {
      let stored: ReadonlyArray<'new' | 'seen'>;
      try {
        stored = intake.receive(events);
      } catch (error) {
        for (const event of events) count(event.eventType, 'not-stored');
        throw error;
      }
      events.forEach((event, i) => {
        count(event.eventType, stored[i] === 'new' ? 'new' : 'retry');
      });
      return stored;
    },
    ...(together && {
      together<T>(work: () => T): T {
        const counts: Count[] = [];
        uncommitted = counts;
        let committed = false;
        try {
          const result = together(work);
          committed = true;
          return result;
        } finally {
          uncommitted = undefined;
          for (const { type, how } of counts) metrics.eventReceived(type, committed ? how : 'not-stored');
        }
      },
    }),
  };
}
