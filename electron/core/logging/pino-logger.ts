/**
 * The service's logger: structured JSON lines with pino (one object per line, ISO time), or a
 * readable line per entry on a terminal. It implements the core's `Logger` seam (deps.ts) and adds
 * `structured` for the per-request lines. Secrets never get out: auth headers and key fields are
 * censored by path, and every message and string field goes through the redactor (configured key
 * values and key-shaped strings).
 *
 * pino itself is loaded with the first entry at an enabled level: at the default level (`warn`) a
 * healthy `aimux serve` may never write one, and pino with its transports' worker support costs
 * several MB of resident memory (docs/benchmarks.md, "Memory").
 */
import { createRequire } from 'node:module';
import type { DestinationStream, Logger as Pino } from 'pino';
import type { Logger } from '../deps';
import { createRedactor, redactSecrets } from '../security/redact';
import type { Redactor } from '../security/redact';
import { formatPretty } from './pretty';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServiceLogger extends Logger {
  /** One entry with fields (`fields` are redacted like the message). */
  structured(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void;
  /** The key values the redactor must know (call again when the config changes). */
  setSecrets(values: Iterable<string>): void;
  isLevelEnabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

export interface ServiceLoggerOptions {
  level: LogLevel;
  /** Human-readable lines instead of JSON (default: when stdout is a terminal). */
  pretty?: boolean;
  /** Default: stdout. */
  destination?: { write(chunk: string): unknown };
}

const CENSORED_PATHS = [
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["proxy-authorization"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'apiKey',
  'apiKeys',
  'key',
  'token',
  '*.apiKey',
  '*.apiKeys',
  '*.token',
];

function scrub(v: unknown, redact: Redactor, depth = 0): unknown {
  if (typeof v === 'string') return redact(v);
  if (depth > 4 || v === null || typeof v !== 'object' || v instanceof Error) return v;
  if (Array.isArray(v)) return v.map((x) => scrub(x, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrub(x, redact, depth + 1);
  return out;
}

/** pino's level numbers. */
const LEVEL_VALUES: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export function createServiceLogger(opts: ServiceLoggerOptions): ServiceLogger {
  let redact: Redactor = redactSecrets;
  const out = opts.destination ?? process.stdout;
  const pretty = opts.pretty ?? (out === process.stdout && process.stdout.isTTY === true);
  const stream: DestinationStream = pretty ? { write: (line: string) => void out.write(formatPretty(line, out === process.stdout)) } : { write: (line: string) => void out.write(line) };
  const threshold = LEVEL_VALUES[opts.level];
  const enabled = (level: Exclude<LogLevel, 'silent'>) => LEVEL_VALUES[level] >= threshold;
  let instance: Pino | undefined;
  const log = (): Pino => (instance ??= createPino());
  const createPino = (): Pino => {
    const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
    return pino(
      {
        level: opts.level,
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        redact: { paths: CENSORED_PATHS, censor: '[redacted]' },
        formatters: { level: (label, number) => ({ level: number, levelName: label }) },
        serializers: {
          err: (e: unknown) => (e instanceof Error ? { type: e.name, message: redact(e.message), ...((e as { code?: unknown }).code !== undefined ? { code: (e as { code?: unknown }).code } : {}) } : { message: redact(String(e)) }),
        },
        hooks: {
          logMethod(args, method) {
            const scrubbed = args.map((a) => scrub(a, redact)) as Parameters<typeof method>;
            method.apply(this, scrubbed);
          },
        },
      },
      stream,
    );
  };
  return {
    isLevelEnabled: enabled,
    info: (m) => void (enabled('info') && log().info(m)),
    warn: (m) => void (enabled('warn') && log().warn(m)),
    error: (m, err) => void (enabled('error') && (err === undefined ? log().error(m) : log().error({ err }, m))),
    structured: (level, message, fields) => void (enabled(level) && log()[level](fields, message)),
    setSecrets(values) {
      redact = createRedactor(values);
    },
  };
}
