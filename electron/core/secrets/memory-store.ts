/** A `SecretStore` in memory: for `aimux` runs that must not touch the OS keychain (tests of other parts, --no-keychain). */
import type { SecretStore } from '../deps';

export function createMemorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const map = new Map(Object.entries(initial));
  return {
    kind: 'memory',
    status: async () => ({ available: true }),
    get: async (account) => map.get(account),
    set: async (account, value) => void map.set(account, value),
    delete: async (account) => map.delete(account),
  };
}
