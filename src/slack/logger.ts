import { type Logger, LogLevel } from '@slack/bolt';

const order: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** Slack tokens and secrets never reach a log line, whatever an error message carries. */
export function redact(text: string): string {
  return text.replace(/(xox[a-z]|xapp)-[A-Za-z0-9-]+/g, '$1-[redacted]');
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * The one logger of the process (ours and Bolt's): one line per message on stderr, with level and
 * time, tokens redacted; JSON lines when NODE_ENV=production. No user's message text is logged at
 * info level (only ids, counts and Slack error codes).
 */
export function createLogger(
  level: `${LogLevel}`,
  write: (line: string) => void = (line) => process.stderr.write(line),
  format: 'text' | 'json' = process.env.NODE_ENV === 'production' ? 'json' : 'text',
): Logger {
  let threshold = level as LogLevel;
  let name = 'star';
  const log = (at: LogLevel, args: unknown[]) => {
    if (order[at] < order[threshold]) return;
    const time = new Date().toISOString();
    const text = redact(args.map(describe).join(' '));
    write(
      format === 'json'
        ? `${JSON.stringify({ time, level: at, logger: name, msg: text })}\n`
        : `${time} ${at.toUpperCase()} [${name}] ${text}\n`,
    );
  };
  return {
    debug: (...args) => log(LogLevel.DEBUG, args),
    info: (...args) => log(LogLevel.INFO, args),
    warn: (...args) => log(LogLevel.WARN, args),
    error: (...args) => log(LogLevel.ERROR, args),
    setLevel: (next) => {
      threshold = next;
    },
    getLevel: () => threshold,
    setName: (next) => {
      name = next;
    },
  };
}
