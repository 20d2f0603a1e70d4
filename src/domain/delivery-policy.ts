/**
 * What a delivery attempt of an outbox row means for that row: when to try again, when to look for
 * the post first, when to give up, and what to pause. Pure: time comes in as `now` (ms since the
 * epoch), outcomes come in already classified (the Slack edge sorts Slack's errors into
 * `DeliveryOutcome`s), and every function returns a decision for the dispatcher to carry out.
 *
 * Worked example, a question of the day sent at 09:00:00 (attempt 1):
 *   503                 → retry at 09:00:01 (back-off 1 s; Slack did not take it)
 *   429, Retry-After 7  → retry at 09:00:07, and the workspace's sends slow down (5% to 25%)
 *   timeout             → in doubt until 09:00:08 (back-off of attempt 4): look for the post first
 *     looked up, found      → sent (recovered)
 *     looked up, not found  → sent again at once
 *     cannot tell, day over → expired: never resent blind
 *   invalid_auth        → the workspace is paused once; the row waits with the others
 *   not_in_channel      → failed, and the channel is paused with the reason
 */

/** What happened to one delivery attempt, as the Slack edge classifies it. */
export type DeliveryOutcome =
  | { ok: true; ts: string }
  | { ok: false; kind: 'rate-limited'; retryAfterMs: number; error: string }
  /** Slack did not take it (503, connection refused): safe to send again. */
  | { ok: false; kind: 'transient'; error: string }
  /** Slack may have taken it (a timeout, a reset, a 500): look for the post before sending again. */
  | { ok: false; kind: 'unknown'; error: string }
  /**
   * Will not heal by retrying. `pause` says what to pause: the channel when the channel is the
   * problem, the whole workspace when its token is (every send would fail the same way).
   */
  | { ok: false; kind: 'permanent'; error: string; pause: 'channel' | 'workspace' | 'none' };

/**
 * What sending a row came to: Slack's outcome, or a reason the kind's sender gave for not sending:
 * `empty` (nothing to say today, such as a recap of a quiet week) or `unsendable` (its content is
 * gone, such as a question removed from the decks; `error` is reported, `reason` stored).
 */
export type SendOutcome =
  | DeliveryOutcome
  | { ok: false; kind: 'empty' }
  | { ok: false; kind: 'unsendable'; error: string; reason: string };

/** What a lookup for a post in doubt found. */
export type FoundPost =
  | { found: true; ts: string }
  | { found: false }
  /** Could not tell now; `retryAfterMs` when Slack said when to ask again (a 429). */
  | { found: 'unknown'; error: string; retryAfterMs?: number };

/**
 * Whether a row should still go out, by its kind's rule: `wanted`; `unwanted` (its channel was
 * paused or told to skip that day after it was planned); `over` (its local day has ended); `gone`
 * (the channel unsubscribed, the reminder was turned off).
 */
export type Standing = 'wanted' | 'unwanted' | 'over' | 'gone';

/** What the dispatcher does with the row next. */
export type RowAction =
  | { readonly do: 'mark-sent'; readonly ts: string }
  /** Nothing to say: not posted, and not tried again. */
  | { readonly do: 'mark-empty' }
  /** Back to pending until `at`; `slowDown`: Slack said the workspace sends too fast. */
  | { readonly do: 'retry'; readonly at: number; readonly error: string; readonly slowDown: boolean }
  /**
   * Look for the post at `until` before anything is sent again. `stopLookups`: Slack limited the
   * lookups themselves, so the workspace's other rows in doubt wait for a later pass.
   */
  | { readonly do: 'doubt'; readonly until: number; readonly error: string; readonly stopLookups: boolean }
  /** The token no longer works: pause the whole workspace once; the row waits (pending) with the others. */
  | {
      readonly do: 'pause-workspace';
      readonly reason: string;
      readonly error: string;
      readonly retryAt: number;
    }
  /** Slack refused it for good; `pause: 'channel'` when the channel is the problem. */
  | { readonly do: 'fail'; readonly error: string; readonly pause: 'channel' | 'none' }
  /** It cannot or need not be sent (its content is gone, its channel left): failed, `error` reported. */
  | { readonly do: 'drop'; readonly reason: string; readonly error: string }
  | { readonly do: 'expire'; readonly reason: string }
  | { readonly do: 'keep' };

/** A sender that claimed a row and died (or hung) is presumed gone after this long. */
export const sendLeaseMs = 2 * 60_000;

/**
 * A post carries a Slack ts within this long of when its send started (the send times out within
 * seconds; the rest is room for clocks that differ). The lookup reads only a window around it:
 * conversations.history gives apps outside the Marketplace one call a minute and 15 messages a page.
 */
