import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../src/slack/logger.js';

describe('logger', () => {
  it('never writes a token', () => {
    expect(redact('failed with xoxb-123-456-abc and xapp-1-A2-xyz, xoxp-9')).toBe(
      'failed with xoxb-[redacted] and xapp-[redacted], xoxp-[redacted]',
    );
    const lines: string[] = [];
    createLogger('info', (line) => lines.push(line), 'text').error(new Error('token xoxb-secret-1 refused'));
    expect(lines.join('')).not.toContain('xoxb-secret-1');
  });

  it('writes JSON lines in production, and respects the level', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line), 'json');
    logger.debug('hidden');
    logger.info('daily question posted to C1 (2026-11-24)');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      logger: 'star',
      msg: 'daily question posted to C1 (2026-11-24)',
    });
  });
});
