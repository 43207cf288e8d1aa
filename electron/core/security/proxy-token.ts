/**
 * The proxy token in memory, backed by its 0600 file in the data dir (token-file.ts). The service
 * loads it on start and hands `current` to the core, which checks it on every proxy request without
 * touching the disk; rotation and removal through the API apply to the next request at once. (The
 * CLI writes the file directly only when no aimux is running.)
 */
import type { TokenFile } from './token-file';

export interface ProxyTokenHolder {
  current(): string | undefined;
  /** Reads the file (call once before serving). */
  load(): Promise<string | undefined>;
  /** A new token; the old one stops working at once. */
  rotate(): Promise<string>;
  remove(): Promise<void>;
}

export function createProxyTokenHolder(file: TokenFile): ProxyTokenHolder {
  let token: string | undefined;
  return {
    current: () => token,
    async load() {
      token = await file.read();
      return token;
    },
    async rotate() {
      token = await file.rotate();
      return token;
    },
    async remove() {
      await file.remove();
      token = undefined;
    },
  };
}
