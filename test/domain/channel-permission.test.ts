import { describe, expect, it } from 'vitest';
import {
  type Caller,
  type ChannelPermission,
  mayChangeChannel,
  subscriberOf,
  type WorkspaceRole,
} from '../../src/domain/channel-permission.js';

/** Who may change a channel's settings: its subscriber, a workspace admin, anyone before it is subscribed. */

const by = (createdBy: string) => ({ createdBy });
const as = (userId: string, role: WorkspaceRole): Caller => ({ userId, role });

describe('mayChangeChannel', () => {
  const cases: Array<[string, Caller, { createdBy: string } | undefined, ChannelPermission]> = [
    // A channel without a subscription: anyone may subscribe it (or set its coaching), Slack or not.
    ['no subscription, a member', as('U2', 'member'), undefined, { ok: true }],
    ['no subscription, an admin', as('U2', 'admin'), undefined, { ok: true }],
    ['no subscription, Slack did not say', as('U2', 'unknown'), undefined, { ok: true }],
    // The subscriber, whatever Slack says about them.
    ['the subscriber', as('U1', 'member'), by('U1'), { ok: true }],
    ['the subscriber, Slack did not say', as('U1', 'unknown'), by('U1'), { ok: true }],
    ['the subscriber, an admin too', as('U1', 'admin'), by('U1'), { ok: true }],
    // Anyone else: admins (owners included, at the edge) yes; members no, naming the subscriber.
    ['an admin', as('U3', 'admin'), by('U1'), { ok: true }],
    ['another member', as('U2', 'member'), by('U1'), { ok: false, reason: 'not-allowed', subscriber: 'U1' }],
    // Unknown is never yes.
    [
      'another member, Slack did not say',
      as('U2', 'unknown'),
      by('U1'),
      { ok: false, reason: 'role-unknown', subscriber: 'U1' },
    ],
    // A forgotten subscriber (forget-me blanks the id) leaves the channel to the admins.
    ['forgotten subscriber, an admin', as('U3', 'admin'), by(''), { ok: true }],
    [
      'forgotten subscriber, a member',
      as('U2', 'member'),
      by(''),
      { ok: false, reason: 'not-allowed', subscriber: null },
    ],
    [
      'forgotten subscriber, Slack did not say',
      as('U2', 'unknown'),
      by(''),
      { ok: false, reason: 'role-unknown', subscriber: null },
    ],
    // A blank id is nobody: a caller whose id came blank is not the forgotten subscriber.
    [
      'forgotten subscriber, a blank caller',
      as('', 'member'),
      by(''),
      { ok: false, reason: 'not-allowed', subscriber: null },
    ],
  ];
  it.each(cases)('%s', (_name, caller, subscription, expected) => {
    expect(mayChangeChannel(caller, subscription)).toEqual(expected);
  });
});

describe('subscriberOf', () => {
  it.each([
    ['U1', 'U1'],
    ['', null],
  ] as const)('%j → %j', (createdBy, expected) => {
    expect(subscriberOf({ createdBy })).toBe(expected);
  });
});
