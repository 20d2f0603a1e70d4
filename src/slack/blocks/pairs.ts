import type { types } from '@slack/bolt';
import { weekdayName } from '../../domain/calendar.js';
import type { Question } from '../../domain/deck.js';
import { formatTime } from '../../domain/schedule.js';
import type { RubricScores } from '../../domain/star.js';
import { starLabels, starParts } from '../../domain/star.js';
import type { PairsSettings } from '../../storage/pairs-repository.js';
import type { GroupView, PairsStatus } from '../../use-cases/pairs.js';
import { encode } from '../card-state.js';
import { actions, views } from '../ids.js';
import {
  actionsBlock,
  type Block,
  button,
  context,
  divider,
  escapedClip,
  type Message,
  message,
  plain,
  sections,
} from './kit.js';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.js';
import { rubricInputs, scoresLine } from './review.js';
import { formatWhen } from './schedule.js';

/** "weekly on Monday at 10:00 Europe/Berlin". */
function rhythm(s: PairsSettings): string {
  const every = s.cadence === 'weekly' ? 'every week' : 'every two weeks';
  return `${every} on ${weekdayName(s.weekday)} at ${formatTime(s.time)} ${escapeMrkdwn(s.timeZone)}`;
}

const joinButtons = (channelId: string) =>
  actionsBlock('pairs_join', [
    button('Join the rounds', actions.pairsJoin, channelId, 'primary'),
    button('Leave', actions.pairsLeave, channelId),
  ]);

/** The channel's confirmation of `/star pairs on`. */
export function pairsOnMessage(
  settings: PairsSettings,
  next: { at: number },
  userId: string,
  changed: boolean,
): Message {
  return message(`Mock interviews in pairs: ${rhythm(settings)}`, [
    ...sections(
      `:handshake: <@${userId}> ${changed ? 'changed the mock interview rounds here to' : 'started mock interviews in pairs here:'} *${rhythm(settings)}*. First round: *${formatWhen(next.at, settings.timeZone)}*.\nEach round pairs whoever joined (a trio when the number is odd). Each of you interviews the other with a behavioral question, from an interviewer packet you get privately, then scores each STAR part.`,
    ),
    joinButtons(settings.channelId),
    context('Or `/star pairs join` · `/star pairs leave` · `/star pairs` shows the next round.'),
  ]);
}

export function pairsOffMessage(userId: string): Message {
  return message('Mock interview rounds stopped', [
    ...sections(
      `:wave: <@${userId}> stopped the mock interview rounds here. \`/star pairs on\` starts them again.`,
    ),
  ]);
}

/** `/star pairs`: the rounds here, and whether the caller is in them. */
export function pairsStatusMessage(status: PairsStatus): Message {
  if (!status.settings)
    return message('No mock interview rounds here', [
      ...sections(
        'This channel has no mock interview rounds. Start them with `/star pairs on` (every week on Monday) or `/star pairs on biweekly thursday`.',
      ),
    ]);
  const you = status.joined
    ? 'You are in: you will be paired in the next round. `/star pairs leave` takes you out.'
    : 'You are not in yet: `/star pairs join`.';
  const people = `${status.members} ${status.members === 1 ? 'person has' : 'people have'} joined`;
  return message('Mock interview rounds', [
    ...sections(
      `*Mock interviews in pairs:* ${rhythm(status.settings)}\n*Next round:* ${status.next ? formatWhen(status.next.at, status.settings.timeZone) : 'none'}\n${people}. ${you}`,
    ),
  ]);
}

/** `/star pairs join|leave` and the announcement's buttons, for the caller only. */
export function pairsMembershipText(action: 'join' | 'leave', changed: boolean, on: boolean): string {
  if (action === 'leave')
    return changed
      ? ':wave: You left the mock interview rounds here. `/star pairs join` brings you back.'
      : 'You were not in the mock interview rounds here.';
  const note = on
    ? ''
    : ' Rounds are not on here yet: someone who may change the channel runs `/star pairs on`.';
  return changed
    ? `:handshake: You joined the mock interview rounds here: you will be paired in the next round.${note}`
    : `You are already in the mock interview rounds here.${note}`;
}

const names = (members: readonly string[]) => members.map((m) => `<@${m}>`).join(' & ');

/** The round's announcement in the channel: the groups (mentions: each person learns their partner). */
export function roundAnnouncement(input: {
  channelId: string;
  groups: readonly GroupView[];
  next: { at: number } | undefined;
  timeZone: string;
}): Message {
  const { groups } = input;
  const lines = groups.map((g) => `• ${names(g.members)}`).join('\n');
  const next = input.next ? ` Next round: ${formatWhen(input.next.at, input.timeZone)}.` : '';
  const body =
    groups.length === 0
      ? ':handshake: *Mock interview round* — fewer than two people have joined, so nobody is paired this time. Join for the next one!'
      : `:handshake: *Mock interview round* — ${groups.length} ${groups.length === 1 ? 'group' : 'groups'}:\n${lines}\nEach group has a DM with its roles; each interviewer got a packet privately.`;
  return message('Mock interview round', [...sections(`${body}${next}`), joinButtons(input.channelId)]);
}

