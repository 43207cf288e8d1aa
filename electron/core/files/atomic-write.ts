/**
 * Files aimux owns (config, tokens, runtime state) are written atomically and privately: a
 * temporary file in the same folder, created with mode 0600, fsynced, then renamed over the target;
 * the previous version can be kept as `<file>.bak`. A crash leaves either the old or the new file,
 * never half of one.
 */
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export interface AtomicWriteOptions {
  /** Keep the file being replaced as `<path>.bak`. */
  backup?: boolean;
  mode?: number;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = opts.mode ?? PRIVATE_FILE_MODE;
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    // The umask may have narrowed the mode further, never widened it; make it exact.
    await chmod(tmp, mode);
    if (opts.backup) await backupExisting(path, mode);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

async function backupExisting(path: string, mode: number): Promise<void> {
  try {
    await copyFile(path, `${path}.bak`);
    await chmod(`${path}.bak`, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Makes the rename durable where the OS allows opening a directory (not on Windows). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Best effort: some file systems refuse fsync on directories.
  }
}