const sendWindowMs = 30_000;

const dayOverReason = 'the local day ended before it could be sent';
const goneReason = 'the channel unsubscribed';
const unwantedReason = 'paused or skipped after it was planned';

/** Back-off after the n-th failed attempt: 1 s, 2 s, 4 s … up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The part of the channel's history to read for a post in doubt: from a window before its send
 * started to two after. Around `sendStartedAt`, never `claimedAt`: a lookup that takes the row over
 * moves its claim, and a second lookup around the claim could miss the post and resend it.
 */
export function lookupWindow(sendStartedAt: number): { since: number; until: number } {
  return { since: sendStartedAt - sendWindowMs, until: sendStartedAt + 2 * sendWindowMs };
}

/**
 * What a send attempt means for its row. `attempts` counts this attempt; `now` is when the
 * outcome came back.
 */
export function afterSend(outcome: SendOutcome, attempts: number, now: number): RowAction {
  if (outcome.ok) return { do: 'mark-sent', ts: outcome.ts };
  switch (outcome.kind) {
    case 'empty':
      return { do: 'mark-empty' };
    case 'unsendable':
      return { do: 'drop', reason: outcome.reason, error: outcome.error };
    case 'rate-limited':
      // This row waits out Retry-After; the workspace's pacing slows down (the others go on).
      return { do: 'retry', at: now + outcome.retryAfterMs, error: outcome.error, slowDown: true };
    case 'transient':
      return { do: 'retry', at: now + backoffMs(attempts), error: outcome.error, slowDown: false };
    case 'unknown':
      return {
        do: 'doubt',
        until: now + backoffMs(attempts + 3),
        error: outcome.error,
        stopLookups: false,
      };
    case 'permanent':
      // A refused token: every send of the workspace would fail the same way. The row waits with
      // the others and goes out the same local day if the token works again by then.
      return outcome.pause === 'workspace'
        ? {
            do: 'pause-workspace',
            reason: `Slack refused the workspace's token: ${outcome.error}`,
            error: outcome.error,
            retryAt: now,
          }
        : { do: 'fail', error: outcome.error, pause: outcome.pause };
  }
}

/**
 * What a lookup for a post in doubt means for its row: found, it was sent; not found, send it
 * again while its day lasts; still unknown, look again later while its day lasts, and never
 * resend blind. `attempts` is the row's count so far; `now` is when the lookup came back.
 */
export function afterLookup(found: FoundPost, standing: Standing, attempts: number, now: number): RowAction {
  if (found.found === true) return { do: 'mark-sent', ts: found.ts };
  if (found.found === false) {
    if (standing === 'gone') return { do: 'drop', reason: goneReason, error: goneReason };
    if (standing === 'over') return { do: 'expire', reason: dayOverReason };
    // Not out: back to pending (a row no longer wanted is then expired like any pending row).
    return { do: 'retry', at: now, error: 'sent again: no post was found', slowDown: false };
  }
  if (standing === 'gone' || standing === 'over') {
    return { do: 'expire', reason: `in doubt and unresolved: ${found.error}` };
  }
  return {
    do: 'doubt',
    until: now + Math.max(backoffMs(attempts + 4), found.retryAfterMs ?? 0),
    error: found.error,
    stopLookups: found.retryAfterMs !== undefined,
  };
}

/** A pending row that must not go out any more: its day is over, its channel left, or it is unwanted. */
export function beforeSend(standing: Standing): RowAction {
  switch (standing) {
    case 'gone':
      return { do: 'drop', reason: goneReason, error: goneReason };
    case 'over':
      return { do: 'expire', reason: dayOverReason };
    case 'unwanted':
      return { do: 'expire', reason: unwantedReason };
    case 'wanted':
      return { do: 'keep' };
  }
}

/**
 * Pacing per workspace: a token bucket whose rate adapts (additive increase, multiplicative decrease).
 * A workspace may start `workspaceBurst` sends at once, then one every `interval` ms (the bucket
 * refills one token per interval, up to the burst). Each start shortens the interval by 0.2% (down
 * to 2 ms); a 429 lengthens it (up to 2 s, once per round trip) as much as Slack's last answers say
 * it sends too fast, and empties the bucket: by 5% when at most one answer in twenty was a 429 (at
 * its limit, probing for more), by a quarter when a fifth of them or more were (far over it).
 * Gentle at the limit, where a quarter off after each 429 was then won back over the next second
 * (1,000 posts at 50 a second, simulated with jitter and Slack's random 429s: 4.9% over what the
 * limit allows, up to 20%; now 3.2%, at most 7.6%), and as quick as before to find a lower limit.
 * A pass settles just under the workspace's limit; a 429 delays only the row that got it (it waits
 * out Retry-After) and slows only its own workspace, so one channel's limit never stalls the others,
 * nor one workspace another.
 */
