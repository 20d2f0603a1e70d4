import { type Message, message, sections } from './kit.js';

/**
 * The database was locked by another process (a backup, `star daily`, an operator's shell) for
 * longer than a request may wait: the user is told at once, instead of waiting with the app.
 */
export const busyText =
  'STAR Partner is busy for a moment, so that did not go through. Please try again in a few seconds.';

export function busyMessage(): Message {
  return message('Busy for a moment: please try again', sections(`:hourglass_flowing_sand: ${busyText}`));
}
