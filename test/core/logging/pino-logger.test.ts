/** The service logger: JSON lines, levels, and no secrets in any field (known values, headers, key shapes). */
import { describe, expect, it } from 'vitest';
import { createServiceLogger } from '../../../electron/core/logging/pino-logger';
import { formatPretty } from '../../../electron/core/logging/pretty';

const KEY = 'sk-ant-api03-CANARYCANARYCANARY-0123456789';
const OTHER = 'plainsecretvalue-without-a-shape-42';

function capture(level: 'debug' | 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const logger = createServiceLogger({ level, pretty: false, destination: { write: (l: string) => lines.push(l) } });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('service logger', () => {
  it('writes one JSON object per line with level, time and message', () => {
    const { logger, parsed } = capture();
    logger.info('started');
    logger.structured('info', 'request', { status: 200, latencyMs: 12 });
    expect(parsed()).toMatchObject([
      { level: 30, levelName: 'info', msg: 'started' },
      { level: 30, msg: 'request', status: 200, latencyMs: 12 },
    ]);
    expect(typeof parsed()[0]!.time).toBe('string');
  });

  it('honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
  });

  it('redacts configured key values, auth headers and key-shaped strings everywhere', () => {
    const { logger, lines } = capture('debug');
    logger.setSecrets([OTHER]);
    logger.info(`upstream said ${KEY} and ${OTHER}`);
    logger.warn(`Authorization: Bearer ${OTHER}`);
    logger.error('failed', new Error(`bad key ${KEY}`));
    logger.structured('debug', 'headers', { headers: { authorization: `Bearer ${KEY}`, 'x-api-key': OTHER }, nested: { deeper: [`${KEY}`] }, apiKey: OTHER });
    const all = lines.join('');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(OTHER);
    expect(all).not.toContain('CANARY');
    expect(all).toContain('[redacted]');
    expect(JSON.parse(lines[2]!)).toMatchObject({ msg: 'failed', err: { type: 'Error', message: 'bad key [redacted]' } });
  });

  it('reads well on a terminal', () => {
    const line = JSON.stringify({ level: 40, time: '2026-01-05T12:00:01.234Z', pid: 1, msg: 'history: locked', path: '/x y' });
    expect(formatPretty(line, false)).toBe('12:00:01.234 WARN  history: locked path="/x y"\n');
  });
});