export type Pacing = {
  readonly interval: number;
  /** Sends the bucket held at `at` (below 1: the next start waits for the refill). */
  readonly tokens: number;
  readonly at: number;
  /** When the last 429 slowed it down: sends started before then were already answered for. */
  readonly slowedAt: number;
  /** Slack's last `answers` answers (at most `answerWindow`), the newest in the lowest bit: 1 for a 429. */
  readonly recent: number;
  readonly answers: number;
};

/** Sends a workspace may start at once before its steady rate applies. */
export const workspaceBurst = 10;

export const initialPacing: Pacing = {
  interval: 20,
  tokens: workspaceBurst,
  at: 0,
  slowedAt: 0,
  recent: 0,
  answers: 0,
};

/** How many of Slack's last answers tell how far over its limit a workspace sends. */
const answerWindow = 20;
/** Fewer answers than this count as this many (a first 429 alone is not "all of them"). */
const fewestAnswers = 10;

function tokensAt(pacing: Pacing, now: number): number {
  return Math.min(workspaceBurst, pacing.tokens + Math.max(0, now - pacing.at) / pacing.interval);
}

/** When the workspace's next send may start. */
export function pacedNextAt(pacing: Pacing): number {
  return pacing.at + Math.max(0, 1 - pacing.tokens) * pacing.interval;
}

/**
 * A workspace's last stretch: with fewer sends left than its current rate gets through in this long,
 * it stops probing for more and keeps the rate that works. A 429 there would make its row wait out
 * Retry-After after everything else is done, and hold up the end of the pass.
 */
const holdRateForMs = 1500;

/**
 * A send starts at `now`, with `left` more ready to go after it: it takes a token, and the interval
 * shrinks by 0.2% (down to 2 ms), unless the workspace is in its last stretch.
 */
export function pacedStart(pacing: Pacing, now: number, left = Number.POSITIVE_INFINITY): Pacing {
  const probe = left * pacing.interval > holdRateForMs;
  return {
    ...pacing,
    interval: probe ? Math.max(2, pacing.interval * 0.998) : pacing.interval,
    tokens: tokensAt(pacing, now) - 1,
    at: now,
  };
}

/** Slack answered a send: ok, or 429 (`limited`). Other answers say nothing of the workspace's rate. */
export function pacedAnswer(pacing: Pacing, limited: boolean): Pacing {
  return {
    ...pacing,
    recent: ((pacing.recent << 1) | (limited ? 1 : 0)) & ((1 << answerWindow) - 1),
    answers: Math.min(answerWindow, pacing.answers + 1),
  };
}

/** The share of Slack's last answers that were 429s (`pacedAnswer`). */
function limitedShare(pacing: Pacing): number {
  let limited = 0;
  for (let bits = pacing.recent; bits !== 0; bits &= bits - 1) limited += 1;
  return limited / Math.max(fewestAnswers, pacing.answers);
}

/**
 * Slack said 429 at `now` to a send started at `startedAt` (its answer already counted by
 * `pacedAnswer`): the interval grows as if Slack took only the answers that were not 429s (by 5% at
 * least, a quarter at most; up to 2 s), and the bucket is emptied (no more burst). Once per round trip: the 429s of sends that were already on their way when it slowed
 * down (started before `slowedAt`) do not slow it again.
 */
export function pacedSlowDown(pacing: Pacing, now: number, startedAt: number): Pacing {
  if (startedAt < pacing.slowedAt) return pacing;
  const share = limitedShare(pacing);
  const factor = Math.min(1.25, Math.max(1.05, 1 / (1 - share)));
  return {
    ...pacing,
    interval: Math.min(2000, pacing.interval * factor),
    tokens: Math.min(0, tokensAt(pacing, now)),
    at: now,
    slowedAt: now,
  };
}

/** Slack takes about one message a second per channel: a channel's sends start this far apart. */
const channelSpacingMs = 1000;

/** When a channel (or a DM) may get its next send, its last having started at `lastStartedAt`. */
export function channelFreeAt(lastStartedAt: number | undefined): number {
  return lastStartedAt === undefined ? 0 : lastStartedAt + channelSpacingMs;
}

/**
 * How many sends one workspace may have in flight: one until a send of this pass came back ok (a
 * refused token, a hung or failing workspace costs one connection and one failed send, not a
 * burst), then 16: at Slack's 100–300 ms a post, 53–160 posts a second, above what a workspace's
 * limit lets through, while one slow workspace holds at most 16 of the process's connections.
 */
export function workspaceInFlight(answeredOk: boolean): number {
  return answeredOk ? 16 : 1;
}
