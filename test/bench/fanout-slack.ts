/**
 * The fan-out benchmark's Slack (test/bench/fanout.ts), in a process of its own so that its work does
 * not share the app's event loop (the real Slack does not): the strict loopback stand-in, answering
 * every call in `latencyMs`, with Slack-like limits per workspace (its token). Started with IPC; it
 * sends `{ apiUrl }` when listening, takes `{ grant: [token, teamId][] }`, and answers `{ stats: true }`
 * with what it saw, then exits.
 */
import { startSlackStandIn } from '../support/slack-stand-in.js';

const [latencyArg, perSecondArg, burstArg] = process.argv.slice(2);
const latencyMs = Number(latencyArg);
const perSecond = Number(perSecondArg);
const burst = Number(burstArg);

const standIn = await startSlackStandIn({ latencyMs });
const buckets = new Map<string, { tokens: number; last: number }>();
const lastPerChannel = new Map<string, number>();
/** Posts Slack took, per workspace token and channel. */
const seen = new Map<string, number>();
let limited = 0;
let random429 = 0;
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

process.on('message', (message: { grant?: Array<[string, string]>; stats?: boolean }) => {
  if (message.grant) {
    for (const [token, teamId] of message.grant) standIn.grant(token, { teamId });
    process.send?.({ granted: message.grant.length });
  }
  if (message.stats) {
    process.send?.(
      { stats: { seen: [...seen], limited, random429, refusals: standIn.refusals.length } },
      () => standIn.close().then(() => process.exit(0)),
    );
  }
});
process.send?.({ apiUrl: standIn.apiUrl });
