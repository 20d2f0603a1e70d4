import { afterEach, describe, expect, it } from 'vitest';
import { postAnswer, saveAnswer } from '../../src/use-cases/answer-question.js';
import { submitReview } from '../../src/use-cases/peer-review.js';
import {
  exportData,
  type FileSender,
  messagePath,
  sendExport,
  setReminder,
} from '../../src/use-cases/personal-data.js';
import { revealAnswer } from '../../src/use-cases/practice-question.js';
import { outboxPostSent, reply } from './channel-threads.js';
import { inMemoryWorld, knownPeople, type World } from './in-memory.js';

/**
 * The caller's own data: the reminder in their Slack time zone, and the export as a file, or as a
 * message when Slack takes no file. Real repositories; Slack's answers faked.
 */

const now = Date.parse('2026-11-24T10:00:00Z');
const who = { teamId: 'T1', userId: 'U1' };

let world: World;
afterEach(() => world.db.close());

/** A DM that takes files, or one that refuses them with `refusal`; every file sent is kept. */
function files(refusal?: { code: string | undefined }) {
  const sent: Array<{ userId: string; filename: string; content: string }> = [];
  const sender: FileSender = {
    async sendFile(file) {
      if (refusal) return { ok: false, code: refusal.code };
      sent.push(file);
      return { ok: true };
    },
  };
  return { sender, sent };
}

describe('setReminder', () => {
  it('keeps the reminder in the user’s Slack time zone', async () => {
    world = inMemoryWorld(knownPeople({ U1: { timeZone: 'Asia/Tokyo' } }));
    expect(await setReminder(world.personal, world.reviews.people, { who, time: '08:30', now })).toEqual({
      timeZone: 'Asia/Tokyo',
    });
    expect(world.personal.reminders.ofTeam('T1')).toEqual([
      {
        teamId: 'T1',
        userId: 'U1',
        time: { hour: 8, minute: 30 },
        timeZone: 'Asia/Tokyo',
        effectiveFrom: now,
      },
    ]);
  });

  it('in UTC when Slack does not say where the user is', async () => {
    world = inMemoryWorld(knownPeople({}));
    expect(await setReminder(world.personal, world.reviews.people, { who, time: '08:30', now })).toEqual({
      timeZone: 'UTC',
    });
    expect(world.personal.reminders.ofTeam('T1')[0]?.timeZone).toBe('UTC');
  });
});

describe('sendExport', () => {
  function withAnAnswer() {
    world = inMemoryWorld();
    const saved = saveAnswer(world.practice, {
      who,
      questionId: 'rally-team',
      answer: { situation: 'A launch', task: 'Lead it', action: 'I planned', result: '2 weeks early' },
      now: now - 60_000,
    });
    expect(saved).toBeDefined();
  }

  it('sends the CSV as a file named after the day, to the user', async () => {
    withAnAnswer();
    const dm = files();
    const result = await sendExport(world.personal, dm.sender, { who, now });
    expect(result).toEqual({ kind: 'file', filename: 'star-partner-export-2026-11-24.csv', rows: 2 });
    expect(dm.sent).toHaveLength(1);
    expect(dm.sent[0]?.userId).toBe('U1');
    expect(dm.sent[0]?.filename).toBe('star-partner-export-2026-11-24.csv');
    // The answer, one STAR part a line, in one quoted field.
    expect(dm.sent[0]?.content).toContain(
      '"Situation: A launch\nTask: Lead it\nAction: I planned\nResult: 2 weeks early"',
    );
  });

  it('gives the CSV back, with Slack’s reason, when no file can be sent', async () => {
    withAnAnswer();
    const dm = files({ code: 'missing_scope' });
    const result = await sendExport(world.personal, dm.sender, { who, now });
    expect(result).toMatchObject({ kind: 'inline', rows: 2, code: 'missing_scope' });
    expect(result.kind === 'inline' && result.csv.split('\r\n')[0]).toBe(
      'record,at,question_id,kind,rating,where,text,reviewer,scores,question,posted_in,message',
    );
    expect(dm.sent).toEqual([]);
  });

  it('also when Slack gave no reason (a network failure)', async () => {
    withAnAnswer();
    const result = await sendExport(world.personal, files({ code: undefined }).sender, { who, now });
    expect(result).toMatchObject({ kind: 'inline', code: undefined });
  });
});

