import {
  afterLookup,
  afterSend,
  beforeSend,
  channelFreeAt,
  type FoundPost,
  initialPacing,
  lookupWindow,
  type Pacing,
  pacedAnswer,
  pacedNextAt,
  pacedSlowDown,
  pacedStart,
  type RowAction,
  type SendOutcome,
  type Standing,
  sendLeaseMs,
  workspaceInFlight,
} from '../domain/delivery-policy.js';
import type { OutboxRow } from '../domain/outbox.js';
import type { OutboxRepository } from '../storage/outbox-repository.js';
import type { WorkspaceDeliveryRepository } from '../storage/workspace-delivery-repository.js';

/**
 * The outbox dispatcher: claim → deliver → mark, for any kind of outbox row. It knows no kind: each
 * kind's sender and rules come in through `kinds` (see `OutboxKindHandler`), and what each outcome
 * means for a row comes from the delivery policy (src/domain/delivery-policy.ts).
 *
 * - Claim: pending → sending is a conditional update, so of two processes only one sends a row.
 * - In doubt: a row left 'sending' past its lease (a crash), or marked 'doubt' (a timeout after
 *   Slack may have taken it), is looked up by its metadata before anything is sent again; never
 *   resent blind. One lookup per workspace per pass (conversations.history: one call a minute).
 * - A workspace whose token Slack refused is paused once (`workspaceDelivery`) and sends nothing
 *   until it is resumed; its rows wait, and still expire when their local day ends.
 * - Fan-out: workspaces are served side by side within one cap of sends in flight for the process
 *   (`maxInFlight`), each at its own pace (ADR 0002, 2026-11-30).
 */

/** Looks for a post carrying this outbox id in the conversation, posted between `since` and `until` (ms). */
export type PostLookup = {
  findPost(input: {
    teamId: string;
    channelId: string;
    outboxId: number;
    since: number;
    until: number;
  }): Promise<FoundPost>;
};

/** How one kind of outbox row is sent, and whether it is still wanted. */
export type OutboxKindHandler = {
  /** Sends the row (a throw leaves it 'sending': in doubt, looked at after the lease). */
  send(row: OutboxRow): Promise<SendOutcome>;
  /** Whether the row should still go out at `now` (the real clock): its day, its channel, its pause. */
  standing(row: OutboxRow, now: number): Standing;
  /**
   * A post in doubt: `look-up` finds it through its conversation's history; `{ expire }` when the
   * app cannot read that conversation: never looked up, never resent, expired with that reason.
   */
  readonly inDoubt: 'look-up' | { readonly expire: string };
  /**
   * Slack refused the post for good: stop what would fail the same way every day. Returns whether
   * the channel was paused (reported).
   */
  refused?(row: OutboxRow, failure: { error: string; pause: 'channel' | 'none' }): boolean;
};

/** Outbox kind → its handler. A row whose kind is not here is left for a process that knows it. */
export type OutboxKinds = ReadonlyMap<string, OutboxKindHandler>;

export type DispatcherDeps = {
  readonly outbox: OutboxRepository;
  readonly workspaceDelivery: WorkspaceDeliveryRepository;
  readonly kinds: OutboxKinds;
  readonly lookup: PostLookup;
  /** The real clock: which local day it is, retries, leases. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
};

export type DispatchOptions = {
  /** Stop waiting for retries that are due later than this many ms from now (default 30 s). */
  readonly retryHorizonMs?: number;
  /** A pass ends after this long; what is left goes to the next pass (default 45 s). */
  readonly maxPassMs?: number;
  /** Sends (and lookups) in flight at once for the whole process (default `maxInFlight`). */
  readonly concurrency?: number;
  /** Aborted on shutdown: no new sends are started, the ones in flight finish. */
  readonly signal?: AbortSignal;
  /** The longest a plan written while sending waits for the pass to want more rows (default `planPatienceMs`). */
  readonly planPatienceMs?: number;
};

