import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { builtOnce } from '../../../domain/built-once.js';
import { storyBankMax } from '../../../domain/story.js';
import { saveStory } from '../../../use-cases/stories.js';
import { storyFormMetadataSchema, storyInputs, storyViewModal } from '../../blocks/stories.js';
import { decode } from '../../card-state.js';
import type { SlackDeps } from '../../deps.js';
import { actingUser } from '../../envelopes.js';
import { refreshHome } from '../../home-publisher.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const text = (id: string) =>
  z
    .object({ [id]: z.object({ value: z.string().nullish() }) })
    .optional()
    .transform((input) => input?.[id]?.value ?? '');

/**
 * The story form's state as Slack submits it: each text input's value (null when empty), the chosen
 * categories (none: an empty list, or no `selected_options`). The form the use case validates.
 * Built on first use (built-once.ts).
 */
const storyStateSchema = builtOnce(() =>
  z
    .object({
      [storyInputs.title]: text(storyInputs.title),
      [storyInputs.situation]: text(storyInputs.situation),
      [storyInputs.task]: text(storyInputs.task),
      [storyInputs.action]: text(storyInputs.action),
      [storyInputs.result]: text(storyInputs.result),
      [storyInputs.lesson]: text(storyInputs.lesson),
      [storyInputs.categories]: z
        .object({
          [storyInputs.categories]: z.object({
            selected_options: z.array(z.object({ value: z.string() })).nullish(),
          }),
        })
        .optional()
        .transform((input) => (input?.categories.selected_options ?? []).map((option) => option.value)),
    })
    .transform((values) => ({ ...values })),
);

/**
 * The story form was submitted: each problem goes back to its field (through ack); a saved story
 * turns the window into the story with the coach's findings beside it (response_action update),
 * and the App Home (its matrix) is refreshed.
 */
export function storySubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client, logger, context }: Args): Promise<void> => {
    const state = storyStateSchema().safeParse(view.state.values);
    const metadata = decode(storyFormMetadataSchema, view.private_metadata);
    if (!state.success || !metadata) {
      await ack({
        response_action: 'errors',
        errors: { [storyInputs.title]: 'This window is out of date. Close it and open the story again.' },
      });
      return;
    }
    const who = actingUser(context, body.user.id);
    const saved = saveStory(deps.stories, {
      who,
      ...(metadata.s === undefined ? {} : { id: metadata.s }),
      form: state.data,
      now: deps.now(),
    });
    switch (saved.kind) {
      case 'invalid':
        await ack({ response_action: 'errors', errors: saved.errors });
        return;
      case 'full':
        await ack({
          response_action: 'errors',
          errors: {
            [storyInputs.title]: `Your story bank is full (${storyBankMax} stories): delete one you no longer tell first.`,
          },
        });
        return;
      case 'not-found':
        await ack({
          response_action: 'errors',
          errors: {
            [storyInputs.title]: 'This story was deleted meanwhile: copy your text and add it again.',
          },
        });
        return;
      case 'saved':
        await ack({
          response_action: 'update',
          view: storyViewModal(saved, { saved: saved.created ? 'added' : 'changed' }),
        });
        await refreshHome(deps, client, who, logger);
    }
  };
}
