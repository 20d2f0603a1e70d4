import { afterEach, describe, expect, it } from 'vitest';
import { resumeDeliveryIfTokenWorks, workspaceStanding } from '../../src/use-cases/workspaces.js';
import { inMemoryWorld, type World } from './in-memory.js';

/** A workspace paused for a refused token resumes by itself once Slack accepts its token again. */

const now = Date.parse('2026-11-24T10:00:00Z');

let world: World;
afterEach(() => world.db.close());

/** Slack's auth.test: accepting the token or not; how often it was asked is counted. */
function authTest(works: boolean) {
  const asked = { times: 0 };
  const tokenWorks = async () => {
    asked.times += 1;
    return works;
  };
  return { tokenWorks, asked };
}

describe('resumeDeliveryIfTokenWorks', () => {
  it('does not ask Slack for a workspace whose delivery runs', async () => {
    world = inMemoryWorld();
    const slack = authTest(true);
    expect(await resumeDeliveryIfTokenWorks(world.workspaces, { teamId: 'T1', ...slack })).toBe(false);
    expect(slack.asked.times).toBe(0);
  });

  it('stays paused while Slack still refuses the token', async () => {
    world = inMemoryWorld();
    world.workspaces.delivery.pause('T1', 'token_revoked', now);
    const slack = authTest(false);
    expect(await resumeDeliveryIfTokenWorks(world.workspaces, { teamId: 'T1', ...slack })).toBe(false);
    expect(slack.asked.times).toBe(1);
    expect(world.workspaces.delivery.pausedWhy('T1')).toEqual({ reason: 'token_revoked', at: now });
  });

  it('resumes once Slack accepts the token, and only that workspace', async () => {
    world = inMemoryWorld();
    world.workspaces.delivery.pause('T1', 'token_revoked', now);
    world.workspaces.delivery.pause('T2', 'invalid_auth', now);
    expect(await resumeDeliveryIfTokenWorks(world.workspaces, { teamId: 'T1', ...authTest(true) })).toBe(
      true,
    );
    expect(world.workspaces.delivery.pausedWhy('T1')).toBeUndefined();
    expect(world.workspaces.delivery.pausedWhy('T2')).toEqual({ reason: 'invalid_auth', at: now });
  });
});

/** What every request reads of its workspace, in one statement: being deleted, delivery paused. */
describe('workspaceStanding', () => {
  it('says what the separate reads say, of that workspace only', () => {
    world = inMemoryWorld();
    const { workspaces } = world;
    const job = { reason: 'app_uninstalled', who: 'a test', deleted: {}, requestedAt: now };
    workspaces.jobs.add({ ...job, teamId: 'T1', userId: null });
    workspaces.jobs.add({ ...job, teamId: 'T3', userId: 'U1' }); // one user's forget-me: not the workspace
    workspaces.delivery.pause('T2', 'token_revoked', now);
    for (const teamId of ['T1', 'T2', 'T3', 'T4']) {
      expect([teamId, workspaceStanding(workspaces, teamId)]).toEqual([
        teamId,
        {
          beingDeleted: workspaces.jobs.workspaceJob(teamId) !== undefined,
          deliveryPaused: workspaces.delivery.pausedWhy(teamId) !== undefined,
        },
      ]);
    }
    expect(workspaceStanding(workspaces, 'T1')).toEqual({ beingDeleted: true, deliveryPaused: false });
    expect(workspaceStanding(workspaces, 'T2')).toEqual({ beingDeleted: false, deliveryPaused: true });
  });

  it('passes on what it read: Slack is asked only when delivery was paused', async () => {
    world = inMemoryWorld();
    world.workspaces.delivery.pause('T1', 'token_revoked', now);
    const slack = authTest(true);
    expect(
      await resumeDeliveryIfTokenWorks(world.workspaces, { teamId: 'T1', ...slack, paused: false }),
    ).toBe(false);
    expect(slack.asked.times).toBe(0);
    expect(await resumeDeliveryIfTokenWorks(world.workspaces, { teamId: 'T1', ...slack, paused: true })).toBe(
      true,
    );
    expect(world.workspaces.delivery.pausedWhy('T1')).toBeUndefined();
  });
});
