import { toCsv } from '../domain/csv.js';
import type { PersonalDataRepository } from '../storage/personal-data-repository.js';
import type { ReminderRepository } from '../storage/reminder-repository.js';
import type { Who } from './deps.js';

export type PersonalDataDeps = {
  readonly personalData: PersonalDataRepository;
  readonly reminders: ReminderRepository;
  readonly atomically: <T>(fn: () => T) => T;
};

/** `/star remind HH:MM`: a DM "N questions due" each day at that local time (when any are due). */
export function setReminder(
  deps: PersonalDataDeps,
  input: { who: Who; time: string; timeZone: string; now: number },
): void {
  deps.reminders.set({ ...input.who, time: input.time, timeZone: input.timeZone, at: input.now });
}

export function removeReminder(deps: PersonalDataDeps, who: Who): boolean {
  return deps.reminders.remove(who.teamId, who.userId);
}

const iso = (at: number) => new Date(at).toISOString();

/**
 * `/star export`: the caller's practice, answers and the reviews they received, as one CSV
 * (one row per record, a `record` column says which kind).
 */
export function exportData(deps: PersonalDataDeps, who: Who): { csv: string; rows: number } {
  const data = deps.personalData.exportRows(who.teamId, who.userId);
  const rows: Array<Array<string | number | null>> = [
    ...data.practice.map((p) => [
      'practice',
      iso(p.at),
      p.question_id,
      p.kind,
      p.rating,
      p.source,
      null,
      null,
      null,
    ]),
    ...data.privateAnswers.map((a) => [
      'answer',
      iso(a.created_at),
      a.question_id,
      'private answer',
      null,
      a.posted_channel_id,
      `Situation: ${a.situation}\nTask: ${a.task}\nAction: ${a.action}\nResult: ${a.result}`,
      null,
      null,
    ]),
    ...data.channelAnswers.map((a) => [
      'answer',
      iso(a.created_at),
      a.question_id,
      'thread reply',
      null,
      a.channel_id,
      a.text,
      null,
      null,
    ]),
    ...data.reviewsReceived.map((r) => [
      'review received',
      iso(r.updated_at),
      null,
      'rubric',
      null,
      r.channel_id,
      r.comment,
      r.reviewer_id,
      `S${r.situation} T${r.task} A${r.action} R${r.result}`,
    ]),
  ];
  const header = ['record', 'at', 'question_id', 'kind', 'rating', 'where', 'text', 'reviewer', 'scores'];
  return { csv: toCsv(header, rows), rows: rows.length };
}

/** `/star forget-me`, after the confirmation: every row of the user in the workspace is deleted. */
export function forgetMe(deps: PersonalDataDeps, who: Who): Record<string, number> {
  return deps.atomically(() => deps.personalData.deleteUser(who.teamId, who.userId));
}