describe('exportData', () => {
  it('names each question by its prompt beside its id, and says where each answer is', async () => {
    world = inMemoryWorld();
    revealAnswer(world.practice, { who, questionId: 'rally-team', now: now - 5_000 });
    const answer = { situation: 'A launch', task: 'Lead it', action: 'I planned', result: '2 weeks early' };
    const kept = saveAnswer(world.practice, { who, questionId: 'rally-team', answer, now: now - 4_000 });
    const shared = saveAnswer(world.practice, {
      who,
      questionId: 'pm-disagreement',
      answer,
      now: now - 3_000,
    });
    const posted = await postAnswer(
      world.practice,
      {
        ensureMember: async () => ({ ok: true }),
        postQuestion: async () => ({ ts: '1764000000.000001' }),
        postAnswer: async () => ({ ts: '1764000000.000002' }),
      },
      { who, answerId: shared?.answerId ?? 0, channelId: 'C1', now: now - 2_000 },
    );
    expect(kept && posted.kind).toBe('posted');
    outboxPostSent(world, {
      teamId: 'T1',
      channelId: 'C2',
      questionId: 'pm-disagreement',
      ts: '1764000100.000100',
      at: now - 10_000,
    });
    const text =
      'Situation: the PM wanted a date. Task: I owned the plan. Action: I cut scope. Result: on time.';
    reply(
      world,
      {
        teamId: 'T1',
        channelId: 'C2',
        ts: '1764000200.000100',
        threadTs: '1764000100.000100',
        userId: 'U1',
        text,
      },
      now - 1_000,
    );
    submitReview(world.reviews, {
      who: { teamId: 'T1', userId: 'U2' },
      channelId: 'C2',
      messageTs: '1764000200.000100',
      scores: { situation: 4, task: 4, action: 4, result: 4 },
      comment: 'Good',
      now,
    });

    const { csv, rows } = exportData(world.personal, who);
    // A reveal and three answers practised, three answers, one review.
    expect(rows).toBe(8);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'record,at,question_id,kind,rating,where,text,reviewer,scores,question,posted_in,message',
    );
    // Practice: the prompt beside the id; no place.
    expect(lines[1]).toBe(
      'practice,2026-11-24T09:59:55.000Z,rally-team,reveal,,slack,,,,Tell me about a time you rallied a team around a deadline,,',
    );
    // A private answer kept private; one posted to C1 (with its message); a reply in C2's thread.
    expect(csv).toContain(
      'Result: 2 weeks early",,,Tell me about a time you rallied a team around a deadline,private,\r\n',
    );
    expect(csv).toContain(
      'Result: 2 weeks early",,,Tell me about a disagreement with a product manager,C1,/archives/C1/p1764000000000002\r\n',
    );
    expect(csv).toContain(
      'Result: on time.,,,Tell me about a disagreement with a product manager,C2,/archives/C2/p1764000200000100?thread_ts=1764000100.000100&cid=C2\r\n',
    );
    // A review received: where the answer it reviewed is.
    expect(lines.at(-1)).toBe(
      'review received,2026-11-24T10:00:00.000Z,,rubric,,C2,Good,U2,S4 T4 A4 R4,,C2,/archives/C2/p1764000200000100',
    );
  });

  it('leaves the prompt out for a question no longer in the decks', () => {
    world = inMemoryWorld();
    world.practice.answers.save({
      ...who,
      questionId: 'retired',
      at: now,
      ...{ situation: 's', task: 't', action: 'a', result: 'r' },
    });
    expect(exportData(world.personal, who).csv.split('\r\n')[1]).toMatch(
      /,retired,private answer,.*,,private,$/s,
    );
  });
});

describe('messagePath', () => {
  it('is the path of a message’s link, with its thread for a reply', () => {
    expect(messagePath('C1', '1764000000.000100')).toBe('/archives/C1/p1764000000000100');
    expect(messagePath('C1', '1764000000.000100', '1764000000.000100')).toBe(
      '/archives/C1/p1764000000000100',
    );
    expect(messagePath('C1', '1764000200.000100', '1764000100.000100')).toBe(
      '/archives/C1/p1764000200000100?thread_ts=1764000100.000100&cid=C1',
    );
  });
});
