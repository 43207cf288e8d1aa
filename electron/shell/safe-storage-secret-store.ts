/**
 * The desktop `SecretStore`: every key is encrypted with Electron `safeStorage` (macOS Keychain,
 * Windows DPAPI, Linux libsecret/KWallet) and its ciphertext kept in electron-store
 * (`<userData>/secrets.json`, mode 0600). Keys added in headless mode live in the OS keychain
 * (`keychain:<account>` references, the same accounts): they are read from `fallback` when this
 * store has no entry, so `aimux serve` and the app share them.
 *
 *   set, encryption available                  → ciphertext (scheme "safeStorage")
 *   set, unavailable, user opted in to plain   → plain text (scheme "plain"), said so by status()
 *   set, unavailable, no opt-in                → refused (SecretStoreUnavailableError, with the reason)
 *   get, own entry "safeStorage"               → decrypted; re-encrypted when safeStorage asks for it
 *   get, own entry "plain"                     → the value; encrypted in place once encryption works
 *   get, no own entry                          → fallback.get (the OS keychain), else undefined
 *   delete                                     → own entry and the fallback's (removing a key removes it everywhere)
 *
 * Linux's `basic_text` backend "encrypts" with a constant password: it counts as unavailable.
 * Values never reach a log or an error message.
 */
import type { SecretStore } from '../core/deps';
import { SecretStoreUnavailableError } from '../core/secrets/keyring-store';

/** The part of Electron's `safeStorage` this store uses (the asynchronous API of Electron ≥ 39). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only. */
  getSelectedStorageBackend(): string;
}

/** The part of electron-store (conf) this store uses; create it with `accessPropertiesByDotNotation: false`. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  has(key: string): boolean;
}

interface Entry {
  v: 1;
  scheme: 'safeStorage' | 'plain';
  data: string;
  updatedAt: number;
}

export interface SafeStorageSecretStoreOptions {
  safeStorage: SafeStorageLike;
  store: KeyValueStore;
  platform: NodeJS.Platform;
  /** The user's explicit opt-in to keeping keys unencrypted where encryption is unavailable (a desktop setting). */
  allowPlaintext: () => boolean;
  /** Where headless mode keeps keys (the OS keychain); read when this store has no entry. */
  fallback?: SecretStore;
  now?: () => number;
}

/** Options for electron-store so it fits this store: no dot paths in keys, a file only the user reads. */
export const SECRETS_STORE_OPTIONS = { name: 'secrets', accessPropertiesByDotNotation: false, configFileMode: 0o600, clearInvalidConfig: false } as const;

const UNAVAILABLE =
  'Electron safeStorage cannot encrypt keys on this system (on Linux it needs a keyring: GNOME Keyring, KWallet or another Secret Service)';
const WHAT_TO_DO =
  'keys are not stored; use "env:NAME" references, start a keyring and restart aimux, or opt in to storing keys unencrypted in Settings';
export const PLAINTEXT_WARNING = 'keys are stored unencrypted in secrets.json (you opted in because encryption is unavailable here)';

const itemKey = (account: string) => `key:${account}`;

function isEntry(v: unknown): v is Entry {
  const e = v as Partial<Entry> | undefined;
  return typeof e === 'object' && e !== null && (e.scheme === 'safeStorage' || e.scheme === 'plain') && typeof e.data === 'string';
}

export function createSafeStorageSecretStore(opts: SafeStorageSecretStoreOptions): SecretStore {
  const { safeStorage, store, fallback } = opts;
  const now = opts.now ?? Date.now;

  const encryptionAvailable = async (): Promise<boolean> => {
    if (opts.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
    try {
      return await safeStorage.isAsyncEncryptionAvailable();
    } catch {
      return false;
    }
  };

  const write = async (account: string, value: string): Promise<void> => {
    if (await encryptionAvailable()) {
      const data = (await safeStorage.encryptStringAsync(value)).toString('base64');
      store.set(itemKey(account), { v: 1, scheme: 'safeStorage', data, updatedAt: now() } satisfies Entry);
      return;
    }
    if (!opts.allowPlaintext()) throw new SecretStoreUnavailableError(`${UNAVAILABLE}; ${WHAT_TO_DO}`);
    store.set(itemKey(account), { v: 1, scheme: 'plain', data: value, updatedAt: now() } satisfies Entry);
  };

  return {
    kind: 'safe-storage',
    async status() {
      if (await encryptionAvailable()) return { available: true };
      if (opts.allowPlaintext()) return { available: true, reason: PLAINTEXT_WARNING };
      return { available: false, reason: `${UNAVAILABLE}; ${WHAT_TO_DO}` };
    },

    async get(account) {
      const entry = store.get(itemKey(account));
      if (!isEntry(entry)) return fallback ? fallback.get(account) : undefined;
      if (entry.scheme === 'plain') {
        if (await encryptionAvailable()) await write(account, entry.data);
        return entry.data;
      }
      if (!(await encryptionAvailable())) {
        throw new SecretStoreUnavailableError(`${UNAVAILABLE}, so the stored key "${account}" cannot be decrypted; start the keyring and restart aimux`);
      }
      let plain: { shouldReEncrypt: boolean; result: string };
      try {
        plain = await safeStorage.decryptStringAsync(Buffer.from(entry.data, 'base64'));
      } catch {
        // The OS key changed (a new user profile, a reset keyring): the ciphertext is lost for good.
        throw new SecretStoreUnavailableError(`the stored key "${account}" cannot be decrypted (the OS encryption key changed); add the key again`);
      }
      if (plain.shouldReEncrypt) await write(account, plain.result);
      return plain.result;
    },

    set: write,

    async delete(account) {
      const own = store.has(itemKey(account));
      if (own) store.delete(itemKey(account));
      let theirs = false;
      if (fallback) {
        try {
          theirs = await fallback.delete(account);
        } catch (err) {
          // No OS keychain here: nothing can be in it. Anything else is worth reporting.
          if (!(err instanceof SecretStoreUnavailableError)) throw err;
        }
      }
      return own || theirs;
    },
  };
}