/** What the outbox dispatcher sees of a plan written while it sends (`dispatchWhilePlanning`). */
type Planning = {
  /**
   * The workspaces whose rows the planner committed since the last call (`all`: it did not say
   * which; undefined: no commit since).
   */
  readonly committedSince: () => ReadonlySet<string> | 'all' | undefined;
  /** Whether the planning has ended (done, or failed). */
  readonly ended: () => boolean;
  /** Resolves at the planner's next commit, or when it ends. */
  readonly next: () => Promise<void>;
  /** The dispatcher is short of rows to send: the planner's next commit may come (see `Committed`). */
  readonly want: () => void;
};

/**
 * Told by the planner after each of its commits: the workspaces it wrote rows for in that commit,
 * or nothing when it does not say (then every workspace with work is looked at again). Resolves when
 * the dispatcher wants more rows (it has fewer ready than it can send soon, `plannedAhead`), when
 * the dispatch ends, or after `planPatienceMs` (or the pass's own) at the latest. A planner that waits for it before its
 * next commit writes the plan as the posts go out, a commit now and then, rather than a commit every
 * turn of the event loop from the start (10,000 channels: the plan then took 6.8 s beside the sends,
 * the loop 91% busy, and the posts of those seconds 150–200 ms as the app saw them instead of 105;
 * the app's event-loop delay over the pass, p99 45 ms in a traced run, 21 with the wait).
 */
export type Committed = (teamIds?: Iterable<string>) => Promise<void> | undefined;

/**
 * The longest a planner waits for the dispatcher to want more (`Committed`): rows it could not count
 * (a kind it does not know, a workspace whose rows are not looked at yet) never hold the plan for long.
 */
const planPatienceMs = 200;

/** A plan's progress: the planner tells `committed` and `end`, the dispatcher reads `planning`. */
function planningProgress(patienceMs: number): {
  planning: Planning;
  committed: Committed;
  end: () => void;
  dispatchEnded: () => void;
} {
  let since: Set<string> | 'all' | undefined;
  let ended = false;
  let waiting: Array<() => void> = [];
  /** Planners waiting for the dispatcher to want more; `wanted`: it asked when none was waiting. */
  let wanting: Array<() => void> = [];
  let wanted = true;
  /** The dispatch ended (before the plan did): nothing asks for more any longer, so nothing waits. */
  let dispatched = false;
  const wakeAll = () => {
    const woken = waiting;
    waiting = [];
    for (const resolve of woken) resolve();
  };
  const want = () => {
    wanted = true;
    const woken = wanting;
    wanting = [];
    for (const resolve of woken) resolve();
  };
  const wantedAgain = (): Promise<void> => {
    if (ended || wanted || dispatched) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const woken = () => {
        clearTimeout(timer);
        resolve();
      };
      // Waited long enough: this planner goes on, and leaves the wanting list.
      const timer = setTimeout(() => {
        wanting = wanting.filter((other) => other !== woken);
        resolve();
      }, patienceMs);
      timer.unref();
      wanting.push(woken);
    });
  };
  return {
    planning: {
      committedSince: () => {
        const taken = since;
        since = undefined;
        return taken;
      },
      ended: () => ended,
      next: () => (ended ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
      want,
    },
    committed: (teamIds) => {
      if (teamIds === undefined) since = 'all';
      else if (since !== 'all') {
        since ??= new Set();
        for (const id of teamIds) since.add(id);
      }
      // What this commit wrote is not looked at yet: the next commit waits until more is wanted.
      wanted = false;
      wakeAll();
      return wantedAgain();
    },
    end: () => {
      ended = true;
      wakeAll();
      want();
    },
    dispatchEnded: () => {
      dispatched = true;
      want();
    },
  };
}

export type Where = { teamId: string; channelId: string; localDate: string };
export type DispatchReport = {
  /** `questionId`: the question of the day, else the row's kind. */
  posted: Array<Where & { kind: string; questionId: string; ts: string; recovered?: boolean }>;
  failed: Array<Where & { error: string; paused: boolean }>;
  waiting: Array<Where & { nextAttemptAt: number; error: string | null }>;
  /** Workspaces this pass paused because Slack refused their token. */
  pausedWorkspaces: Array<{ teamId: string; error: string }>;
};

