import { afterEach, describe, expect, it } from 'vitest';
import { resumeDeliveryIfTokenWorks } from '../../src/use-cases/workspaces.js';
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
