/** What several commands share: the data dir, a console logger, reading a secret from stdin. */
import { resolve } from 'node:path';
import { defaultDataDir } from '../config/paths';
import type { Logger } from '../deps';

/** `--data-dir`, else $AIMUX_DATA_DIR, else the OS convention (the desktop app's userData). */
export function resolveDataDir(flag: string | undefined): string {
  return resolve(flag ?? process.env.AIMUX_DATA_DIR ?? defaultDataDir());
}

export function consoleLogger(quiet: boolean): Logger {
  return {
    info: (m) => {
      if (!quiet) process.stdout.write(`${m}\n`);
    },
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    error: (m, err) => process.stderr.write(`error: ${m}${err instanceof Error ? `: ${err.message}` : ''}\n`),
  };
}
