/** What several commands share: the data dir, a console logger, reading a secret from stdin. */
import { resolve } from 'node:path';
import { defaultDataDir } from '../config/paths';
import type { Logger } from '../deps';
import { redactText } from '../security/secret-scan';

/** `--data-dir`, else $AIMUX_DATA_DIR, else the OS convention (the desktop app's userData). */
export function resolveDataDir(flag: string | undefined): string {
  return resolve(flag ?? process.env.AIMUX_DATA_DIR ?? defaultDataDir());
}

export function consoleLogger(quiet: boolean): Logger {
  return {
    info: (m) => {
      if (!quiet) process.stdout.write(`${m}\n`);
    },
    // Warnings and errors can carry text from outside (an upstream's message, a library's error): redacted.
    warn: (m) => process.stderr.write(`warning: ${redactText(m)}\n`),
    error: (m, err) => process.stderr.write(`error: ${redactText(`${m}${err instanceof Error ? `: ${err.message}` : ''}`)}\n`),
  };
}
