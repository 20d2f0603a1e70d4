import { describe, expect, it } from 'vitest';
import {
  activeReactions,
  eventTimeMicros,
  parseReactionWeights,
  type ReactionEvent,
  rankAnswerers,
  reviewerPoints,
  rubricAverages,
} from '../../src/domain/scoring.js';

const weights =
  parseReactionWeights('star:2,fire:1,eyes:0') ??
  (() => {
    throw new Error('weights');
  })();
const reviewer = { reviewerId: 'UR', authorId: 'UA', reviewerIsBot: false };
let clock = 0;
const add = (reaction: string): ReactionEvent => ({ reaction, action: 'added', eventTime: ++clock });
const remove = (reaction: string): ReactionEvent => ({ reaction, action: 'removed', eventTime: ++clock });

/** Every order of a list (for small lists). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('reviewerPoints: a pure function of the reactions a reviewer has now', () => {
  it.each([
    ['one emoji is worth 1', () => [add('tada')], 1],
    ['weighted: star is worth 2', () => [add('star')], 2],
    ['a zero-weight emoji gives nothing', () => [add('eyes')], 0],
    ['at most 3 per reviewer per answer', () => [add('star'), add('fire'), add('tada'), add('rocket')], 3],
    ['removing takes its points back', () => [add('star'), remove('star')], 0],
    ['remove one of several', () => [add('star'), add('fire'), add('tada'), remove('star')], 2],
    ['re-adding after removing counts again', () => [add('fire'), remove('fire'), add('fire')], 1],
    ['skin tones count as their base emoji', () => [add('thumbsup::skin-tone-3')], 1],
  ] as const)('%s', (_name, events, expected) => {
    expect(reviewerPoints(events(), weights, reviewer)).toBe(expected);
  });

  it('gives nothing for reacting to your own answer, and bots give nothing', () => {
    const events = [add('star'), add('fire')];
    expect(reviewerPoints(events, weights, { reviewerId: 'UA', authorId: 'UA', reviewerIsBot: false })).toBe(
      0,
    );
    expect(reviewerPoints(events, weights, { ...reviewer, reviewerIsBot: true })).toBe(0);
  });

  it('is the same in any order of arrival and with any number of retries', () => {
    const history = [add('star'), add('fire'), remove('star'), add('tada'), add('rocket'), remove('tada')];
    const expected = reviewerPoints(history, weights, reviewer);
    expect(expected).toBe(2); // fire + rocket
    for (const order of permutations(history)) {
      expect(reviewerPoints(order, weights, reviewer)).toBe(expected);
      const retried = [...order, ...order.slice(0, 3), order[2] as ReactionEvent];
      expect(reviewerPoints(retried, weights, reviewer)).toBe(expected);
    }
  });

  it('a removal that arrives before its add (out of order) still wins', () => {
    const added = add('star');
    const removed = remove('star');
    expect(activeReactions([removed, added])).toEqual(new Set());
    expect(activeReactions([{ ...added, eventTime: removed.eventTime }, removed])).toEqual(new Set());
  });
});

describe('settings and helpers', () => {
  it('parses weights and refuses nonsense', () => {
    expect(parseReactionWeights('')?.byName.size).toBe(0);
    expect(parseReactionWeights('star:4')).toBeUndefined();
    expect(parseReactionWeights('star')).toBeUndefined();
    expect(parseReactionWeights('+1:2')?.byName.get('+1')).toBe(2);
  });

  it('reads Slack event timestamps as microseconds', () => {
    expect(eventTimeMicros('1700000000.000123')).toBe(1_700_000_000_000_123);
    expect(eventTimeMicros('1700000000.1')).toBe(1_700_000_000_100_000);
  });

  it('averages rubric scores per STAR part and names the weakest', () => {
    expect(
      rubricAverages([
        { situation: 4, task: 5, action: 3, result: 2 },
        { situation: 5, task: 4, action: 3, result: 3 },
      ]),
    ).toEqual({
      averages: { situation: 4.5, task: 4.5, action: 3, result: 2.5 },
      weakest: 'result',
      count: 2,
    });
    expect(rubricAverages([])).toBeUndefined();
  });

  it('orders ties deterministically: points, answers, name, id', () => {
    const rows = [
      { userId: 'U3', name: 'Bea', points: 5, answers: 2 },
      { userId: 'U2', name: 'Ada', points: 5, answers: 2 },
      { userId: 'U1', name: 'Ada', points: 5, answers: 2 },
      { userId: 'U4', name: 'Cy', points: 5, answers: 3 },
      { userId: 'U5', name: 'Al', points: 7, answers: 1 },
    ];
    expect(rankAnswerers(rows).map((r) => r.userId)).toEqual(['U5', 'U4', 'U1', 'U2', 'U3']);
  });
});
