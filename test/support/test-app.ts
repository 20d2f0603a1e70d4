import Database from 'better-sqlite3';
import { parseSlackSettings } from '../../src/config.js';
import { type Clock, type RunningApp, startApp } from '../../src/main.js';
import { createLogger } from '../../src/slack/logger.js';
import type { DailyPoster } from '../../src/use-cases/plan-daily-posts.js';
import { sampleStoriesDir } from './fixtures.js';
import { postSigned, type SlackReply, signingSecret } from './signed-requests.js';
import { messageErrors, viewErrors } from './slack-contract/block-kit.js';
import type { SlackStandIn } from './slack-stand-in.js';

export const botToken = 'xoxb-test-bot-token';

export type TestApp = RunningApp & {
  readonly url: string;
  readonly logs: string[];
  /** Sends a form-encoded body to /slack/events, signed as Slack signs it. */
  send(body: string): ReturnType<typeof postSigned>;
  /** Sends a JSON Events API body to /slack/events, signed; `retryNum` sets x-slack-retry-num. */
  sendEvent(body: string, retryNum?: number): ReturnType<typeof postSigned>;
  /** Reads the database as a separate connection would. */
  query<T>(sql: string, ...params: unknown[]): T[];
};

export type TestAppOptions = {
  standIn: SlackStandIn;
  dbPath: string;
  storiesDir?: string;
  now?: () => number;
  /** A clock for the daily question: `sleep` should move `now` on. */
  clock?: Pick<Clock, 'now' | 'sleep'>;
  /** The app's "random" (default: a fixed pseudo-random sequence). */
  random?: () => number;
  decoratePoster?: (poster: DailyPoster) => DailyPoster;
  /** Many workspaces through Bolt's OAuth install flow instead of one bot token. */
  oauth?: boolean;
  /** What reaches `logs` (default: warn). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** More settings, e.g. STAR_REACTION_WEIGHTS. */
  env?: Record<string, string>;
};

/** The real app in HTTP mode on a random port, talking to the stand-in. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const logLevel = options.logLevel ?? 'warn';
  const settings = parseSlackSettings({
    ...(options.oauth
      ? {
          SLACK_CLIENT_ID: '111.222',
          SLACK_CLIENT_SECRET: 'client-secret',
          SLACK_STATE_SECRET: 'a-long-random-state-secret-for-tests',
        }
      : { SLACK_BOT_TOKEN: botToken }),
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: options.standIn.apiUrl,
    PORT: '0',
    STAR_DB: options.dbPath,
    STAR_STORIES: options.storiesDir ?? sampleStoriesDir,
    LOG_LEVEL: logLevel,
    ...options.env,
  });
  const logs: string[] = [];
  let seed = 1;
  const running = await startApp(settings, {
    logger: createLogger(logLevel, (line) => logs.push(line)),
    scheduler: false,
    redeliveryTimer: false, // tests redeliver stored events themselves (redeliverEvents)
    ...(options.decoratePoster ? { decoratePoster: options.decoratePoster } : {}),
    clock: {
      sleep: options.clock?.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: options.clock?.now ?? options.now ?? (() => Date.now()),
      // deterministic "random": a small linear congruential sequence
      random:
        options.random ??
        (() => {
          seed = (seed * 48271) % 2147483647;
          return seed / 2147483647;
        }),
    },
  });
  const url = `http://127.0.0.1:${running.port}`;
  const standIn = options.standIn;
  /** What the app answers in an ack reaches Slack too, and Slack holds it to the same rules. */
  const checked = async (reply: Promise<SlackReply>): Promise<SlackReply> => {
    const answer = await reply;
    if (answer.status !== 200 || answer.text === '') return answer;
    let body: Record<string, unknown>;
    try {
      body = answer.json();
    } catch {
      return answer;
    }
    if (body.response_action === 'update' || body.response_action === 'push') {
      const problems = viewErrors(body.view);
      if (problems.length)
        standIn.refusals.push({ method: 'ack (view)', error: 'invalid_arguments', details: problems });
    } else if (body.response_action === undefined) {
      const problem = messageErrors(body, 'response_url');
      if (problem) standIn.refusals.push({ method: 'ack (message)', ...problem });
    }
    return answer;
  };
  return {
    ...running,
    url,
    logs,
    send: (body) => checked(postSigned(`${url}/slack/events`, body, 'application/x-www-form-urlencoded')),
    sendEvent: (body, retryNum) =>
      postSigned(`${url}/slack/events`, body, 'application/json', {
        ...(retryNum
          ? { headers: { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } }
          : {}),
      }),
    query: <T>(sql: string, ...params: unknown[]) => {
      const db = new Database(options.dbPath, { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
  };
}
