import { webApi } from '@slack/bolt';

/** The `error` code of a Web API call Slack refused (ok:false), else undefined. */
export function slackErrorCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && error.code === webApi.ErrorCode.PlatformError) {
    const data = (error as webApi.WebAPIPlatformError).data;
    return typeof data?.error === 'string' ? data.error : undefined;
  }
  return undefined;
}

/** What to tell a user when Slack refused to post in a channel for them. */
export function postFailureText(code: string | undefined): string {
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
      return ":lock: I can't post in this conversation. Invite me first (`/invite @STAR Partner`), then try again.";
    case 'is_archived':
      return ':file_cabinet: This channel is archived, so I can’t post in it.';
    case 'restricted_action':
    case 'restricted_action_read_only_channel':
      return ':no_entry: Posting in this channel is restricted.';
    default:
      return `:warning: Slack did not take the post${code ? ` (${code})` : ''}. Nothing was lost: try again in a moment.`;
  }
}
