import { z } from 'zod';
import type { OnboardingKey, OnboardingKind } from '../domain/onboarding.js';
import type { Db } from './database.js';
import { rowReader } from './rows.js';

const onboardingRowSchema = z
  .object({
    status: z.enum(['sending', 'sent']),
    claimedAt: z.number().int(),
    sentAt: z.number().int().nullable(),
    messageTs: z.string().nullable(),
  })
  .readonly();
export type OnboardingRow = z.infer<typeof onboardingRowSchema>;

const readRow = rowReader('onboarding_messages', onboardingRowSchema);

type Row = { status: string; claimed_at: number; sent_at: number | null; message_ts: string | null };

export type OnboardingRepository = ReturnType<typeof createOnboardingRepository>;

/** The messages sent once (welcome, channel introduction, help after a mention), by their key. */
export function createOnboardingRepository(db: Db) {
  const claim = db.prepare<[string, OnboardingKind, string, number]>(
    `INSERT INTO onboarding_messages (team_id, kind, subject, status, claimed_at)
     VALUES (?, ?, ?, 'sending', ?) ON CONFLICT (team_id, kind, subject) DO NOTHING`,
  );
  const sent = db.prepare<[number, string | null, string, OnboardingKind, string]>(
    `UPDATE onboarding_messages SET status = 'sent', sent_at = ?, message_ts = ?
     WHERE team_id = ? AND kind = ? AND subject = ? AND status = 'sending'`,
  );
  const release = db.prepare<[string, OnboardingKind, string]>(
    `DELETE FROM onboarding_messages WHERE team_id = ? AND kind = ? AND subject = ? AND status = 'sending'`,
  );
  const find = db.prepare<[string, OnboardingKind, string], Row>(
    `SELECT status, claimed_at, sent_at, message_ts FROM onboarding_messages
     WHERE team_id = ? AND kind = ? AND subject = ?`,
  );
  const forget = db.prepare<[string, OnboardingKind, number]>(
    `DELETE FROM onboarding_messages WHERE team_id = ? AND kind = ? AND claimed_at < ?`,
  );
  return {
    /** Claims sending `key`; false when it was claimed before (sent, being sent, or in doubt). */
    claim(key: OnboardingKey, now: number): boolean {
      return claim.run(key.teamId, key.kind, key.subject, now).changes === 1;
    },
    markSent(key: OnboardingKey, ts: string | null, now: number): void {
      sent.run(now, ts, key.teamId, key.kind, key.subject);
    },
    /** Gives back a claim whose message Slack did not take: it may be sent later. */
    release(key: OnboardingKey): void {
      release.run(key.teamId, key.kind, key.subject);
    },
    find(key: OnboardingKey): OnboardingRow | undefined {
      const row = find.get(key.teamId, key.kind, key.subject);
      return row
        ? readRow({
            status: row.status,
            claimedAt: row.claimed_at,
            sentAt: row.sent_at,
            messageTs: row.message_ts,
          })
        : undefined;
    },
    /** Forgets a workspace's keys of one kind claimed before `before`; how many. */
    forgetBefore(teamId: string, kind: OnboardingKind, before: number): number {
      return forget.run(teamId, kind, before).changes;
    },
  };
}
