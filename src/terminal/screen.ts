import type { TextStyle } from '../domain/terminal-text.js';

/**
 * What the terminal allows: its width for wrapping, its height for paging (undefined: no paging),
 * and whether bold can be shown (escape codes only ever go to a TTY).
 */
export type Screen = TextStyle & { readonly height: number | undefined };

type Tty = { readonly isTTY?: boolean; readonly columns?: number; readonly rows?: number };

/**
 * The screen of `star practice`, read afresh for each answer so a resized window is followed:
 * `output`'s columns (80 when it is not a TTY), bold on a TTY only, and paging only when both ends
 * are a TTY (scripted input must never be taken for "more").
 */
export function terminalScreen(input: Tty, output: Tty): Screen {
  const tty = output.isTTY === true;
  const width = tty && output.columns ? output.columns : 80;
  return {
    width: Math.max(20, width),
    bold: tty,
    height: tty && input.isTTY === true && output.rows ? output.rows : undefined,
  };
}
