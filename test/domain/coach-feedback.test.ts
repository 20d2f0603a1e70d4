import { describe, expect, it } from 'vitest';
import { analyseAnswer, threadFindingLimit } from '../../src/domain/coach.js';

/**
 * The cases a new user hit before the coach was rewritten (issue 14), each with the feedback it
 * should get now. Texts written for this test.
 */

const strongProse = `Two years ago I was the senior engineer on a shared Postgres platform that hosted about forty tenant databases on six machines. Whenever one tenant ran a heavy report, everyone else on that host slowed down, and a few times a quarter it became an incident for somebody who had done nothing wrong.

I owned the platform's reliability goals that year, and the target I agreed with my manager was to stop one tenant from taking down its neighbours without buying a machine per tenant.

I pulled every incident from the previous twelve months and tagged the cause. I put per-tenant connection limits in the pooler, set statement timeouts per role, and moved the four heaviest reporting tenants onto read replicas. I considered one cluster per tenant, but it roughly tripled the cost, so I went with limits instead and accepted that a determined tenant could still hurt others.

Incidents from noisy neighbours fell from 9 a quarter to 1. What I took away is that the incident log was the best design document I had.`;

const milestones = `I took over a team that had missed every milestone for a year, and my manager asked me to get it delivering again without losing anyone. I cut the plan to four milestones, said no to two outside requests, rewrote each milestone so it ended in something a customer could use, and started proper 1:1s. By the end of the half we shipped 4 of 4 milestones and attrition went to 0.`;

const twentyTwoWords =
  'Our staging env kept drifting from prod, so I wrote a nightly job that diffs the configs and posts mismatches to Slack.';

/** Whether the coach reads this Result of an otherwise complete STAR form answer as quantified. */
const quantified = (result: string) =>
  analyseAnswer({
    situation: 'Our deploys were manual and slow.',
    task: 'I had to make them safe to run daily.',
    action: 'I wrote a pipeline and moved every service onto it.',
    result,
  }).quantified;

describe('the coach is right about ordinary prose', () => {
  it('a strong prose answer with no labels has all four parts, numbers and ownership', () => {
    const report = analyseAnswer({ text: strongProse });
    expect(report.present).toEqual({ situation: true, task: true, action: true, result: true });
    expect(report.quantified).toBe(true);
    const codes = report.findings.map((f) => f.code);
    expect(codes).not.toContain('missing-part');
    expect(codes).not.toContain('result-not-quantified');
    expect(codes).not.toContain('we-not-i');
    expect(report.tradeoff).toBe(true);
    expect(report.lesson).toBe(true);
    expect(report.verdict).not.toBe('weak');
  });

  it('"4 of 4 milestones" and "attrition went to 0" are numbers', () => {
    const report = analyseAnswer({ text: milestones });
    expect(report.present.result).toBe(true);
    expect(report.quantified).toBe(true);
    expect(report.findings.map((f) => f.code)).not.toContain('result-not-quantified');
  });

  it.each([
    ['from 9 to 1', 'Pages fell from 9 a week to 1.'],
    ['halved', 'That halved the build time.'],
    ['in words', 'Escalations went down to about two a week.'],
    ['none since', "It hasn't happened again since."],
    ['measured time', 'Deploys now take 5 minutes, not an hour.'],
  ])('a result with numbers %s is quantified', (_name, result) => {
    expect(quantified(result)).toBe(true);
  });

  it.each([
    ['a date', 'It shipped two months later.'],
    ['a feeling', 'Everyone was a lot happier.'],
  ])('a result with %s is not quantified', (_name, result) => {
    expect(quantified(result)).toBe(false);
  });

  it('filler in all four form fields is called filler, and nothing else', () => {
    const report = analyseAnswer({ situation: 'asdf', task: 'asdf', action: 'asdf', result: 'asdf' });
    expect(report.verdict).toBe('filler');
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.message).toMatch(/^This reads as filler, not an answer/);
  });

  it('a 22-word attempt in a thread is coached, with advice that fits a thread', () => {
    const report = analyseAnswer({ text: twentyTwoWords }, { where: 'thread' });
    expect(report.kind).toBe('answer');
    const length = report.findings.find((f) => f.code === 'too-short');
    expect(length?.message).toBe(
      'About 9 seconds to say (22 words): fine for a thread, but an interview answer takes 2–3 minutes. Said aloud, add the steps you took, in order, and why you chose them.',
    );
    expect(report.findings.map((f) => f.message).join('\n')).not.toContain('aim for 2–3 minutes');
  });

  it('a full answer in a thread is not told to aim for 2–3 minutes', () => {
    const report = analyseAnswer({ text: strongProse }, { where: 'thread' });
    expect(report.findings.map((f) => f.code)).not.toContain('too-short');
  });

  it('each finding once, the most important first', () => {
    const report = analyseAnswer(
      { text: 'We moved the cache. We tuned it. We shipped it.' },
      { where: 'thread' },
    );
    const codes = report.findings.map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
    // Missing parts, then ownership, then numbers, then length, then tradeoff and lesson.
    expect(codes).toEqual([
      'missing-part',
      'we-not-i',
      'result-not-quantified',
      'too-short',
      'no-tradeoff',
      'no-lesson',
    ]);
    // Three actions and nothing else: no scene is set (the README's Situation), no goal is named.
    expect(report.findings[0]?.message).toBe(
      'No Situation and no Task. Set the scene in a sentence or two (where, when, what was at stake). Say what you had to achieve and why it was yours.',
    );
    expect(threadFindingLimit).toBe(3);
  });
});
