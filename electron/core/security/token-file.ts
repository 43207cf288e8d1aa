/**
 * Random bearer tokens kept in the data dir as 0600 files: the admin token (the management API)
 * and the optional proxy token (the proxy routes). 256 bits from the OS CSPRNG, base64url.
 * Comparison is constant-time over SHA-256 digests, so neither content nor length leaks by timing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';

export const ADMIN_TOKEN_FILE = 'admin-token';
export const PROXY_TOKEN_FILE = 'proxy-token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensEqual(presented: string | undefined, expected: string | undefined): boolean {
  if (presented === undefined || expected === undefined || expected === '') return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `Authorization: Bearer <t>` → t. */
export function bearer(header: string | string[] | undefined): string | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  const m = v === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(v);
  return m ? m[1] : undefined;
}

export interface TokenFile {
  readonly path: string;
  /** The current token, or undefined when none is stored. */
  read(): Promise<string | undefined>;
  /** The stored token, created on first use. */
  ensure(): Promise<string>;
  /** Replaces the token; the old one stops working at once. */
  rotate(): Promise<string>;
  remove(): Promise<void>;
}

export function tokenFile(dataDir: string, name: string): TokenFile {
  const path = join(dataDir, name);
  const read = async () => {
    try {
      const t = (await readFile(path, 'utf8')).trim();
      return t === '' ? undefined : t;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const rotate = async () => {
    const t = newToken();
    await writeFileAtomic(path, `${t}\n`);
    return t;
  };
  return {
    path,
    read,
    async ensure() {
      return (await read()) ?? rotate();
    },
    rotate,
    remove: () => rm(path, { force: true }),
  };
}
