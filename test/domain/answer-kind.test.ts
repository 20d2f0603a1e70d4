import { describe, expect, it } from 'vitest';
import { answerKind, countsAsAnswer, starAnswerKind } from '../../src/domain/answer-kind.js';

describe('what counts as an answer (one rule for scoring, boards, recaps, coaching, stats)', () => {
  it.each([
    ['thanks and praise', 'Great answer, thanks!'],
    ['+1', '+1'],
    ['an emoji', ':100: 🔥'],
    ['a question back', 'What did your manager say?'],
    [
      'a question back, then a remark',
      'Is this for the staff loop or the senior one? The framing feels different.',
    ],
    ['a bare link', '<https://example.com/post-mortem|post-mortem>'],
    ['a promise', "I'll post mine tonight"],
    ['talk about the question', 'Tip for everyone: always end with a number.'],
    ['agreement', 'Agreed with Sam, same here'],
  ])('%s is a comment', (_name, text) => {
    expect(answerKind(text)).toBe('comment');
    expect(countsAsAnswer(answerKind(text))).toBe(false);
  });

  it.each([
    ['lorem ipsum', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.'],
    ['keyboard mash', 'asdf jkl; asdfasdf sdfg'],
    ['one sentence over and over', 'I fixed the bug. I fixed the bug. I fixed the bug. I fixed the bug.'],
    ['empty STAR labels', 'Situation: ...\nTask: ...\nAction: ...\nResult: ...'],
    ['the template left in', '[describe the situation] [describe the task]'],
  ])('%s is filler', (_name, text) => {
    expect(answerKind(text)).toBe('filler');
  });

  it('the question pasted back is filler', () => {
    const question = 'Tell me about a time you disagreed with a technical decision';
    expect(answerKind('Tell me about a time you disagreed with a technical decision.', question)).toBe(
      'filler',
    );
  });

  it('filler in all four fields of the STAR form is filler', () => {
    expect(starAnswerKind({ situation: 'test', task: 'test', action: 'test', result: 'test' })).toBe(
      'filler',
    );
    expect(starAnswerKind({ situation: 'asdf', task: 'qwer', action: 'asdf', result: 'zxcv' })).toBe(
      'filler',
    );
  });

  it.each([
    ['a twelve-word attempt', 'I split the deadline into weekly goals and we shipped on time.'],
    [
      'a bare past verb, Slack style',
      'Led our Postgres 11 to 15 upgrade, zero downtime, took three weekends.',
    ],
    [
      'a 22-word attempt',
      'Our staging env kept drifting from prod, so I wrote a nightly job that diffs the configs and posts mismatches.',
    ],
    ['present tense', "So I'm leading the move to Argo CD and I sit with each team for their first service."],
    [
      'a question inside a story',
      'I asked the CTO: why Go? He agreed to a benchmark, and I ran it that week.',
    ],
  ])('%s is an answer', (_name, text) => {
    expect(answerKind(text)).toBe('answer');
  });

  it('a real answer in the STAR form is an answer, acronyms and all', () => {
    expect(
      starAnswerKind({
        situation: 'Our SQL reports hit the primary DB.',
        task: 'I had to stop the month-end slowdowns.',
        action: 'I moved the reports to a replica.',
        result: 'p95 fell from 2 s to 300 ms.',
      }),
    ).toBe('answer');
  });
});
