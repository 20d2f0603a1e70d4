import type { Logger, webApi } from '@slack/bolt';
import { slackErrorCode, tokenErrors } from './slack-errors.js';

/** The bot behind SLACK_BOT_TOKEN, as auth.test names it (single-workspace mode). */
export type BotIdentity = { botId: string; botUserId: string; teamId: string | undefined };

/** Errors of auth.test that say the token is no good (any other: Slack could not answer just then). */
const refusedErrors: ReadonlySet<string> = new Set([...tokenErrors, 'team_disabled']);

/**
 * A failed check of SLACK_BOT_TOKEN, with one clear message. `refused`: Slack says the token is no
 * good (invalid_auth, token_revoked, account_inactive, not_authed, …, or not a bot's); otherwise
 * Slack could not be reached, or could not answer just then.
 */
export class BotTokenError extends Error {
  override name = 'BotTokenError';
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

/**
 * Checks the bot token with auth.test, so a wrong token (or an unreachable Slack) is told in one
 * clear message instead of a stack trace later. Throws a `BotTokenError`.
 */
export async function verifyBotToken(client: webApi.WebClient): Promise<BotIdentity> {
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === undefined)
      throw new BotTokenError(
        `cannot reach Slack's Web API to check SLACK_BOT_TOKEN: ${(error as Error).message}`,
        false,
      );
    if (!refusedErrors.has(code))
      throw new BotTokenError(`Slack could not check SLACK_BOT_TOKEN just now (${code})`, false);
    throw new BotTokenError(
      `SLACK_BOT_TOKEN was refused by Slack (${code}): set it to the Bot User OAuth Token of the installed app`,
      true,
    );
  }
  if (!result.bot_id || !result.user_id) {
    throw new BotTokenError(
      'SLACK_BOT_TOKEN is not a bot token (auth.test named no bot): set it to the Bot User OAuth Token of the installed app',
      true,
    );
  }
  return { botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id || undefined };
}

/** How long after a check that could not reach Slack the next one starts: 1 minute, doubling, at most 30. */
const retryDelayMs = (failures: number) => Math.min(30 * 60_000, 60_000 * 2 ** (failures - 1));

/**
 * The bot's identity while the check of a first start (or of a new token) is under way: the app
 * listens at once, and each request that needs the identity waits for it (`within`), at most for a
 * moment. `settle` with the identity Slack confirmed, or `fail` when the app stops without one.
 */
export function identityToCome(): {
  readonly known: () => BotIdentity | undefined;
  readonly settle: (identity: BotIdentity) => void;
  readonly fail: (error: Error) => void;
  /** The identity once known; a `BotIdentityPendingError` when it is not within `ms`, or the failure. */
  readonly within: (ms: number) => Promise<BotIdentity>;
} {
  let known: BotIdentity | undefined;
  let settle: (identity: BotIdentity) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const identity = new Promise<BotIdentity>((resolve, reject) => {
    settle = (checked) => {
      known ??= checked;
      resolve(checked);
    };
    fail = reject;
  });
  identity.catch(() => {}); // a failure with no request waiting is no unhandled rejection
  return {
    known: () => known,
    settle: (checked) => settle(checked),
    fail: (error) => fail(error),
    within: (ms) => {
      if (known) return Promise.resolve(known);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new BotIdentityPendingError()), ms);
      });
      return Promise.race([identity, late]).finally(() => clearTimeout(timer));
    },
  };
}

/** A request that came while SLACK_BOT_TOKEN was being checked, and waited longer than it may. */
export class BotIdentityPendingError extends Error {
  override name = 'BotIdentityPendingError';
  constructor() {
    super('SLACK_BOT_TOKEN is still being checked with Slack');
  }
}

/**
 * The check of SLACK_BOT_TOKEN once the app listens, in the background.
 *
 * A restart (`known`: the identity stored at an earlier start, which the app serves with): a token
 * Slack refuses → `onStop` (the app stops, as it would have before listening); Slack out of reach
 * (or unable to answer just then) → a warning, and another check later. Each identity Slack
 * confirms goes to `onChecked` (stored); one that differs from `known` is also logged (the app runs
 * with `known` until its next start).
 *
 * A first start, or a new token (no `known`): the identity Slack confirms goes to `onChecked` (the
 * app serves with it from then on); any failed check → `onStop`, a refused token as an unreachable
 * Slack: with no identity the app cannot serve, as it refused to start without one before.
 */
export function checkBotTokenLater(options: {
  verify: () => Promise<BotIdentity>;
  known?: BotIdentity | undefined;
  onChecked: (identity: BotIdentity) => void;
  onStop: (error: BotTokenError) => void;
  /**
   * Once, when the first check does not refuse the token (Slack confirmed it, or, on a restart,
   * could not be asked just then): what must not run with a token Slack may refuse starts here.
   */
  onTrusted?: () => void;
  logger: Logger;
  /** Runs the check (the app counts it, so a shutdown lets it finish). */
  track?: <T>(work: () => Promise<T>) => Promise<T>;
  retryDelayMs?: (failures: number) => number;
}): { stop(): void } {
  const { known, logger } = options;
  const delay = options.retryDelayMs ?? retryDelayMs;
  const track = options.track ?? ((work) => work());
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let trusted = false;
  const trust = () => {
    if (trusted) return;
    trusted = true;
    options.onTrusted?.();
  };
  // The whole check is one piece of tracked work, what it starts on the way (onTrusted) included,
  // so the app's idle() does not see a gap between the answer and what follows it.
  const check = () => track(checkOnce);
  const checkOnce = async () => {
    timer = undefined;
    let identity: BotIdentity;
    try {
      identity = await options.verify();
    } catch (error) {
      if (stopped) return;
      if (!known || (error instanceof BotTokenError && error.refused)) {
        options.onStop(
          error instanceof BotTokenError
            ? error
            : new BotTokenError(`could not check SLACK_BOT_TOKEN: ${(error as Error).message}`, false),
        );
        return;
      }
      failures += 1;
      const wait = delay(failures);
      logger.warn(
        `${(error as Error).message}. Serving meanwhile as the bot this token was at the last start; checking again in ${Math.round(wait / 1000)} s`,
      );
      timer = setTimeout(() => void check(), wait);
      timer.unref();
      trust();
      return;
    }
    if (stopped) return;
    if (
      known &&
      (identity.botId !== known.botId ||
        identity.botUserId !== known.botUserId ||
        identity.teamId !== known.teamId)
    ) {
      logger.warn(
        `SLACK_BOT_TOKEN is now bot ${identity.botUserId} in ${identity.teamId ?? 'no workspace'} (it was ${known.botUserId} in ${known.teamId}): stored; the app uses it from its next start`,
      );
    }
    options.onChecked(identity);
    trust();
  };
  void check().catch((error: unknown) => logger.error('checking SLACK_BOT_TOKEN failed:', error));
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
