/**
 * Key values that arrive through the API (or a config import) never land in the config file: each
 * goes into the secret store under a fresh account, and the config gets `keychain:<account>`.
 * `env:` references are kept as they are. If the change they belong to fails, the stored values
 * are deleted again, so nothing is half-applied.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../../../shared/api/errors';
import type { SecretStore } from '../deps';

const REF = /^(env|keychain):/;

export function isReference(v: string): boolean {
  return REF.test(v);
}

export function accountOf(ref: string): string | undefined {
  return ref.startsWith('keychain:') ? ref.slice(9) : undefined;
}

export interface KeyBatch {
  /** The references to write into the config, in the order given. */
  refs: string[];
  /** How many literal values were stored. */
  stored: number;
  /** Deletes what this batch stored (the change it belonged to failed). */
  rollback(): Promise<void>;
}

export async function storeKeys(secrets: SecretStore, providerId: string, values: readonly string[]): Promise<KeyBatch> {
  const accounts: string[] = [];
  const refs: string[] = [];
  const rollback = async () => {
    await Promise.all(accounts.map((a) => secrets.delete(a).catch(() => false)));
  };
  try {
    for (const v of values) {
      if (isReference(v)) {
        refs.push(v);
        continue;
      }
      const account = `${providerId}.${randomBytes(4).toString('hex')}`;
      await secrets.set(account, v);
      accounts.push(account);
      refs.push(`keychain:${account}`);
    }
  } catch (err) {
    await rollback();
    throw new ApiError('UNAVAILABLE', `cannot store the key: ${(err as Error).message}`, { field: 'key' });
  }
  return { refs, stored: accounts.length, rollback };
}

/** Deletes secret-store entries that a saved change no longer references. */
export async function forgetKeys(secrets: SecretStore, refs: readonly string[]): Promise<void> {
  await Promise.all(
    refs.map((r) => {
      const a = accountOf(r);
      return a ? secrets.delete(a).catch(() => false) : Promise.resolve(false);
    }),
  );
}
