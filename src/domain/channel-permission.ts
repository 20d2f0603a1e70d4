/**
 * Who may change a channel's settings: its question of the day (`/star subscribe`, `unsubscribe`,
 * `pause`, `resume`, `skip`) and its STAR coach (`/star coach on|off`). One rule; every command that
 * changes a channel asks it, and `/star schedule` (open to everyone) says what it allows.
 *
 * - A channel without a subscription is anyone's to start: anyone may subscribe it, and anyone may
 *   turn its coaching on or off (coaching is set per channel, and nobody has taken the channel on).
 * - A subscribed channel is changed by the person who subscribed it or by a workspace admin or
 *   owner. "The person who subscribed it" is the first subscriber: a later `/star subscribe` that
 *   changes the settings (an admin's, say) does not take the channel over; after `/star
 *   unsubscribe`, whoever subscribes it again is.
 * - A subscriber who asked to be forgotten (`/star forget-me` blanks their id) leaves the channel to
 *   the workspace admins.
 * - Whether someone is an admin is Slack's to say (users.info). When Slack does not say, the answer
 *   is no, with "try again": never yes on unknown. It matters only for others: the subscriber, and
 *   anyone on a channel without a subscription, may go ahead whatever Slack says.
 *
 * Worked example: U1 subscribes #team; U2 (a member) runs `/star pause` → refused, naming U1; U3 (an
 * admin) runs `/star subscribe 10am` → the time changes and U1 still keeps the channel.
 */

/** What Slack says a user is in the workspace: an admin or owner, a member, or unknown (users.info failed). */
export type WorkspaceRole = 'admin' | 'member' | 'unknown';

/** The person asking to change a channel, and what they are in the workspace. */
export type Caller = { readonly userId: string; readonly role: WorkspaceRole };

/** Why a change was refused, and who can make it: the subscriber's id, or null when none is known. */
export type ChannelRefusal = {
  readonly ok: false;
  /** 'not-allowed': they may not; 'role-unknown': Slack did not say whether they are an admin. */
  readonly reason: 'not-allowed' | 'role-unknown';
  readonly subscriber: string | null;
};

export type ChannelPermission = { readonly ok: true } | ChannelRefusal;

/** Who subscribed a channel, from its subscription's `createdBy`; null once they were forgotten. */
export function subscriberOf(subscription: { readonly createdBy: string }): string | null {
  return subscription.createdBy === '' ? null : subscription.createdBy;
}

/**
 * May `caller` change the settings of a channel whose subscription is `subscription` (undefined: the
 * channel has none)?
 */
export function mayChangeChannel(
  caller: Caller,
  subscription: { readonly createdBy: string } | undefined,
): ChannelPermission {
  if (!subscription) return { ok: true };
  const subscriber = subscriberOf(subscription);
  if (subscriber !== null && subscriber === caller.userId) return { ok: true };
  if (caller.role === 'admin') return { ok: true };
  return {
    ok: false,
    reason: caller.role === 'unknown' ? 'role-unknown' : 'not-allowed',
    subscriber,
  };
}
