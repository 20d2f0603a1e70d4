import { z } from 'zod';
import { channelScheduleSchema } from './schedule.js';

/** A channel subscribed to the question of the day: its schedule, who subscribed it, why it is paused. */
export const subscriptionSchema = channelScheduleSchema
  .unwrap()
  .extend({
    teamId: z.string(),
    channelId: z.string(),
    /**
     * Who subscribed the channel: the first subscriber, kept when someone later changes its settings
     * (channel-permission.ts); '' once they asked to be forgotten.
     */
    createdBy: z.string(),
    /** Why posting is paused (who paused it, or what Slack refused); null when it is not. */
    pauseReason: z.string().nullable(),
  })
  .readonly();
export type Subscription = z.infer<typeof subscriptionSchema>;
