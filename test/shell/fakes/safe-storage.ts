/** A recording fake of Electron's safeStorage: reversible "encryption" that is visibly not the plain text. */
import type { SafeStorageLike } from '../../../electron/shell/safe-storage-secret-store';

export interface FakeSafeStorage extends SafeStorageLike {
  available: boolean;
  backend: string;
  reEncrypt: boolean;
  calls: string[];
}

export function fakeSafeStorage(init: Partial<Pick<FakeSafeStorage, 'available' | 'backend' | 'reEncrypt'>> = {}): FakeSafeStorage {
  const f: FakeSafeStorage = {
    available: init.available ?? true,
    backend: init.backend ?? 'gnome_libsecret',
    reEncrypt: init.reEncrypt ?? false,
    calls: [],
    async isAsyncEncryptionAvailable() {
      f.calls.push('isAsyncEncryptionAvailable');
      return f.available;
    },
    async encryptStringAsync(plain) {
      f.calls.push('encrypt');
      if (!f.available) throw new Error('Encryption is not available.');
      return Buffer.concat([Buffer.from('ENC1'), Buffer.from(plain, 'utf8').reverse()]);
    },
    async decryptStringAsync(buf) {
      f.calls.push('decrypt');
      if (buf.subarray(0, 4).toString() !== 'ENC1') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { shouldReEncrypt: f.reEncrypt, result: Buffer.from(buf.subarray(4)).reverse().toString('utf8') };
    },
    getSelectedStorageBackend() {
      return f.backend;
    },
  };
  return f;
}
