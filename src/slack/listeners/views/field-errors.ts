import type { z } from 'zod';

/** zod issues as a modal's `response_action: 'errors'` map: the first problem per input block. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}