/**
 * Sends in flight at once for the whole process (posts and lookups). Each is one HTTP request on a
 * kept-alive socket, so this bounds the connections to Slack. Why 64: with Slack answering a post
 * in about 100 ms, 64 in flight allow 640 posts a second (10,000 posts in under 16 s, where the old
 * dispatcher's 4 took over four minutes). More would not go faster: one Node process spends about
 * 2 ms of CPU per post (measured on the benchmark machine, under load: about 1.5 ms of it in the Web
 * API client and fetch, as bare clients spend; the outbox's claims and marks, the standing check, the
 * metrics and this loop about 0.2 ms; the rest garbage collection), so beyond a few hundred posts a
 * second the CPU is the limit, and more sends in flight only queue in the event loop, where their 7 s
 * timeouts start to run out (the benchmark saw timeouts, each a post in doubt, at 96 in flight with
 * Slack in the same process).
 * It also stays far below the process's file descriptors and leaves room for the app's requests.
 */
export const maxInFlight = 64;

function where(row: OutboxRow): Where {
  return { teamId: row.teamId, channelId: row.channelId, localDate: row.localDate };
}

/** One workspace's part of a pass. */
type Team = {
  readonly id: string;
  /** Ready rows, claimed in order; refilled from the database when empty and `wakeAt` has come. */
  queue: OutboxRow[];
  /** When to look at its rows again (in doubt, retries); Infinity: nothing due in this pass. */
  wakeAt: number;
  /** Its rows are being looked at (a post in doubt being looked up): nothing starts meanwhile. */
  waking: boolean;
  pacing: Pacing;
  inFlight: number;
  /** A send of this pass came back ok: the workspace may have more than one in flight. */
  answeredOk: boolean;
  /** Slack refused its token (this pass or before): nothing more is sent. */
  paused: boolean;
  /** Looked up a post in doubt this pass (one lookup per workspace per pass). */
  lookedUp: boolean;
  /** Channel (or DM) → when its last send of this pass started. */
  readonly lastStart: Map<string, number>;
};

type PassContext = {
  readonly deps: DispatcherDeps;
  readonly report: DispatchReport;
  readonly known: (row: OutboxRow) => boolean;
  /** Rows Slack took whose 'sent' is written with the pass's next commit (see `dispatchOutbox`). */
  readonly sent: Array<{ teamId: string; id: number; ts: string; at: number }>;
};

/** A row chosen to be sent now, claimed with the others of its turn in one commit. */
type Pick = { readonly team: Team; readonly row: OutboxRow; readonly at: number };

/**
 * Sends every ready row, and keeps going while retries come due within the horizon (429
 * Retry-After, 5xx back-off), for at most `maxPassMs`; the rest waits for the next pass.
 *
 * Workspaces proceed side by side: at most `concurrency` sends (and lookups) in flight for the whole
 * process, taken in turn by the workspaces that have a send ready (round robin, one start each per
 * turn), so a slow or rate-limited workspace never holds up the others. Each workspace keeps its own
 * pacing (delivery-policy.ts): a burst, then its adapting rate; one send a second per channel; one
 * send in flight until one came back ok, then a few. A 429 delays only the row that got it (it waits
 * out Retry-After) and slows only its workspace.
 *
 * Commits: the rows a turn starts are claimed in one transaction, committed before any of them is
 * sent; the rows Slack took since the last commit are marked sent in that same transaction (or in one
 * of their own when nothing starts), not one commit each. Until then such a row is still 'sending'
 * in the database, exactly as while its request was on its way: another process leaves it alone,
 * and after a crash it is in doubt once its lease ends, looked up by its metadata and found, never
 * resent blind (ADR 0002). The delay is one turn of the event loop.
 */
export async function dispatchOutbox(
  deps: DispatcherDeps,
  options: DispatchOptions = {},
  planning?: Planning,
): Promise<DispatchReport> {
  // The scheduler's signal lives as long as the process: the pass's listener on it goes with the pass.
  const pause = pauser(deps, options.signal);
  try {
    return await dispatchPass(deps, options, pause.wait, planning);
  } finally {
    pause.release();
  }
}

