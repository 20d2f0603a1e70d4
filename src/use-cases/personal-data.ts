import { toCsv } from '../domain/csv.js';
import type { Library } from '../domain/deck.js';
import { type RubricScores, starAnswerText, starLabels, starParts } from '../domain/star.js';
import type { MockFeedback, PairsRepository } from '../storage/pairs-repository.js';
import {
  type DeletedCounts,
  deletedCounts,
  type PersonalDataRepository,
} from '../storage/personal-data-repository.js';
import type { PurgeJobRepository } from '../storage/purge-job-repository.js';
import type { ReminderRepository } from '../storage/reminder-repository.js';
import type { Who } from './deps.js';
import { type People, timeZoneOfPerson } from './peer-review.js';
import type { PurgeQueue } from './purge-jobs.js';

export type PersonalDataDeps = {
  /** The decks: the export names each question by its prompt beside its id. */
  readonly library: Library;
  readonly personalData: PersonalDataRepository;
  readonly reminders: ReminderRepository;
  readonly jobs: PurgeJobRepository;
  readonly purges: PurgeQueue;
  readonly atomically: <T>(fn: () => T) => T;
  /** Mock interviews: the user's groups and the feedback they gave and got, for the export. */
  readonly pairs: Pick<PairsRepository, 'groupsOf' | 'feedbackFor' | 'feedbackGivenBy' | 'group'>;
};

/**
 * `/star remind HH:MM`: a DM "N questions due" each day at that local time (when any are due), in
 * the user's Slack time zone. Returns that time zone.
 */
export async function setReminder(
  deps: PersonalDataDeps,
  people: People,
  input: { who: Who; time: string; now: number },
): Promise<{ timeZone: string }> {
  const timeZone = await timeZoneOfPerson(people, input.who);
  deps.reminders.set({ ...input.who, time: input.time, timeZone, at: input.now });
  return { timeZone };
}

export function removeReminder(deps: PersonalDataDeps, who: Who): boolean {
  return deps.reminders.remove(who.teamId, who.userId);
}

const iso = (at: number) => new Date(at).toISOString();

/** "S4 T3 A5 R2". */
/**
 * The user's mock interviews in the export: each group they were in (its round date, what it came
 * to, who was in it), and each interviewer's scores they received or gave.
 */
function mockInterviewRows(
  deps: PersonalDataDeps,
  who: Who,
  prompt: (questionId: string) => string | null,
): Array<Array<string | number | null>> {
  const channelOf = (groupId: number) => deps.pairs.group(who.teamId, groupId)?.channelId ?? null;
  const categoryOf = (questionId: string | undefined) =>
    (questionId && deps.library.byId.get(questionId)?.category) || null;
  const feedback = (record: string, f: MockFeedback, reviewer: string) => [
    record,
    iso(f.at),
    f.questionId,
    'rubric',
    null,
    channelOf(f.groupId),
    record.endsWith('given') ? `for ${f.candidate}: ${f.comment}` : f.comment,
    reviewer,
    scoresText(f),
    prompt(f.questionId),
    null,
    null,
  ];
  return [
    ...deps.pairs.groupsOf(who.teamId, who.userId).map((g) => [
      'mock interview group',
      g.roundDate,
      // The question they are asked stays the interviewer's until the interview: its category only.
      null,
      g.status,
      null,
      g.channelId,
      g.members.join(' '),
      null,
      null,
      categoryOf(g.interviews.find((i) => i.candidate === who.userId)?.questionId),
      null,
      null,
    ]),
    ...deps.pairs
      .feedbackFor(who.teamId, who.userId, 1000)
      .map((f) => feedback('mock interview feedback received', f, f.interviewer)),
    ...deps.pairs
      .feedbackGivenBy(who.teamId, who.userId)
      .map((f) => feedback('mock interview feedback given', f, f.interviewer)),
  ];
}

const scoresText = (scores: RubricScores) =>
  starParts.map((part) => `${starLabels[part].charAt(0)}${scores[part]}`).join(' ');

/**
 * Where a message is in Slack, as the path of its link (`/archives/C1/p1764237700000100`, with the
 * thread of a reply): after the workspace's address (`https://example.slack.com`) it opens it.
 */
export function messagePath(channelId: string, ts: string, threadTs?: string): string {
  const path = `/archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${path}?thread_ts=${threadTs}&cid=${channelId}` : path;
}

/**
 * `/star export`: the caller's practice, answers and the reviews they received, as one CSV
 * (one row per record, a `record` column says which kind). The last columns came later, so
 * that the first ones keep their place: `question` (the prompt of `question_id`, when the decks
 * still have it), `posted_in` (an answer: `private`, or the channel it is in; a review: the
 * channel of the answer reviewed) and `message` (the path of that message's link).
 */
