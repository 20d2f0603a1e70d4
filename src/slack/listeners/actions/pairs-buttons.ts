import { z } from 'zod';
import { decideGroup, interviewLedBy, joinPairs, leavePairs } from '../../../use-cases/pairs.js';
import { mockFeedbackModal, pairsMembershipText } from '../../blocks/pairs.js';
import { channelIdSchema, decode } from '../../card-state.js';
import type { SlackDeps } from '../../deps.js';
import { userTimeZone } from '../../user-time-zone.js';
import { type ButtonArgs, tellPrivately, whoClicked } from './card-action.js';

const groupRefSchema = z.object({ g: z.number().int().positive() });

/** The announcement's "Join the rounds" / "Leave": the clicker, in or out of the channel's rounds. */
export function pairsMembershipClick(deps: SlackDeps, action: 'join' | 'leave') {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const channelId = channelIdSchema.safeParse(args.action.value);
    if (!channelId.success) return;
    const who = whoClicked(args);
    const on = deps.pairs.pairs.settings(who.teamId, channelId.data) !== undefined;
    if (action === 'leave') {
      const left = leavePairs(deps.pairs, { ...who, channelId: channelId.data });
      return tellPrivately(args, pairsMembershipText('leave', left, on));
    }
    const joined = joinPairs(deps.pairs, {
      ...who,
      channelId: channelId.data,
      timeZone: await userTimeZone(args.client, who.userId),
      now: deps.now(),
    });
    return tellPrivately(args, pairsMembershipText('join', joined.joined, on));
  };
}

const notInGroupText = ':mag: These buttons are for the people of this mock interview group.';

/** "We met" / "Skip this round" in a group DM: said once for the group. */
export function pairsDecisionClick(deps: SlackDeps, status: 'met' | 'skipped') {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decode(groupRefSchema, args.action.value);
    if (!ref) return;
    const who = whoClicked(args);
    const decided = decideGroup(deps.pairs, { ...who, groupId: ref.g, status, now: deps.now() });
    if (decided === 'not-in-group') return tellPrivately(args, notInGroupText);
    const said = status === 'met' ? 'met' : 'skipping this round';
    return tellPrivately(
      args,
      decided === 'done'
        ? `:white_check_mark: Noted: your group is ${said}. No reminder will come.`
        : 'Your group has already said whether it met this round.',
    );
  };
}

/** "Give feedback" in a group DM: the rubric for the candidate the clicker interviews in that group. */
export function pairsFeedbackClick(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decode(groupRefSchema, args.action.value);
    if (!ref) return;
    const led = interviewLedBy(deps.pairs, { ...whoClicked(args), groupId: ref.g });
    if (!led) return tellPrivately(args, notInGroupText);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: mockFeedbackModal({ groupId: ref.g, candidate: led.candidate, question: led.question }),
    });
  };
}