/**
 * A pass that sends while `plan` writes the day's rows: `plan` calls `committed` after each of its
 * commits, and the workspaces with work are then taken in (the first posts go out after the plan's
 * first commit, not after its last); a plan that awaits what `committed` returns writes its next
 * commit once the pass wants more rows, so the plan keeps pace with the posts. The pass ends once the plan has and what it
 * wrote is sent (or waits for a later pass). A plan that fails: what it committed is still sent,
 * then its error is thrown.
 */
export async function dispatchWhilePlanning<P>(
  deps: DispatcherDeps,
  plan: (committed: Committed) => Promise<P>,
  options: DispatchOptions = {},
): Promise<{ planned: P; dispatched: DispatchReport }> {
  const progress = planningProgress(options.planPatienceMs ?? planPatienceMs);
  const planning = (async () => {
    try {
      return await plan(progress.committed);
    } finally {
      progress.end();
    }
  })();
  const dispatching = dispatchOutbox(deps, options, progress.planning);
  dispatching.catch(() => {}).finally(progress.dispatchEnded); // awaited below, once the plan is done
  try {
    const planned = await planning;
    return { planned, dispatched: await dispatching };
  } catch (error) {
    await dispatching.catch(() => {});
    throw error;
  }
}

async function dispatchPass(
  deps: DispatcherDeps,
  options: DispatchOptions,
  pause: (ms: number) => Promise<void>,
  planning: Planning | undefined,
): Promise<DispatchReport> {
  const report: DispatchReport = { posted: [], failed: [], waiting: [], pausedWorkspaces: [] };
  const cap = Math.max(1, options.concurrency ?? maxInFlight);
  const horizon = options.retryHorizonMs ?? 30_000;
  const deadline = deps.now() + (options.maxPassMs ?? 45_000);
  const stopping = () => options.signal?.aborted === true || deps.now() >= deadline;
  const context: PassContext = { deps, report, known: (row) => deps.kinds.has(row.kind), sent: [] };

  const teams = new Map<string, Team>();
  /** The workspaces that may still have work this pass, in turn order. */
  let turns: Team[] = [];
  let cursor = 0;
  const enlist = (teamIds: readonly string[], now: number): boolean => {
    let added = false;
    for (const id of teamIds) {
      const known = teams.get(id);
      if (known) continue;
      const team: Team = {
        id,
        queue: [],
        wakeAt: now,
        waking: false,
        pacing: initialPacing,
        inFlight: 0,
        answeredOk: false,
        paused: false,
        lookedUp: false,
        lastStart: new Map(),
      };
      teams.set(id, team);
      turns.push(team);
      added = true;
    }
    return added;
  };
  enlist(deps.outbox.teamsWithWork(), deps.now());

  // A plan written while the pass sends: after each of its commits, the workspaces it wrote rows for
  // are taken in (again, for one already known: its new rows are read when its queue is empty). Only
  // those: looking at every workspace with work after each commit read each one's rows again and
  // again (a workspace's rows are written in one commit).
  const planningGoesOn = () => planning !== undefined && !planning.ended();
  const takeInPlanned = (now: number): void => {
    const committed = planning?.committedSince();
    if (committed === undefined) return;
    const inTurns = new Set(turns);
    for (const id of committed === 'all' ? deps.outbox.teamsWithWork() : committed) {
      const team = teams.get(id);
      if (!team) enlist([id], now);
      else if (!team.paused) {
        team.wakeAt = Math.min(team.wakeAt, now);
        if (!inTurns.has(team)) turns.push(team);
      }
    }
  };

  // Work in flight (sends and lookups) and a wake-up for the loop when any of it ends.
  let running = 0;
  let ended = 0;
  let wake: () => void = () => {};
  // A lookup or a repository that throws ends the pass (after the work in flight), as it always did.
  let failure: { error: unknown } | undefined;
  const track = (work: Promise<void>) => {
    running += 1;
    work
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        running -= 1;
        ended += 1;
        wake();
      });
  };
  const somethingEnded = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });

  /**
   * What `team` may start now: a look at its rows (started here: a lookup is work in flight), or its
   * next row to send (taken from its queue and counted against its pacing; claimed by `launch`).
   */
  const step = (team: Team, now: number): 'looking' | OutboxRow | undefined => {
    if (team.waking || team.paused) return undefined;
    if (team.queue.length === 0) {
      if (team.wakeAt > now) return undefined;
      const lookup = look(context, team, now);
      if (lookup) {
        team.waking = true;
        track(lookup.finally(() => (team.waking = false)));
        return 'looking';
      }
      if (team.queue.length === 0) return undefined;
    }
    if (team.inFlight >= workspaceInFlight(team.answeredOk) || pacedNextAt(team.pacing) > now)
      return undefined;
    const index = team.queue.findIndex((row) => channelFreeAt(team.lastStart.get(row.channelId)) <= now);
    if (index < 0) return undefined;
    const [row] = team.queue.splice(index, 1);
    if (!row) return undefined;
    team.pacing = pacedStart(team.pacing, now, team.queue.length);
    team.lastStart.set(row.channelId, now);
    team.inFlight += 1;
    return row;
  };

  /**
   * The workspaces in turn (round robin), each starting at most one thing a round, round after round
   * while there is room and something started: what this turn of the loop sends.
   */
  const pick = (): { picks: Pick[]; looking: boolean } => {
    const picks: Pick[] = [];
    let looking = false;
    for (let more = true; more; ) {
      more = false;
      const from = cursor;
      for (let i = 0; i < turns.length && running + picks.length < cap; i++) {
        const index = (from + i) % turns.length;
        const team = turns[index];
        if (!team) continue;
        const at = deps.now();
        const next = step(team, at);
        if (next === undefined) continue;
        if (next === 'looking') looking = true;
        else picks.push({ team, row: next, at });
        more = true;
        cursor = index + 1;
      }
    }
    return { picks, looking };
  };

  /**
   * One commit: the rows Slack took since the last one marked sent, then this turn's rows claimed
   * (a workspace another process paused, or a row it took, is skipped); then their sends start.
   * A commit that fails ends the pass: its marks are kept for the last try, its rows stay pending.
   */
  const launch = (picks: readonly Pick[]): void => {
    const sent = context.sent.splice(0);
    const paused = new Set<Team>();
    let claimed: Pick[] = [];
    try {
      deps.outbox.inOneCommit(() => {
        claimed = [];
        paused.clear();
        for (const mark of sent) deps.outbox.markSent(mark.teamId, mark.id, mark.ts, mark.at);
        const checked = new Set<Team>();
        for (const pick of picks) {
          const { team, row, at } = pick;
          if (!checked.has(team)) {
            checked.add(team);
            if (deps.workspaceDelivery.pausedWhy(team.id) !== undefined) paused.add(team);
          }
          if (!paused.has(team) && deps.outbox.claim(team.id, row.id, at)) claimed.push(pick);
        }
      });
    } catch (error) {
      context.sent.unshift(...sent);
      failure ??= { error };
      claimed = [];
    }
    for (const team of paused) {
      team.paused = true;
      team.queue = [];
    }
    for (const pick of picks) if (!claimed.includes(pick)) pick.team.inFlight -= 1;
    for (const { team, row, at } of claimed) {
      track(
        deliver(context, team, { ...row, attempts: row.attempts + 1 }, at)
          .catch((error: unknown) => {
            // Unknown whether Slack took it: the row stays 'sending' and is looked at after the lease.
            report.waiting.push({
              ...where(row),
              nextAttemptAt: deps.now() + sendLeaseMs,
              error: `in doubt: ${(error as Error).message}`,
            });
          })
          .finally(() => {
            team.inFlight -= 1;
          }),
      );
    }
  };

  /**
   * Rows ready to send soon, up to `plannedAhead`: each workspace's queued rows up to what it may have
   * in flight (a workspace with 1,000 channels, sending 50 a second, keeps a few slots busy, not all),
   * one for a workspace due for a look at its rows; none of a workspace its pacing holds back for
   * longer than a Slack answer takes (a 429's Retry-After: its rows fill no slot meanwhile). While
   * the plan is written, fewer than that and the planner's next commit may come.
   */
  const plannedAhead = 4 * cap;
  const soonMs = 100;
  const readyRows = (now: number): number => {
    let rows = 0;
    for (const team of turns) {
      if (team.paused || team.waking || pacedNextAt(team.pacing) > now + soonMs) continue;
      const queued = Math.min(team.queue.length, workspaceInFlight(team.answeredOk));
      rows += queued > 0 ? queued : team.wakeAt <= now ? 1 : 0;
      if (rows >= plannedAhead) break;
    }
    return rows;
  };

  /** When `team` may next start something, or Infinity. */
  const nextFor = (team: Team): number => {
    if (team.waking || team.paused) return Number.POSITIVE_INFINITY;
    if (team.queue.length === 0) return team.wakeAt;
    if (team.inFlight >= workspaceInFlight(team.answeredOk)) return Number.POSITIVE_INFINITY;
    let channelFree = Number.POSITIVE_INFINITY;
    for (const row of team.queue) {
      channelFree = Math.min(channelFree, channelFreeAt(team.lastStart.get(row.channelId)));
      if (channelFree === 0) break;
    }
    return Math.max(pacedNextAt(team.pacing), channelFree);
  };

  for (;;) {
    if (stopping() || failure) {
      if (context.sent.length > 0 && !failure) launch([]);
      if (running === 0) break;
      await somethingEnded();
      continue;
    }
    const now = deps.now();
    takeInPlanned(now);
    const { picks, looking } = pick();
    if (picks.length > 0 || context.sent.length > 0) launch(picks);
    if (planning && planningGoesOn() && readyRows(now) < plannedAhead) planning.want();
    if (picks.length > 0 || looking) continue;
    if (running >= cap) {
      await somethingEnded();
      // The other answers already in are handled first, so that one commit marks them all.
      await nextTurn();
      continue;
    }
    // Nothing can start now: wait for the soonest workspace, or for work in flight to end.
    turns = turns.filter(
      (team) => team.inFlight > 0 || team.waking || nextFor(team) < Number.POSITIVE_INFINITY,
    );
    cursor = 0;
    const soonest = Math.min(...turns.map(nextFor));
    const due = soonest - now <= horizon && soonest < deadline;
    if (running === 0) {
      if (!due) {
        // Before ending, take in workspaces whose rows appeared meanwhile (another process planned them).
        if (enlist(deps.outbox.teamsWithWork(), now)) continue;
        if (!planningGoesOn()) break;
      }
      // While rows are still being planned, a short wait at a time, or until the planner's next commit.
      if (planning && planningGoesOn())
        await Promise.race([planning.next(), pause(Math.min(soonest - now, 50))]);
      else await pause(soonest - now);
      continue;
    }
    // Work in flight: let replies that have already come in be handled before any clock moves.
    const before = ended;
    const ending = somethingEnded();
    await Promise.race([ending, new Promise<void>((resolve) => setImmediate(resolve))]);
    if (ended !== before) continue;
    if (!due) {
      await (planning && planningGoesOn() ? Promise.race([ending, planning.next()]) : ending);
      continue;
    }
    // A short wait at a time: a timer left behind by a reply that came first ends soon.
    const wait = Math.min(soonest - deps.now(), 50);
    await Promise.race([ending, pause(wait)]);
  }
  await markSentLast(context, pause);
  if (failure) throw failure.error;
  for (const teamId of deps.outbox.teamsWithWork()) {
    for (const row of deps.outbox.pending(teamId).filter(context.known)) {
      report.waiting.push({ ...where(row), nextAttemptAt: row.nextAttemptAt, error: row.lastError });
    }
  }
  return report;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The pass's last commit: the rows Slack took that no commit marked yet (a commit that failed, say
 * on another process's lock), tried a few times. Rows still unmarked stay 'sending': in doubt after
 * their lease, then found by their metadata (ADR 0002), never sent twice.
 */
