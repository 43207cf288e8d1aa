/**
 * `<dataDir>/runtime.json` says which aimux process owns a data dir and where it listens, so a
 * second one (the CLI, `aimux serve`, the desktop app) uses its API instead of writing the same
 * config at once. Written on start (0600), removed on stop; a stale file (its process gone, or
 * nothing answering at its URL) counts as no owner.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { PROXY_TOKEN_FILE, tokenFile } from '../security/token-file';

export const RUNTIME_FILE = 'runtime.json';

export interface RuntimeInfo {
  pid: number;
  url: string;
  mode: 'headless' | 'desktop';
  startedAt: number;
  version: string;
}

export const runtimePath = (dataDir: string) => join(dataDir, RUNTIME_FILE);

export async function writeRuntime(dataDir: string, info: RuntimeInfo): Promise<void> {
  await writeFileAtomic(runtimePath(dataDir), `${JSON.stringify(info)}\n`);
}

/** Removes the file only if it still names this process (a newer owner may have replaced it). */
export async function clearRuntime(dataDir: string, pid = process.pid): Promise<void> {
  const info = await readRuntime(dataDir);
  if (info?.pid === pid) await rm(runtimePath(dataDir), { force: true });
}

export async function readRuntime(dataDir: string): Promise<RuntimeInfo | undefined> {
  try {
    const v = JSON.parse(await readFile(runtimePath(dataDir), 'utf8')) as Partial<RuntimeInfo>;
    if (typeof v.pid !== 'number' || typeof v.url !== 'string') return undefined;
    return v as RuntimeInfo;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running owner of `dataDir`, if one is alive and answers /health at its URL (with the proxy token, when one is set). */
export async function findRunning(dataDir: string, timeoutMs = 1500): Promise<RuntimeInfo | undefined> {
  const info = await readRuntime(dataDir);
  if (!info || info.pid === process.pid || !alive(info.pid)) return undefined;
  try {
    const token = await tokenFile(dataDir, PROXY_TOKEN_FILE).read();
    const res = await fetch(`${info.url}/health`, { signal: AbortSignal.timeout(timeoutMs), ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
    await res.body?.cancel();
    // 401/403: it is aimux, refusing this probe (a proxy token just rotated, a Host it does not serve).
    return res.ok || res.status === 401 || res.status === 403 ? info : undefined;
  } catch {
    return undefined;
  }
}
