/**
 * The per-install secret aimux signs its Responses reasoning items with (translate/responses/reasoning-codec.ts).
 *
 * Kept in `<data dir>/responses-secret` (32 random bytes, hex, mode 0600) so reasoning a client keeps
 * across an aimux restart still restores. Without a data dir (or when the file cannot be written) the
 * secret is random per process: continuity then lasts as long as the process.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'responses-secret';

export interface InstallSecret {
  secret: Uint8Array;
  /** Where it lives: the file path, or `process` for a per-process random secret. */
  source: string;
}

export function loadInstallSecret(dataDir: string | undefined): InstallSecret {
  if (dataDir === undefined) return { secret: randomBytes(32), source: 'process' };
  const path = join(dataDir, SECRET_FILE);
  try {
    const hex = readFileSync(path, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return { secret: Buffer.from(hex, 'hex'), source: path };
  } catch {
    // Not there yet: create it below.
  }
  const secret = randomBytes(32);
  try {
    writeFileSync(path, `${secret.toString('hex')}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
    return { secret, source: path };
  } catch {
    return { secret, source: 'process' };
  }
}