async function markSentLast(context: PassContext, pause: (ms: number) => Promise<void>): Promise<void> {
  const { deps, sent } = context;
  for (let attempt = 0; sent.length > 0; attempt++) {
    try {
      deps.outbox.inOneCommit(() => {
        for (const mark of sent) deps.outbox.markSent(mark.teamId, mark.id, mark.ts, mark.at);
      });
      sent.length = 0;
    } catch (error) {
      if (attempt >= 3) throw error;
      await pause(100 * 2 ** attempt);
    }
  }
}

/**
 * Looks at a workspace's rows when its queue is empty and something may be due: a post in doubt is
 * looked up (returned as work in flight: the workspace sends nothing until it ends); otherwise rows
 * no longer wanted expire and the ready ones are queued, and the workspace's next wake-up is set.
 */
function look(context: PassContext, team: Team, now: number): Promise<void> | undefined {
  const { deps, known } = context;
  team.wakeAt = Number.POSITIVE_INFINITY;
  if (deps.workspaceDelivery.pausedWhy(team.id) !== undefined) {
    // A workspace whose token Slack refused sends nothing until it works again; its rows still expire.
    team.paused = true;
    expireStale(deps, team.id);
    return undefined;
  }
  if (!team.lookedUp && deps.outbox.inDoubt(team.id, now - sendLeaseMs, now).some(known)) {
    return resolveInDoubt(context, team).then(() => {
      team.wakeAt = deps.now();
    });
  }
  const pending = stillWanted(deps, deps.outbox.pending(team.id)).filter(known);
  team.queue = pending.filter((row) => row.nextAttemptAt <= now);
  const later = pending.filter((row) => row.nextAttemptAt > now).map((row) => row.nextAttemptAt);
  // A workspace that had its lookup this pass looks up its other rows in the next pass.
  const doubts = team.lookedUp ? [] : deps.outbox.doubtful(team.id).filter(known);
  team.wakeAt = Math.min(Number.POSITIVE_INFINITY, ...later, ...doubts.map((row) => row.nextAttemptAt));
  return undefined;
}

