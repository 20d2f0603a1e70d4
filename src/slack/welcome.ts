import type { Logger } from '@slack/bolt';
import { z } from 'zod';
import { type OnboardingDeps, type OnboardingPoster, welcomeInstaller } from '../use-cases/onboarding.js';
import { reportOnce } from './onboarding-poster.js';

/**
 * The welcome DM to whoever installed the app, once per workspace: after an OAuth install (the
 * installing user is in the installation), or, with one bot token, at start-up to the user the
 * operator configured (STAR_INSTALLER_USER_ID; Slack does not say who installed a single-workspace
 * app, so without it nobody is welcomed). Nothing here throws: a welcome that fails is logged, and
 * the install or the start goes on.
 */

type WelcomeDeps = {
  readonly onboarding: OnboardingDeps;
  readonly posterFor: (botToken: string) => OnboardingPoster;
  readonly logger: Logger;
  readonly now: () => number;
};

/**
 * The fields of an installation the welcome reads: the workspace, keyed as installations are (the
 * enterprise for an org-wide install), the installing user and the bot token.
 */
const installedSchema = z
  .object({
    team: z.object({ id: z.string().min(1) }).nullish(),
    enterprise: z.object({ id: z.string().min(1) }).nullish(),
    isEnterpriseInstall: z.boolean().nullish(),
    user: z.object({ id: z.string().min(1) }),
    bot: z.object({ token: z.string().min(1) }).nullish(),
  })
  .transform((installation) => ({
    teamId: installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id,
    userId: installation.user.id,
    botToken: installation.bot?.token,
  }));

/** Welcomes the installer of `teamId` with the bot's token, the first time only. */
export async function welcome(
  deps: WelcomeDeps,
  input: { teamId: string; userId: string; botToken: string },
): Promise<void> {
  try {
    const result = await welcomeInstaller(deps.onboarding, deps.posterFor(input.botToken), {
      teamId: input.teamId,
      userId: input.userId,
      now: deps.now(),
    });
    reportOnce(result, deps.logger, `the welcome to ${input.userId} in ${input.teamId}`);
  } catch (error) {
    deps.logger.warn(`the welcome to ${input.userId} in ${input.teamId} failed: ${(error as Error).message}`);
  }
}

/** After a successful OAuth install (Bolt's install callback): welcomes the installing user. */
export function welcomeAfterInstall(deps: WelcomeDeps): (installation: unknown) => Promise<void> {
  return async (installation) => {
    const installed = installedSchema.safeParse(installation);
    const { teamId, userId, botToken } = installed.success ? installed.data : {};
    if (!teamId || !userId || !botToken) {
      deps.logger.warn(
        'an installation without a workspace, an installing user or a bot token: nobody welcomed',
      );
      return;
    }
    await welcome(deps, { teamId, userId, botToken });
  };
}
