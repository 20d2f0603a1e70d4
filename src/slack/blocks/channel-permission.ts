import type { ChannelRefusal } from '../../domain/channel-permission.js';
import { type Message, message, sections } from './kit.js';

/** A change to a channel's settings, as its refusal names it. */
export type ChannelChange =
  | 'subscribe'
  | 'unsubscribe'
  | 'pause'
  | 'resume'
  | 'skip'
  | 'coach on'
  | 'coach off'
  | 'pairs';

const whatItDoes: Record<ChannelChange, string> = {
  subscribe: 'change the question of the day here',
  unsubscribe: 'unsubscribe this channel from the question of the day',
  pause: 'pause the question of the day here',
  resume: 'resume the question of the day here',
  skip: 'skip a day of the question of the day here',
  'coach on': 'turn the STAR coach on here',
  'coach off': 'turn the STAR coach off here',
  pairs: 'turn the mock interview rounds on or off here',
};

/**
 * Who may change a subscribed channel's settings, for a sentence: "<@U1> (who subscribed this
 * channel) or a workspace admin", or "a workspace admin" when the subscriber was forgotten.
 */
export function whoMayChange(subscriber: string | null): string {
  return subscriber === null
    ? 'a workspace admin'
    : `<@${subscriber}> (who subscribed this channel) or a workspace admin`;
}

/**
 * One private line: who can make the change; or, when Slack did not say whether the caller is an
 * admin, that it could not be checked, who can, and to try again.
 */
export function notAllowedMessage(change: ChannelChange, refusal: ChannelRefusal): Message {
  const who = whoMayChange(refusal.subscriber);
  const text =
    refusal.reason === 'role-unknown'
      ? `Slack didn’t tell me whether you are a workspace admin, so I can’t ${whatItDoes[change]} yet: only ${who} can. Try again in a minute.`
      : `Only ${who} can ${whatItDoes[change]}.`;
  return message(text, sections(text));
}
