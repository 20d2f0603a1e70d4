import { z } from 'zod';

/**
 * A large delete the app finishes in the background: a whole workspace's data (after an uninstall
 * or a revoked bot token) or one user's (forget-me), with what it has deleted so far.
 */
export const purgeJobSchema = z
  .object({
    id: z.number().int(),
    teamId: z.string(),
    /** The user whose data goes (forget-me); null: the whole workspace. */
    userId: z.string().nullable(),
    /** What asked for it: app_uninstalled, tokens_revoked, forget-me. */
    reason: z.string(),
    /** How the log names what goes: 'workspace T1', 'org E1, workspace T9', 'a user'. */
    who: z.string(),
    /** Rows deleted (or, for forget-me, changed) so far, per table. */
    deleted: z.record(z.string(), z.number().int().nonnegative()),
    requestedAt: z.number(),
  })
  .readonly();
export type PurgeJob = z.infer<typeof purgeJobSchema>;

/** Adds counts per table. */
export function addCounts(
  total: Readonly<Record<string, number>>,
  more: Readonly<Record<string, number>>,
): Record<string, number> {
  const sum: Record<string, number> = { ...total };
  for (const [table, n] of Object.entries(more)) if (n > 0) sum[table] = (sum[table] ?? 0) + n;
  return sum;
}

export const countOf = (counts: Readonly<Record<string, number>>): number =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);
