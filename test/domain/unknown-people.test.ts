import { describe, expect, it } from 'vitest';
import { defaultWeights, type IsBot, type ReactionEvent, reviewerPoints } from '../../src/domain/scoring.js';

/** A reviewer whose kind Slack has not said scores nothing until it is known (product.md §5: bots never score). */
const events: ReactionEvent[] = [
  { reaction: 'star', action: 'added', eventTime: 1 },
  { reaction: 'fire', action: 'added', eventTime: 2 },
];

describe('reviewerPoints by the reviewer’s kind', () => {
  it.each([
    ['a person', false, 2],
    ['a bot', true, 0],
    ['unknown (users.info failed): nothing for now', undefined, 0],
  ] as const)('%s', (_name, reviewerIsBot: IsBot, expected) => {
    expect(reviewerPoints(events, defaultWeights, { reviewerId: 'UR', authorId: 'UA', reviewerIsBot })).toBe(
      expected,
    );
  });
});
