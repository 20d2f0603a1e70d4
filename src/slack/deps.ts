import type { PracticeDeps } from '../use-cases/deps.js';

/** What the Slack listeners need, built in main.ts. */
export type SlackDeps = {
  readonly practice: PracticeDeps;
  readonly now: () => number;
};
