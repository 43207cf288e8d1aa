/**
 * The user's config the way `aimux serve` finds it: `--config`, else `<data-dir>/config.json` when it
 * exists, else the built-in default; `keychain:` keys read from the OS keychain.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { configPathIn } from '../config/paths';
import { ConfigError } from '../config/schema';
import { createConfigStore } from '../config/store';
import type { AimuxConfig } from '../config/types';
import { SILENT_LOGGER } from '../index';
import { createKeyringSecretStore } from '../secrets/keyring-store';

export { resolveDataDir } from './common';

/** The config file in use: the explicit one, else `<data-dir>/config.json` if it exists; undefined for the built-in default. */
export function userConfigPath(dataDir: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return resolve(explicit);
  const inDataDir = configPathIn(dataDir);
  return existsSync(inDataDir) ? inDataDir : undefined;
}

export async function loadUserConfig(dataDir: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<AimuxConfig> {
  const path = explicit !== undefined ? resolve(explicit) : configPathIn(dataDir);
  if (explicit !== undefined && !existsSync(path)) throw new ConfigError(path, ['file not found']);
  return createConfigStore({ path, env, secrets: createKeyringSecretStore(), logger: SILENT_LOGGER }).load();
}
