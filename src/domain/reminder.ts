import { z } from 'zod';
import { postTimeSchema } from './calendar.js';

/** A user's daily "N questions due" DM: at a local time in their time zone. */
export const reminderSchema = z
  .object({
    teamId: z.string(),
    userId: z.string(),
    time: postTimeSchema,
    /** An IANA time zone: the user's own in Slack when they set the reminder. */
    timeZone: z.string().min(1),
    /** Reminders are due only for times after this instant (when it was set). */
    effectiveFrom: z.number(),
  })
  .readonly();
export type Reminder = z.infer<typeof reminderSchema>;
