/** The fixed fake provider keys (test-keys.json), by role, for tests that check where keys may appear. */
import keys from './test-keys.json';

export const TEST_KEYS: readonly string[] = keys.keys;
export const LEAK_KEYS = {
  openai: keys.keys[5]!,
  anthropic: keys.keys[6]!,
  keychain: keys.keys[7]!,
  env: keys.keys[8]!,
} as const;
