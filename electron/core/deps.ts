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

/**
 * Where key values live; the config holds only references (`keychain:<account>`). Headless: the OS
 * keychain (secrets/keyring-store.ts); desktop: Electron safeStorage + electron-store, behind the same
 * interface. Implementations never log values and throw `SecretStoreUnavailableError` with a message
 * for people when the store cannot be used.
 */
export interface SecretStore {
  readonly kind: 'os-keychain' | 'safe-storage' | 'memory';
  /** Whether the store works here; when not, `reason` says why and what to use instead. */
  status(): Promise<{ available: boolean; reason?: string }>;
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}