/** Carries out the policy's decision for a row (each repository update checks the row's status). */
function apply(deps: DispatcherDeps, row: OutboxRow, action: RowAction): void {
  const { outbox } = deps;
  const { teamId, id } = row;
  switch (action.do) {
    case 'mark-sent':
      outbox.markSent(teamId, id, action.ts, deps.now());
      break;
    case 'mark-empty':
      outbox.markEmpty(teamId, id);
      break;
    case 'retry':
      outbox.retryAt(teamId, id, action.at, action.error);
      break;
    case 'doubt':
      outbox.markInDoubt(teamId, id, action.until, action.error);
      break;
    case 'pause-workspace':
      outbox.retryAt(teamId, id, action.retryAt, action.error);
      break;
    case 'fail':
      outbox.markFailed(teamId, id, action.error);
      break;
    case 'drop':
      outbox.markFailed(teamId, id, action.reason);
      break;
    case 'expire':
      outbox.markExpired(teamId, id, action.reason);
      break;
    case 'keep':
      break;
  }
}

/**
 * Rows in doubt: look for the post before sending again, never guess. A pass looks up at most one
 * row per workspace (`lookedUp`); the others wait for the next pass, a minute later. A kind whose
 * posts cannot be looked up is expired instead: never resent blind.
 */
