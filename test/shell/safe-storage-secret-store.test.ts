/**
 * The desktop SecretStore with a fake safeStorage and a real electron-store file in a temp dir
 * (electron is mocked: electron-store only needs it for the default folder, and we pass one).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Store from 'electron-store';
import { createMemorySecretStore } from '../../electron/core/secrets/memory-store';
import { SecretStoreUnavailableError } from '../../electron/core/secrets/keyring-store';
import type { SecretStore } from '../../electron/core/deps';
import { SECRETS_STORE_OPTIONS, createSafeStorageSecretStore } from '../../electron/shell/safe-storage-secret-store';
import { fakeSafeStorage } from './fakes/safe-storage';
import type { FakeSafeStorage } from './fakes/safe-storage';

vi.mock('electron', () => ({ default: {} }));

const KEY = 'sk-ant-test-0123456789abcdefSECRET';

let dir: string;
let safe: FakeSafeStorage;
let plainOptIn: boolean;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aimux-secrets-'));
  safe = fakeSafeStorage();
  plainOptIn = false;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => join(dir, 'secrets.json');
function open(fallback?: SecretStore, platform: NodeJS.Platform = 'linux') {
  const store = new Store({ ...SECRETS_STORE_OPTIONS, cwd: dir });
  return createSafeStorageSecretStore({ safeStorage: safe, store, platform, allowPlaintext: () => plainOptIn, ...(fallback ? { fallback } : {}) });
}

describe('safeStorage secret store', () => {
  it('keeps only ciphertext on disk, in a 0600 file, and reads the key back in a new instance', async () => {
    await open().set('anthropic-1', KEY);
    const raw = readFileSync(file(), 'utf8');
    expect(raw).not.toContain(KEY);
    expect(raw).toContain('"scheme": "safeStorage"');
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(await open().get('anthropic-1')).toBe(KEY);
    expect(safe.calls).toContain('decrypt');
  });

  it('treats account names literally (dots are not paths, __proto__ is just a name)', async () => {
    const s = open();
    await s.set('a.b', 'one');
    await s.set('__proto__', 'two');
    expect(await s.get('a.b')).toBe('one');
    expect(await s.get('a')).toBeUndefined();
    expect(await open().get('__proto__')).toBe('two');
  });

  it('deletes its own entry and reports whether something was deleted', async () => {
    const s = open();
    await s.set('k', KEY);
    expect(await s.delete('k')).toBe(true);
    expect(await s.get('k')).toBeUndefined();
    expect(await s.delete('k')).toBe(false);
  });

  it('reads keys added in headless mode from the fallback (the OS keychain) and deletes them there too', async () => {
    const keychain = createMemorySecretStore({ 'from-cli': 'sk-from-cli-XYZ' });
    const s = open(keychain);
    expect(await s.get('from-cli')).toBe('sk-from-cli-XYZ');
    await s.set('from-cli', 'sk-new-value');
    expect(await s.get('from-cli')).toBe('sk-new-value');
    expect(await s.delete('from-cli')).toBe(true);
    expect(await keychain.get('from-cli')).toBeUndefined();
    expect(await s.get('from-cli')).toBeUndefined();
  });

  it('a fallback without a keychain does not break deleting or reading what is ours', async () => {
    const broken: SecretStore = {
      kind: 'os-keychain',
      status: async () => ({ available: false, reason: 'no keychain' }),
      get: async () => {
        throw new SecretStoreUnavailableError('no OS keychain is available here');
      },
      set: async () => {
        throw new SecretStoreUnavailableError('no OS keychain is available here');
      },
      delete: async () => {
        throw new SecretStoreUnavailableError('no OS keychain is available here');
      },
    };
    const s = open(broken);
    await s.set('mine', KEY);
    expect(await s.get('mine')).toBe(KEY);
    expect(await s.delete('mine')).toBe(true);
    expect(await s.delete('nothing')).toBe(false);
    await expect(s.get('only-in-keychain')).rejects.toThrow(/no OS keychain/);
  });

  describe('when encryption is unavailable', () => {
    it('says so, and refuses to store unless the user opted in', async () => {
      safe.available = false;
      const s = open();
      const st = await s.status();
      expect(st.available).toBe(false);
      expect(st.reason).toMatch(/cannot encrypt/);
      expect(st.reason).toMatch(/env:NAME/);
      const err = await s.set('k', KEY).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SecretStoreUnavailableError);
      expect(String((err as Error).message)).not.toContain(KEY);
      expect(() => readFileSync(file(), 'utf8')).toThrow();
    });

    it("counts Linux's basic_text backend as unavailable (its key is a constant)", async () => {
      safe.backend = 'basic_text';
      const s = open();
      expect((await s.status()).available).toBe(false);
      await expect(s.set('k', KEY)).rejects.toThrow(SecretStoreUnavailableError);
      // The same backend name means nothing on macOS and Windows.
      expect((await open(undefined, 'darwin').status()).available).toBe(true);
    });

    it('stores plain text only after the explicit opt-in, says so, and encrypts it once encryption works', async () => {
      safe.available = false;
      plainOptIn = true;
      const s = open();
      expect(await s.status()).toEqual({ available: true, reason: expect.stringMatching(/unencrypted/) });
      await s.set('k', KEY);
      expect(readFileSync(file(), 'utf8')).toContain('"scheme": "plain"');
      expect(await s.get('k')).toBe(KEY);
      safe.available = true;
      expect(await open().get('k')).toBe(KEY);
      const raw = readFileSync(file(), 'utf8');
      expect(raw).not.toContain(KEY);
      expect(raw).toContain('"scheme": "safeStorage"');
    });

    it('cannot decrypt a stored key and says why (without the key)', async () => {
      await open().set('k', KEY);
      safe.available = false;
      await expect(open().get('k')).rejects.toThrow(/cannot be decrypted/);
    });
  });

  it('re-encrypts when safeStorage asks for it', async () => {
    await open().set('k', KEY);
    safe.reEncrypt = true;
    safe.calls.length = 0;
    expect(await open().get('k')).toBe(KEY);
    expect(safe.calls.filter((c) => c === 'encrypt')).toHaveLength(1);
  });

  it('a ciphertext the OS key no longer opens is an error that says to add the key again', async () => {
    const store = new Store({ ...SECRETS_STORE_OPTIONS, cwd: dir });
    store.set('key:k', { v: 1, scheme: 'safeStorage', data: Buffer.from('garbage').toString('base64'), updatedAt: 0 });
    await expect(open().get('k')).rejects.toThrow(/add the key again/);
  });
});