/** The group DM: who interviews whom (the candidate learns the category only), and the buttons. */
export function groupMessage(group: GroupView): Message {
  const turns = group.questions
    .map(
      (q) =>
        `• <@${q.interviewer}> interviews <@${q.candidate}> — category: *${escapeMrkdwn(q.question.category)}*`,
    )
    .join('\n');
  return message(`Your mock interview: ${names(group.members)}`, [
    ...sections(
      `:handshake: *Your mock interview this round* (${names(group.members)})\nFind 45 minutes this week. In turn:\n${turns}\nEach interviewer has a packet in their DM with the question and what a strong answer shows; candidates, think of a story for the category.`,
    ),
    ...groupButtons(group.id),
  ]);
}

function groupButtons(groupId: number): Block[] {
  return [
    context(
      'After your turn as interviewer, score the candidate: it reaches them and counts in their peer rubric.',
    ),
    actionsBlock(`pairs_group_${groupId}`, [
      button('Give feedback', actions.pairsFeedback, encode({ g: groupId }), 'primary'),
      button('We met', actions.pairsMet, encode({ g: groupId })),
      button('Skip this round', actions.pairsSkip, encode({ g: groupId })),
    ]),
  ];
}

/** The nudge in the group DM, three days in. */
export function nudgeMessage(group: GroupView): Message {
  return message('Have you met for your mock interview?', [
    ...sections(
      `:wave: ${names(group.members)} — have you found a time for your mock interview? When you have met, say so (or give feedback); if this week does not work, skip this round.`,
    ),
    ...groupButtons(group.id),
  ]);
}

/** The interviewer's packet, private: the question, its follow-ups, what a strong answer shows, the rubric. */
export function packetMessage(input: { group: GroupView; candidate: string; question: Question }): Message {
  const { question, candidate } = input;
  const followUps = question.followUps.map((f, i) => `${i + 1}. ${escapeMrkdwn(f.question)}`).join('\n');
  const strong = question.answer.insights
    ? markdownToMrkdwn(question.answer.insights)
    : starParts.map((part) => `*${starLabels[part]}:* ${escapedClip(question.answer[part], 300)}`).join('\n');
  return message(`Your interviewer packet for <@${candidate}>`, [
    ...sections(
      `:clipboard: *Your interviewer packet* — you interview <@${candidate}>. Only you see this.\n\n*Ask:* ${escapeMrkdwn(question.prompt)}\n_${escapeMrkdwn(question.category)}_`,
    ),
    ...(followUps ? sections(`*Follow-ups, if time allows:*\n${followUps}`) : []),
    divider(),
    ...sections(`*What a strong answer shows:*\n${escapedClip(strong, 2800)}`),
    ...sections(
      '*Score each part 1–5:*\n• *Situation* — clear, short context?\n• *Task* — their own responsibility clear?\n• *Action* — what *they* did, with tradeoffs, in "I"?\n• *Result* — measurable outcome and a lesson?',
    ),
    context(
      'Afterwards, use *Give feedback* in your group DM: the scores and one or two suggestions reach the candidate.',
    ),
  ]);
}

/** The feedback window: the rubric for the candidate the user interviewed in that group. */
export function mockFeedbackModal(input: {
  groupId: number;
  candidate: string;
  question: Question;
}): types.ModalView {
  return {
    type: 'modal',
    callback_id: views.mockFeedback,
    private_metadata: encode({ g: input.groupId }),
    title: plain('Mock interview feedback'),
    submit: plain('Send feedback'),
    close: plain('Cancel'),
    blocks: [
      ...sections(
        `*<@${input.candidate}>* answered: _${escapedClip(input.question.prompt, 2800)}_\nScore each STAR part; they see your scores and comment.`,
      ),
      ...rubricInputs(),
    ],
  };
}

/** The candidate's DM with the interviewer's scores. */
export function mockFeedbackReceived(input: {
  interviewerId: string;
  question: Question;
  scores: RubricScores;
  comment: string;
}): Message {
  return message(`<@${input.interviewerId}> scored your mock interview`, [
    ...sections(
      `:memo: <@${input.interviewerId}> scored your mock interview answer to _${escapeMrkdwn(input.question.prompt)}_:\n${scoresLine(input.scores)}`,
    ),
    ...sections(`*What would make it stronger:*\n${escapedClip(input.comment, 2900)}`),
    context(
      'Scores are 1 (weak) to 5 (strong) per STAR part; they count in your peer rubric (`/star stats`, App Home).',
    ),
  ]);
}