export function exportData(deps: PersonalDataDeps, who: Who): { csv: string; rows: number } {
  const data = deps.personalData.exportRows(who.teamId, who.userId);
  const prompt = (questionId: string) => deps.library.byId.get(questionId)?.prompt ?? null;
  const rows: Array<Array<string | number | null>> = [
    ...data.practice.map((p) => [
      'practice',
      iso(p.at),
      p.questionId,
      p.kind,
      p.rating,
      p.source,
      null,
      null,
      null,
      prompt(p.questionId),
      null,
      null,
    ]),
    ...data.privateAnswers.map((a) => [
      'answer',
      iso(a.createdAt),
      a.questionId,
      'private answer',
      null,
      a.postedChannelId,
      starAnswerText(a),
      null,
      null,
      prompt(a.questionId),
      a.postedChannelId ?? 'private',
      a.postedChannelId && a.postedTs ? messagePath(a.postedChannelId, a.postedTs) : null,
    ]),
    ...data.channelAnswers.map((a) => [
      'answer',
      iso(a.createdAt),
      a.questionId,
      'thread reply',
      null,
      a.channelId,
      a.text,
      null,
      null,
      prompt(a.questionId),
      a.channelId,
      messagePath(a.channelId, a.messageTs, a.threadTs),
    ]),
    ...data.reviewsReceived.map((r) => [
      'review received',
      iso(r.at),
      null,
      'rubric',
      null,
      r.channelId,
      r.comment,
      r.reviewerId,
      scoresText(r),
      null,
      r.channelId,
      messagePath(r.channelId, r.messageTs),
    ]),
    ...mockInterviewRows(deps, who, prompt),
    // The story bank: each story with its parts and lesson as text, the categories it answers in `question`.
    ...data.stories.map((s) => [
      'story',
      iso(s.createdAt),
      null,
      s.title,
      null,
      'private',
      `${starAnswerText(s)}${s.lesson ? `\nLesson: ${s.lesson}` : ''}`,
      null,
      null,
      s.categories,
      'private',
      null,
    ]),
  ];
  const header = [
    'record',
    'at',
    'question_id',
    'kind',
    'rating',
    'where',
    'text',
    'reviewer',
    'scores',
    'question',
    'posted_in',
    'message',
  ];
  return { csv: toCsv(header, rows), rows: rows.length };
}

export type { DeletedCounts };

/**
 * `/star forget-me`, after the confirmation: every row of the user in the workspace is deleted (the
 * channel's subscriptions and shared questions stay, without their name). The deletion is recorded
 * as a job and done in batches by the background worker, like an uninstall's (a heavy user can have
 * a hundred thousand rows); it survives a restart. What the user does while it runs goes with it.
 * Resolves with what went, per kind, once it is done; undefined if the app stops first (the job
 * then finishes after the restart).
 */
export async function forgetMe(
  deps: PersonalDataDeps,
  input: { who: Who; now: number },
): Promise<DeletedCounts | undefined> {
  const { teamId, userId } = input.who;
  const id = deps.atomically(
    () =>
      deps.jobs.userJob(teamId, userId) ??
      deps.jobs.add({
        teamId,
        userId,
        reason: 'forget-me',
        who: 'a user',
        deleted: {},
        requestedAt: input.now,
      }),
  );
  const finished = deps.purges.finished(id);
  deps.purges.wake();
  const counts = await finished;
  return counts && deletedCounts(counts);
}

/** Sends a file to a user's direct messages with the app; implemented at the Slack edge. */
export type FileSender = {
  sendFile(input: {
    userId: string;
    filename: string;
    content: string;
  }): Promise<{ ok: true } | { ok: false; code: string | undefined }>;
};

export type ExportResult =
  | { readonly kind: 'file'; readonly filename: string; readonly rows: number }
  /** No file could be sent: the CSV is to be shown as a message, with Slack's reason (when it said). */
  | {
      readonly kind: 'inline';
      readonly csv: string;
      readonly rows: number;
      readonly code: string | undefined;
    };

/**
 * `/star export` delivered: the CSV as a file in the user's DM, named after the day; when Slack takes
 * no file (no files:write yet, or it refused), the CSV comes back to be shown as a message instead.
 */
export async function sendExport(
  deps: PersonalDataDeps,
  files: FileSender,
  input: { who: Who; now: number },
): Promise<ExportResult> {
  const { csv, rows } = exportData(deps, input.who);
  const filename = `star-partner-export-${iso(input.now).slice(0, 10)}.csv`;
  const sent = await files.sendFile({ userId: input.who.userId, filename, content: csv });
  return sent.ok ? { kind: 'file', filename, rows } : { kind: 'inline', csv, rows, code: sent.code };
}
