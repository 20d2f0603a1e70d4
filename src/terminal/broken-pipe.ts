/**
 * `star practice | head`, `star coach draft.md | head -3`: once the reader has gone, writing to
 * stdout fails with EPIPE. That is the reader's choice, not an error: exit 0 at once, with no stack
 * trace. Any other write error is thrown on, as it would have been.
 */
export function exitQuietlyOnBrokenPipe(
  stream: Pick<NodeJS.EventEmitter, 'on'>,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit(0);
  });
}
