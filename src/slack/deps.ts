import type { ChannelSettingsDeps } from '../use-cases/channel-settings.js';
import type { CoachDeps } from '../use-cases/coaching.js';
import type { PracticeDeps } from '../use-cases/deps.js';
import type { OnboardingDeps, OnboardingPoster } from '../use-cases/onboarding.js';
import type { PairsDeps } from '../use-cases/pairs.js';
import type { ReviewDeps } from '../use-cases/peer-review.js';
import type { PersonalDataDeps } from '../use-cases/personal-data.js';
import type { StoryDeps } from '../use-cases/stories.js';
import type { SubscriptionDeps } from '../use-cases/subscriptions.js';
import type { ThreadDeps } from '../use-cases/thread-answers.js';
import type { WorkspaceDeps } from '../use-cases/workspaces.js';

/** What the Slack listeners need, built in main.ts. */
export type SlackDeps = {
  readonly practice: PracticeDeps;
  readonly subscriptions: SubscriptionDeps;
  readonly threads: ThreadDeps;
  readonly reviews: ReviewDeps;
  readonly personal: PersonalDataDeps;
  readonly coach: CoachDeps;
  readonly workspaces: WorkspaceDeps;
  readonly onboarding: OnboardingDeps;
  /** Posts the onboarding messages with a workspace's bot token (the one Bolt authorized the event with). */
  readonly onboardingPoster: (botToken: string) => OnboardingPoster;
  /** A channel's question of the day changed from the App Home's Settings window. */
  readonly channelSettings: ChannelSettingsDeps;
  /** Wakes the outbox dispatcher: a post planned now ("Post today's question now") goes out at once. */
  readonly sendSoon: () => void;
  /** Mock interviews in pairs: the rounds of each channel, who joined, the groups and their feedback. */
  readonly pairs: PairsDeps;
  /** The story bank: each user's own STAR stories, the matrix, rehearsal, import and export. */
  readonly stories: StoryDeps;
  readonly now: () => number;
};
