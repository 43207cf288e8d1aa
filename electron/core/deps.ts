/**
 * What the core takes from outside instead of reaching for globals: time, randomness and a logger.
 * Tests pass a manual clock and a seeded random; the shell and `aimux serve` pass the real ones.
 */

export interface Clock {
  /** Milliseconds, monotonic enough for cooldowns, windows and latencies. */
  now(): number;
}

/** Uniform in [0, 1), like `Math.random`. */
export type Random = () => number;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** `err` is for the message only; implementations must not print secrets (the core never puts keys in errors). */
  error(message: string, err?: unknown): void;
}
