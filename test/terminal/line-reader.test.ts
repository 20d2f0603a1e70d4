import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitQuietlyOnBrokenPipe } from '../../src/terminal/broken-pipe.js';
import { openLineReader } from '../../src/terminal/line-reader.js';
import { terminalScreen } from '../../src/terminal/screen.js';

function streams() {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk) => {
    written += chunk;
  });
  return { input, output, written: () => written };
}

describe('openLineReader, piped', () => {
  it('writes each prompt and the newline a terminal would echo, and ends with the input', async () => {
    const { input, output, written } = streams();
    const reader = openLineReader(input, output, { terminal: false });
    input.end('\n3\n');
    expect(await reader.read('a > ')).toBe('');
    expect(await reader.read('b > ')).toBe('3');
    expect(reader.pending()).toBe(false);
    expect(await reader.read('c > ')).toBeUndefined();
    expect(await reader.read('d > ')).toBeUndefined();
    expect(written()).toBe('a > \nb > \nc > \nd > \n');
    reader.close();
  });

  it('never reports a paste: all piped lines are there at once', async () => {
    const { input, output } = streams();
    const reader = openLineReader(input, output, { terminal: false });
    input.write('one\n\ntwo\n');
    expect(await reader.read('')).toBe('one');
    expect(reader.pending()).toBe(false);
    reader.close();
    expect(await reader.read('')).toBeUndefined();
  });
});

describe('openLineReader, on a terminal', () => {
  it('reports lines that arrived together (a paste) as pending', async () => {
    const { input, output } = streams();
    const reader = openLineReader(input, output, { terminal: true });
    const first = reader.read('> ');
    input.write('Situation: x\r\rTask: y\r');
    expect(await first).toBe('Situation: x');
    expect(reader.pending()).toBe(true);
    expect(await reader.read('')).toBe('');
    expect(await reader.read('')).toBe('Task: y');
    expect(reader.pending()).toBe(false);
    reader.close();
  });

  it('Ctrl-D ends one read (the end of an answer) and the next read listens again; Ctrl-C ends them all', async () => {
    const { input, output, written } = streams();
    const reader = openLineReader(input, output, { terminal: true });
    const answer = reader.read('');
    input.write('\u0004');
    expect(await answer).toBeUndefined();
    const key = reader.read('keys > ');
    input.write('f\r');
    expect(await key).toBe('f');
    expect(written()).toContain('keys > ');
    const interrupted = reader.read('keys > ');
    input.write('\u0003');
    expect(await interrupted).toBeUndefined();
    expect(await reader.read('keys > ')).toBeUndefined();
    reader.close();
  });
});

describe('terminalScreen', () => {
  it('wraps at the TTY’s columns, bold and paging on a TTY only', () => {
    const tty = { isTTY: true, columns: 100, rows: 30 };
    expect(terminalScreen(tty, tty)).toEqual({ width: 100, bold: true, height: 30 });
    // Piped output: 80 columns, no escape codes, no paging.
    expect(terminalScreen(tty, {})).toEqual({ width: 80, bold: false, height: undefined });
    // Piped input to a terminal (a script): never paged, or "more" would eat the script's lines.
    expect(terminalScreen({}, tty)).toEqual({ width: 100, bold: true, height: undefined });
    expect(terminalScreen(tty, { isTTY: true, columns: 0, rows: 0 })).toEqual({
      width: 80,
      bold: true,
      height: undefined,
    });
  });
});

describe('exitQuietlyOnBrokenPipe', () => {
  it('exits 0 when the reader has gone (EPIPE), and throws any other error on', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    exitQuietlyOnBrokenPipe(stream, (code) => exits.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow(
      'write EIO',
    );
    expect(exits).toEqual([0]);
  });
});
