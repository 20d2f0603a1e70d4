import { encode } from '../card-state.js';
import { actions } from '../ids.js';
import { type Block, clip, plain } from './kit.js';

/** A story the question card can offer: its id and title. */
export type StoryChoice = { readonly id: number; readonly title: string };

/**
 * "Answer with one of my stories" on a question card: a select of the user's stories (Slack takes
 * at most 100 options), each naming the question and the story (`{ q, s }`, read by `storyPickSchema`).
 */
export function storyOfferBlock(questionId: string, stories: readonly StoryChoice[]): Block {
  return {
    type: 'actions',
    block_id: 'card_story_offer',
    elements: [
      {
        type: 'static_select',
        action_id: actions.storyPick,
        placeholder: plain('Answer with one of my stories'),
        options: stories.slice(0, 100).map((story) => ({
          text: plain(clip(story.title, 75)),
          value: encode({ q: questionId, s: story.id }),
        })),
      },
    ],
  };
}
