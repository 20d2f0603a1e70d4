import { afterEach, describe, expect, it } from 'vitest';
import { saveAnswer } from '../../src/use-cases/answer-question.js';
import { type FileSender, sendExport, setReminder } from '../../src/use-cases/personal-data.js';
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
      'record,at,question_id,kind,rating,where,text,reviewer,scores',
    );
    expect(dm.sent).toEqual([]);
  });

  it('also when Slack gave no reason (a network failure)', async () => {
    withAnAnswer();
    const result = await sendExport(world.personal, files({ code: undefined }).sender, { who, now });
    expect(result).toMatchObject({ kind: 'inline', code: undefined });
  });
});
