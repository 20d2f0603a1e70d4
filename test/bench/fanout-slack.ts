/**
 * The fan-out benchmark's Slack (test/bench/fanout.ts), in a process of its own so that its work does
 * not share the app's event loop (the real Slack does not): the strict loopback stand-in, answering
 * every call in `latencyMs`, with Slack-like limits per workspace (its token). Started with IPC; it
 * sends `{ apiUrl }` when listening, takes `{ grant: [token, teamId][] }`, `{ warmUp: message }`
 * (answered `{ warm: n }`) and `{ stats: true }` (answered with what it saw, then it exits).
 *
 * Warm-up: the real Slack has no cold start, but this process does (its first calls compile the
 * contract's checks and its HTTP path: the first post took ~0.2 s more than the rest on a quiet
 * machine, up to 0.6 s on a loaded one). So before a case it posts `message` to itself a few times,
 * with a token of its own and uncounted, and neither the app nor the bare clients pay for it.
 *
 * Its stats include its own time for each chat.postMessage, from the call's arrival to its answer
 * written (`answerMs`): what the caller saw beyond that is the caller's own (its event loop) and the
 * wire's.
 */
import { startSlackStandIn } from '../support/slack-stand-in.js';

const [latencyArg, perSecondArg, burstArg] = process.argv.slice(2);
const latencyMs = Number(latencyArg);
const perSecond = Number(perSecondArg);
const burst = Number(burstArg);

type Message = { text: string; blocks: unknown[] };

/** Each chat.postMessage's time from its arrival to its answer written (ms), since the warm-up. */
let answerMs: number[] = [];
const standIn = await startSlackStandIn({
  latencyMs,
  answered: (method, ms) => {
    if (method === 'chat.postMessage') answerMs.push(ms);
  },
});
const buckets = new Map<string, { tokens: number; last: number }>();
const lastPerChannel = new Map<string, number>();
/** Posts Slack took, per workspace token and channel. */
const seen = new Map<string, number>();
let limited = 0;
let random429 = 0;
/** This process's CPU time from the end of the warm-up (ms): what the stand-in cost, for the report. */
let cpuSince = process.cpuUsage();
const tooMany = { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
standIn.on('chat.postMessage', (args, call) => {
  const now = Date.now();
  const workspace = call.token ?? '';
  const bucket = buckets.get(workspace) ?? { tokens: burst, last: now };
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.last) / 1000) * perSecond);
  bucket.last = now;
  buckets.set(workspace, bucket);
  const channel = `${workspace}/${String(args.channel)}`;
  if (bucket.tokens < 1 || now - (lastPerChannel.get(channel) ?? 0) < 1000) {
    limited += 1;
    return tooMany;
  }
  if (Math.random() < 0.005) {
    random429 += 1;
    return tooMany;
  }
  bucket.tokens -= 1;
  lastPerChannel.set(channel, now);
  seen.set(channel, (seen.get(channel) ?? 0) + 1);
  return { ok: true, channel: args.channel, ts: `${now / 1000}`, message: {} };
});

/** Posts `message` to itself `times` times (one at a time), then forgets them. */
async function warmUp(message: { text: string; blocks: unknown[] }, times: number): Promise<number> {
  const token = 'xoxb-bench-warm-up';
  standIn.grant(token, { teamId: 'TWARMUP' });
  for (let i = 0; i < times; i++) {
    const answer = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
      body: JSON.stringify({ channel: `CWARMUP${i}`, text: message.text, blocks: message.blocks }),
    });
    await answer.arrayBuffer();
  }
  buckets.clear();
  lastPerChannel.clear();
  seen.clear();
  limited = 0;
  random429 = 0;
  answerMs = [];
  cpuSince = process.cpuUsage();
  return times;
}

process.on('message', (message: { grant?: Array<[string, string]>; warmUp?: Message; stats?: boolean }) => {
  if (message.warmUp) {
    void warmUp(message.warmUp, 20).then((n) => process.send?.({ warm: n }));
  }
  if (message.grant) {
    for (const [token, teamId] of message.grant) standIn.grant(token, { teamId });
    process.send?.({ granted: message.grant.length });
  }
  if (message.stats) {
    const cpu = process.cpuUsage(cpuSince);
    process.send?.(
      {
        stats: {
          seen: [...seen],
          limited,
          random429,
          refusals: standIn.refusals.length,
          cpuMs: (cpu.user + cpu.system) / 1000,
          answerMs: meanAndP90(answerMs),
        },
      },
      () => standIn.close().then(() => process.exit(0)),
    );
  }
});
/** The mean and the 90th percentile of `values` (ms; 0 for none). */
function meanAndP90(values: number[]): { mean: number; p90: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1);
  return { mean, p90: sorted[Math.floor(sorted.length * 0.9)] ?? 0 };
}

// The bench that started it died (before asking for the stats): nothing is left running.
process.on('disconnect', () => process.exit(1));
process.send?.({ apiUrl: standIn.apiUrl });
