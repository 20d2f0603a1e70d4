import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { WorkspaceRole } from '../../src/domain/channel-permission.js';
import { commandCaller, workspaceRoleOf } from '../../src/slack/command-caller.js';

describe('workspaceRoleOf: a users.info user', () => {
  const cases: Array<[string, unknown, WorkspaceRole]> = [
    ['an admin', { id: 'U1', is_admin: true }, 'admin'],
    ['an owner', { id: 'U1', is_owner: true, is_admin: false }, 'admin'],
    ['the primary owner', { id: 'U1', is_primary_owner: true }, 'admin'],
    ['a member', { id: 'U1', is_admin: false, is_owner: false, is_primary_owner: false }, 'member'],
    ['a member, the flags left out', { id: 'U1' }, 'member'],
    ['no user (Slack did not answer)', undefined, 'unknown'],
    ['flags Slack never sends', { id: 'U1', is_admin: 'yes' }, 'unknown'],
  ];
  it.each(cases)('%s', (_name, user, role) => {
    expect(workspaceRoleOf(user)).toBe(role);
  });
});

describe('commandCaller', () => {
  function fakeClient(answer: () => Promise<{ user?: object }>) {
    const calls: unknown[] = [];
    const client = {
      users: {
        info: (args: unknown) => {
          calls.push(args);
          return answer();
        },
      },
    } as unknown as webApi.WebClient;
    return { client, calls };
  }

  it('asks users.info once per command for both the zone and the role', async () => {
    const { client, calls } = fakeClient(async () => ({
      user: { id: 'U1', tz: 'Asia/Tokyo', is_owner: true },
    }));
    const caller = commandCaller(client, 'U1');
    expect(await caller.timeZone()).toBe('Asia/Tokyo');
    expect(await caller.role()).toBe('admin');
    expect(calls).toEqual([{ user: 'U1' }]);
  });

  it('when Slack fails: UTC and an unknown role, never an admin', async () => {
    const { client } = fakeClient(async () => {
      throw new Error('HTTP 503');
    });
    const caller = commandCaller(client, 'U1');
    expect(await caller.role()).toBe('unknown');
    expect(await caller.timeZone()).toBe('UTC');
  });
});