async function resolveInDoubt(context: PassContext, team: Team): Promise<void> {
  const { deps, report } = context;
  const now = deps.now();
  for (const row of deps.outbox.inDoubt(team.id, now - sendLeaseMs, now)) {
    const kind = deps.kinds.get(row.kind);
    if (!kind) continue;
    if (kind.inDoubt === 'look-up' && team.lookedUp) return;
    if (!deps.outbox.reclaim(team.id, row, now)) continue;
    if (kind.inDoubt !== 'look-up') {
      deps.outbox.markExpired(team.id, row.id, kind.inDoubt.expire);
      continue;
    }
    team.lookedUp = true;
    const found = await deps.lookup.findPost({
      teamId: team.id,
      channelId: row.channelId,
      outboxId: row.id,
      ...lookupWindow(row.sendStartedAt ?? now),
    });
    const action = afterLookup(found, kind.standing(row, deps.now()), row.attempts, deps.now());
    apply(deps, row, action);
    if (action.do === 'mark-sent') {
      report.posted.push({
        ...where(row),
        kind: row.kind,
        questionId: row.questionId ?? row.kind,
        ts: action.ts,
        recovered: true,
      });
    }
    if (action.do === 'doubt' && action.stopLookups) return;
  }
}

/** Pending rows that must not go out any more: the local day is over, the channel left, or it is unwanted. */
function expireStale(deps: DispatcherDeps, teamId: string): void {
  stillWanted(deps, deps.outbox.pending(teamId));
}

