import type { ViewOutput } from '@slack/bolt';
import type { z } from 'zod';

/**
 * What each input of a submitted modal holds, by block id (our modals give each input's block and
 * action the same id): a text input's value or a select's chosen option, '' when empty. The
 * domain's schemas (domain/star.ts) then say whether it is valid.
 */
export function formValues(view: ViewOutput, ids: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    ids.map((id) => {
      const input = view.state.values[id]?.[id];
      return [id, input?.selected_option?.value ?? input?.value ?? ''];
    }),
  );
}

/** zod issues as a modal's `response_action: 'errors'` reply: the first problem per input block. */
export function fieldErrors(error: z.ZodError): {
  response_action: 'errors';
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { response_action: 'errors', errors };
}
