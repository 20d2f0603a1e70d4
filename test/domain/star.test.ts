import { describe, expect, it } from 'vitest';
import {
  answerPartMax,
  eachStarPart,
  reviewCommentMax,
  rubricReviewSchema,
  starAnswerSchema,
  starAnswerText,
  starLabels,
  starParts,
} from '../../src/domain/star.js';

/** The STAR parts and the forms' rules, with the messages users see next to each field. */

const firstErrors = (error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) => {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
};

describe('the STAR parts', () => {
  it('are Situation, Task, Action, Result, in that order', () => {
    expect(starParts).toEqual(['situation', 'task', 'action', 'result']);
    expect(starParts.map((part) => starLabels[part])).toEqual(['Situation', 'Task', 'Action', 'Result']);
    expect(eachStarPart((part) => part.length)).toEqual({ situation: 9, task: 4, action: 6, result: 6 });
  });

  it('write an answer as text, one part a line', () => {
    expect(starAnswerText({ situation: 'S', task: 'T', action: 'A', result: 'R' })).toBe(
      'Situation: S\nTask: T\nAction: A\nResult: R',
    );
  });
});

describe('starAnswerSchema', () => {
  const valid = { situation: 'A launch', task: 'Lead it', action: 'I planned', result: '2 weeks early' };

  it.each([
    ['a valid answer, trimmed', { ...valid, task: '  Lead it  ' }, {}],
    ['an empty part', { ...valid, situation: '' }, { situation: 'Write at least a few words.' }],
    ['a part of spaces only', { ...valid, result: '     ' }, { result: 'Write at least a few words.' }],
    [
      'a part too long',
      { ...valid, action: 'x'.repeat(answerPartMax + 1) },
      { action: `Keep it under ${answerPartMax} characters.` },
    ],
  ])('%s', (_name, input, errors) => {
    const parsed = starAnswerSchema.safeParse(input);
    if (parsed.success) {
      expect(errors).toEqual({});
      expect(parsed.data).toEqual(valid);
    } else {
      expect(firstErrors(parsed.error)).toEqual(errors);
    }
  });
});

describe('rubricReviewSchema', () => {
  const valid = { situation: '4', task: '3', action: '5', result: '2', comment: 'More numbers' };

  it.each([
    ['a valid review, scores as numbers', valid, {}],
    ['a score not picked', { ...valid, task: '' }, { task: 'Pick a score from 1 to 5.' }],
    ['a score that is not a number', { ...valid, action: 'five' }, { action: 'Pick a score from 1 to 5.' }],
    ['a comment too short', { ...valid, comment: ' ok ' }, { comment: 'Say what would make it stronger.' }],
    [
      'a comment too long',
      { ...valid, comment: 'x'.repeat(reviewCommentMax + 1) },
      { comment: `Keep it under ${reviewCommentMax} characters.` },
    ],
  ])('%s', (_name, input, errors) => {
    const parsed = rubricReviewSchema.safeParse(input);
    if (parsed.success) {
      expect(errors).toEqual({});
      expect(parsed.data).toEqual({ situation: 4, task: 3, action: 5, result: 2, comment: 'More numbers' });
    } else {
      expect(firstErrors(parsed.error)).toEqual(errors);
    }
  });
});
