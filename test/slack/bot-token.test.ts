import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  type BotIdentity,
  type BotTokenError,
  checkBotTokenLater,
  verifyBotToken,
} from '../../src/slack/bot-token.js';
import { createLogger } from '../../src/slack/logger.js';

/**
 * The check of SLACK_BOT_TOKEN (auth.test): its verdicts, and the check a restart runs after it
 * listens with the identity stored at an earlier start (refused: the app stops; Slack out of reach:
 * a warning and another check later; a confirmed identity: stored).
 */

type Answer = { status?: number; body?: unknown } | Error;

/** A WebClient whose requests get `answers`, in turn (no retries: each answer is one check). */
function clientAnswering(answers: Answer[]) {
  const fetch: webApi.FetchFunction = async () => {
    const answer = answers.shift() ?? { body: { ok: true, bot_id: 'B1', user_id: 'UB1', team_id: 'T1' } };
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body ?? {}), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    }) as unknown as Awaited<ReturnType<webApi.FetchFunction>>;
  };
  return new webApi.WebClient('xoxb-test', {
    slackApiUrl: 'http://127.0.0.1:9/api/',
    fetch,
    retryConfig: { retries: 0 },
    logger: createLogger('error', () => {}),
  });
}

const known: BotIdentity = { botId: 'B1', botUserId: 'UB1', teamId: 'T1' };

describe('verifyBotToken', () => {
  it("gives the bot's identity", async () => {
    await expect(verifyBotToken(clientAnswering([]))).resolves.toEqual(known);
  });

  it.each(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'team_disabled'])(
    'refuses a token Slack refuses (%s)',
    async (error) => {
      const check = verifyBotToken(clientAnswering([{ body: { ok: false, error } }]));
      await expect(check).rejects.toThrow(
        `SLACK_BOT_TOKEN was refused by Slack (${error}): set it to the Bot User OAuth Token of the installed app`,
      );
      await expect(check).rejects.toMatchObject({ refused: true });
    },
  );

  it.each(['ratelimited', 'internal_error', 'service_unavailable', 'an_error_slack_added_later'])(
    'does not take Slack being unable to answer just now (%s) for a refusal',
    async (error) => {
      const check = verifyBotToken(clientAnswering([{ body: { ok: false, error } }]));
      await expect(check).rejects.toThrow(`Slack could not check SLACK_BOT_TOKEN just now (${error})`);
      await expect(check).rejects.toMatchObject({ refused: false });
    },
  );

  it('refuses a token that is not a bot’s, and says so', async () => {
    const user = verifyBotToken(clientAnswering([{ body: { ok: true, user_id: 'U1', team_id: 'T1' } }]));
    await expect(user).rejects.toThrow('SLACK_BOT_TOKEN is not a bot token');
    await expect(user).rejects.toMatchObject({ refused: true });
  });

  it('says when Slack cannot be reached', async () => {
    const down = verifyBotToken(clientAnswering([new TypeError('fetch failed')]));
    await expect(down).rejects.toThrow("cannot reach Slack's Web API to check SLACK_BOT_TOKEN");
    await expect(down).rejects.toMatchObject({ refused: false });
  });
});

/** A check run against `answers`, retried at once; resolves with what came of it. */
function laterCheck(answers: Answer[], options: { stopAfterFailures?: number } = {}) {
  const client = clientAnswering(answers);
  const logs: string[] = [];
  const stored: BotIdentity[] = [];
  const refused: BotTokenError[] = [];
  let failures = 0;
  let watch: { stop(): void } | undefined;
  const settled = new Promise<void>((resolve) => {
    watch = checkBotTokenLater({
      verify: () => verifyBotToken(client),
      known,
      onChecked: (identity) => {
        stored.push(identity);
        resolve();
      },
      onStop: (error) => {
        refused.push(error);
        resolve();
      },
      logger: createLogger('warn', (line) => logs.push(line)),
      retryDelayMs: () => {
        failures += 1;
        if (failures === options.stopAfterFailures) {
          watch?.stop();
          setTimeout(resolve, 20);
        }
        return 1;
      },
    });
  });
  return { settled, logs, stored, refused };
}

describe('checkBotTokenLater', () => {
  it('stores the identity Slack confirms, quietly', async () => {
    const check = laterCheck([]);
    await check.settled;
    expect(check.stored).toEqual([known]);
    expect(check.refused).toEqual([]);
    expect(check.logs).toEqual([]);
  });

  it('hands a refused token on, with the message a refused token gets before listening', async () => {
    const check = laterCheck([{ body: { ok: false, error: 'token_revoked' } }]);
    await check.settled;
    expect(check.refused.map((e) => e.message)).toEqual([
      'SLACK_BOT_TOKEN was refused by Slack (token_revoked): set it to the Bot User OAuth Token of the installed app',
    ]);
    expect(check.stored).toEqual([]);
  });

  it('warns while Slack is out of reach, and checks again until it answers', async () => {
    const check = laterCheck([
      new TypeError('fetch failed'),
      { status: 503, body: { ok: false } },
      { body: { ok: false, error: 'ratelimited' } },
    ]);
    await check.settled;
    expect(check.logs).toHaveLength(3);
    expect(check.logs[0]).toContain(
      "cannot reach Slack's Web API to check SLACK_BOT_TOKEN: A request error occurred: fetch failed. Serving meanwhile as the bot this token was at the last start; checking again in 0 s",
    );
    expect(check.stored).toEqual([known]);
    expect(check.refused).toEqual([]);
  });

  it('stops checking when the app stops', async () => {
    const check = laterCheck([new TypeError('fetch failed'), new TypeError('fetch failed')], {
      stopAfterFailures: 1,
    });
    await check.settled;
    expect(check.logs).toHaveLength(1);
    expect(check.stored).toEqual([]);
  });

  it('stores an identity that changed, and says it is used from the next start', async () => {
    const check = laterCheck([{ body: { ok: true, bot_id: 'B2', user_id: 'UB2', team_id: 'T1' } }]);
    await check.settled;
    expect(check.stored).toEqual([{ botId: 'B2', botUserId: 'UB2', teamId: 'T1' }]);
    expect(check.logs.join('')).toContain(
      'SLACK_BOT_TOKEN is now bot UB2 in T1 (it was UB1 in T1): stored; the app uses it from its next start',
    );
  });
});