/** Ends the pending `rows` that must not go out any more (`expireStale`); the others, as they were. */
function stillWanted(deps: DispatcherDeps, rows: readonly OutboxRow[]): OutboxRow[] {
  return rows.filter((row) => {
    const kind = deps.kinds.get(row.kind);
    if (!kind) return true;
    const action = beforeSend(kind.standing(row, deps.now()));
    apply(deps, row, action);
    return action.do === 'keep';
  });
}

async function deliver(context: PassContext, team: Team, row: OutboxRow, startedAt: number): Promise<void> {
  const { deps, report } = context;
  const kind = deps.kinds.get(row.kind);
  if (!kind) return;
  // If this throws (or the process dies) the row stays 'sending': in doubt, looked at after the lease.
  const outcome = await kind.send(row);
  const now = deps.now();
  const action = afterSend(outcome, row.attempts, now);
  if (outcome.ok) team.answeredOk = true;
  if (outcome.ok || outcome.kind === 'rate-limited')
    team.pacing = pacedAnswer(team.pacing, outcome.ok === false);
  if (action.do === 'pause-workspace') {
    // Its other rows wait (in the database, pending) until the token works again.
    team.paused = true;
    team.queue = [];
    // The workspace is paused before its row goes back to pending, so no sender picks the row up first.
    if (deps.workspaceDelivery.pause(row.teamId, action.reason, now)) {
      // Paused once: the first row to hit the refused token reports it, the others just wait.
      report.pausedWorkspaces.push({ teamId: row.teamId, error: action.error });
    }
  }
  // Marked sent with the pass's next commit (see `dispatchOutbox`); anything else at once.
  if (action.do === 'mark-sent')
    context.sent.push({ teamId: row.teamId, id: row.id, ts: action.ts, at: now });
  else apply(deps, row, action);
  switch (action.do) {
    case 'mark-sent':
      report.posted.push({
        ...where(row),
        kind: row.kind,
        questionId: row.questionId ?? row.kind,
        ts: action.ts,
      });
      return;
    case 'retry':
      if (action.slowDown) team.pacing = pacedSlowDown(team.pacing, now, startedAt);
      team.wakeAt = Math.min(team.wakeAt, action.at);
      return;
    case 'doubt':
      // Looked up within this pass unless the workspace already had its lookup.
      if (!team.lookedUp) team.wakeAt = Math.min(team.wakeAt, action.until);
      return;
    case 'drop':
      report.failed.push({ ...where(row), error: action.error, paused: false });
      return;
    case 'fail': {
      const paused = kind.refused?.(row, { error: action.error, pause: action.pause }) ?? false;
      report.failed.push({ ...where(row), error: action.error, paused });
      return;
    }
    default:
      return;
  }
}

/** Waits (whole milliseconds: times are stored as integers), but wakes at once on shutdown. */
function pauser(
  deps: DispatcherDeps,
  signal: AbortSignal | undefined,
): { wait: (ms: number) => Promise<void>; release: () => void } {
  // One listener for the whole pass, however many waits it has; removed when the pass ends.
  let onAbort = () => {};
  const aborted = signal
    ? new Promise<void>((resolve) => {
        onAbort = () => resolve();
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', onAbort, { once: true });
      })
    : undefined;
  return {
    wait: async (wait) => {
      const ms = Math.max(0, Math.ceil(wait));
      if (!aborted) return deps.sleep(ms);
      if (signal?.aborted) return;
      await Promise.race([deps.sleep(ms), aborted]);
    },
    release: () => signal?.removeEventListener('abort', onAbort),
  };
}
