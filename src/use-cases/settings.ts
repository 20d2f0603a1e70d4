import type { WorkspaceRole } from '../domain/channel-permission.js';
import type { PersonalSettingsForm } from '../domain/settings.js';
import type { Subscription } from '../domain/subscription.js';
import { channelsManagedBy } from './channel-settings.js';
import type { Who } from './deps.js';
import { type ReviewDeps, setLeaderboardPrivacy, timeZoneOfPerson } from './peer-review.js';
import { type PersonalDataDeps, removeReminder, setReminder } from './personal-data.js';

/** What the App Home's Settings window shows and changes: the same settings as `/star remind` and `/star leaderboard hide|show`. */
export type PersonalSettings = {
  /** The daily reminder's time ("HH:MM") and the zone it follows; null when there is none. */
  readonly reminder: { readonly time: string; readonly timeZone: string } | null;
  /** Off every leaderboard and weekly recap. */
  readonly hidden: boolean;
  /** The user's Slack time zone now: a reminder set from here follows it. */
  readonly timeZone: string;
  /**
   * The channels whose question of the day the user may change (`channelsManagedBy`: they
   * subscribed it, or they are a workspace admin), as they stand.
   */
  readonly channels: readonly Subscription[];
};

/** The user's settings as they stand, for the Settings window. */
export async function personalSettings(
  personal: PersonalDataDeps,
  reviews: ReviewDeps,
  who: Who & { role: WorkspaceRole },
): Promise<PersonalSettings> {
  return {
    reminder: personal.reminders.ofUser(who.teamId, who.userId) ?? null,
    hidden: reviews.leaderboard.isHidden(who.teamId, who.userId),
    timeZone: await timeZoneOfPerson(reviews.people, who),
    channels: channelsManagedBy(reviews, who),
  };
}

/**
 * The Settings window was submitted: the reminder set (at that time, in the user's Slack time zone)
 * or removed, and the leaderboard privacy saved, through the same use cases as the slash commands.
 */
export async function savePersonalSettings(
  personal: PersonalDataDeps,
  reviews: ReviewDeps,
  input: { who: Who; form: PersonalSettingsForm; now: number },
): Promise<void> {
  const { who, form, now } = input;
  if (form.reminderTime === null) removeReminder(personal, who);
  else await setReminder(personal, reviews.people, { who, time: form.reminderTime, now });
  setLeaderboardPrivacy(reviews, { who, hidden: form.hidden, now });
}
