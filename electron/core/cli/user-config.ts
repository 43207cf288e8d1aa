/**
 * The user's data dir and config, the way `aimux serve` finds them: `--data-dir`, else `AIMUX_DATA_DIR`, else the
 * OS convention; `--config`, else `<data-dir>/config.json` when it exists, else the built-in default.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtInConfig, loadConfigFile } from '../config/load';
import { configPathIn, defaultDataDir } from '../config/paths';
import type { AimuxConfig } from '../config/types';

export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.AIMUX_DATA_DIR ?? defaultDataDir());
}

/** The config file in use: the explicit one, else `<data-dir>/config.json` if it exists; undefined for the built-in default. */
export function userConfigPath(dataDir: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return resolve(explicit);
  const inDataDir = configPathIn(dataDir);
  return existsSync(inDataDir) ? inDataDir : undefined;
}

export async function loadUserConfig(dataDir: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<AimuxConfig> {
  const path = userConfigPath(dataDir, explicit);
  return path === undefined ? builtInConfig() : loadConfigFile(path, env);
}
