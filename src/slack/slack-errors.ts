import { webApi } from '@slack/bolt';

/**
 * The `error` code of a Web API call Slack refused (ok:false), `ratelimited` for a 429 handed back
 * to us, else undefined (a network failure or a bug: not Slack's answer).
 */
export function slackErrorCode(error: unknown): string | undefined {
  if (error instanceof webApi.WebAPIRateLimitedError) return 'ratelimited';
  if (error instanceof webApi.WebAPIPlatformError) {
    // Typed as a string, but an ok:false reply without an error field exists.
    return typeof error.data.error === 'string' ? error.data.error : undefined;
  }
  return undefined;
}

/** Errors that say the workspace's token no longer works: nothing but a reinstall helps. */
export const tokenErrors: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

/** Errors where Slack may not have done anything yet and the same request can work a moment later. */
const passingErrors = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * What to tell a user when Slack refused something done for them in a conversation: each error
 * keeps its meaning, and only errors a retry can fix say "try again".
 */
export function postFailureText(code: string | undefined): string {
  if (code !== undefined && tokenErrors.has(code)) {
    return `:electric_plug: STAR Partner's access to this workspace has ended (${code}). An admin needs to reinstall it; nothing you saved is lost.`;
  }
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
      return ":lock: I'm not in this channel. If it is private, invite me with `/invite @STAR Partner`, then try again.";
    case 'method_not_supported_for_channel_type':
      return ':speech_balloon: I can’t join direct messages or group DMs, so nothing can be posted here for a team. Use a channel for that; `/star question` works anywhere.';
    case 'is_archived':
      return ':file_cabinet: This channel is archived, so I can’t post in it.';
    case 'restricted_action':
    case 'restricted_action_read_only_channel':
    case 'restricted_action_thread_only_channel':
      return ':no_entry: Posting in this channel is restricted by the workspace’s settings.';
    case 'ratelimited':
      return ':hourglass_flowing_sand: Slack asked me to slow down. Nothing was lost: try again in a minute.';
    case 'missing_scope':
      return ':key: Slack says I lack a permission for this (missing_scope). An admin can grant it by reinstalling STAR Partner.';
    case 'invalid_blocks':
    case 'msg_blocks_too_long':
    case 'msg_too_long':
      return `:warning: Slack refused the message as I built it (${code}). That is my fault, not yours: nothing was lost, and the admin can find it in the log.`;
    default:
      return code === undefined || passingErrors.has(code)
        ? `:warning: Slack did not take the post${code ? ` (${code})` : ''}. Nothing was lost: try again in a moment.`
        : `:warning: Slack did not take the post (${code}). Nothing was lost.`;
  }
}
