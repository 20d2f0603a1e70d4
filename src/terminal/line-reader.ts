import { createInterface, type Interface } from 'node:readline';

/**
 * Lines typed (or piped) into `star practice`, one prompt at a time.
 *
 * - Piped input (`printf '\n3\nq\n' | npx star practice`): each prompt is written, then a newline
 *   as the terminal's echo would have, so the output reads the same; the end of the input ends it.
 * - A terminal (`terminal: true`): readline's line editing. Ctrl-D on an empty line ends *that*
 *   read (the coach takes it as the end of an answer) and the next read listens again; Ctrl-C ends
 *   them all. Lines that arrive before they are asked for (a paste) wait their turn: `pending()`
 *   says so.
 */
export type LineReader = {
  /** Shows `prompt` and reads one line; undefined at the end of input (Ctrl-D, the end of a pipe, Ctrl-C). */
  readonly read: (prompt: string) => Promise<string | undefined>;
  /** On a terminal, whether a line has already arrived that no read took yet (a paste); always false for piped input. */
  readonly pending: () => boolean;
  readonly close: () => void;
};

export function openLineReader(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: { readonly terminal: boolean },
): LineReader {
  const { terminal } = options;
  const queue: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let current: Interface | undefined;
  /** No more input, ever: the pipe ended, Ctrl-C, or close(). */
  let ended = false;
  /** A Ctrl-D that no read has taken yet. */
  let endOfAnswer = false;

  const deliver = (line: string | undefined) => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(line);
  };

  const open = (): Interface => {
    const rl = createInterface({
      input,
      ...(terminal ? { output, terminal: true, historySize: 0 } : { terminal: false }),
    });
    rl.on('line', (line) => {
      if (waiting) deliver(line);
      else queue.push(line);
    });
    rl.on('close', () => {
      if (current === rl) current = undefined;
      if (!terminal) ended = true;
      if (waiting) deliver(undefined);
      else if (!ended) endOfAnswer = true;
    });
    if (terminal) {
      rl.on('SIGINT', () => {
        ended = true;
        output.write('\n');
        rl.close();
      });
    }
    return rl;
  };
  current = open();

  return {
    read(prompt) {
      const queued = queue.shift();
      if (queued !== undefined) {
        if (!terminal) output.write(`${prompt}\n`);
        return Promise.resolve(queued);
      }
      if (endOfAnswer || ended) {
        endOfAnswer = false;
        if (!terminal) output.write(`${prompt}\n`);
        return Promise.resolve(undefined);
      }
      if (terminal) {
        current ??= open();
        current.setPrompt(prompt);
        current.prompt();
      } else {
        output.write(prompt);
      }
      return new Promise((resolve) => {
        waiting = (line) => {
          if (!terminal) output.write('\n');
          resolve(line);
        };
      });
    },
    // Piped input is all there at once: only on a terminal does a waiting line mean a paste.
    pending: () => terminal && queue.length > 0,
    close() {
      ended = true;
      queue.length = 0;
      current?.close();
    },
  };
}
