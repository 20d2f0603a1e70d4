import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { WorkspaceRole } from '../domain/channel-permission.js';
import { timeZoneIn } from './user-time-zone.js';

/** What users.info says about a user's place in the workspace: owners and the primary owner are admins too. */
const roleFlags = z.object({
  is_admin: z.boolean().optional(),
  is_owner: z.boolean().optional(),
  is_primary_owner: z.boolean().optional(),
});

/** A users.info user's role; unknown when Slack gave no user (an error, a timeout, no such user). */
export function workspaceRoleOf(user: unknown): WorkspaceRole {
  if (user === undefined) return 'unknown';
  const flags = roleFlags.safeParse(user);
  if (!flags.success) return 'unknown';
  const { is_admin, is_owner, is_primary_owner } = flags.data;
  return is_admin || is_owner || is_primary_owner ? 'admin' : 'member';
}

/**
 * The person running a slash command, as Slack describes them (users.info): asked at most once per
 * command, when first needed, for their time zone ("tomorrow", a new subscription's zone) and their
 * role (who may change a channel's settings). Never cached across commands: someone made admin a
 * minute ago is one now. When Slack does not answer, the zone is UTC and the role unknown.
 */
export type CommandCaller = {
  timeZone(): Promise<string>;
  role(): Promise<WorkspaceRole>;
};

export function commandCaller(client: webApi.WebClient, userId: string): CommandCaller {
  const ask = () =>
    client.users.info({ user: userId }).then(
      (reply) => reply.user,
      () => undefined,
    );
  let asked: ReturnType<typeof ask> | undefined;
  const user = () => {
    asked ??= ask();
    return asked;
  };
  return {
    timeZone: async () => timeZoneIn(await user()),
    role: async () => workspaceRoleOf(await user()),
  };
}

/**
 * The caller's role, or 'unknown' when Slack has not said within `ms`: before a window's ack or a
 * trigger_id (3 s each), a slow users.info (Bolt's client retries) must not use the time up.
 * 'unknown' never counts as admin (channel-permission.ts): the person is told to try again.
 */
export function roleWithin(caller: Pick<CommandCaller, 'role'>, ms = 1_500): Promise<WorkspaceRole> {
  return Promise.race([
    caller.role(),
    new Promise<WorkspaceRole>((resolve) => setTimeout(resolve, ms, 'unknown').unref()),
  ]);
}
