/**
 * Finding the aimux proxy a helper command (`aimux codex`, `aimux setup codex`) should point a tool at:
 * the configured (or default) host and port, asked `GET /health`. One function, so a runtime file
 * written by `aimux serve` can replace the guess later without touching the commands.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtInConfig, loadConfigFile } from '../config/load';
import { configPathIn, defaultDataDir } from '../config/paths';
import type { AimuxConfig } from '../config/types';

export interface LocalSetup {
  dataDir: string;
  config: AimuxConfig;
  /** Where a proxy with this config listens: `http://host:port`. */
  url: string;
}

/** The data dir and config `aimux serve` would use with the same options and environment. */
export async function localSetup(opts: { dataDir?: string | undefined; config?: string | undefined; port?: number | undefined } = {}): Promise<LocalSetup> {
  const dataDir = resolve(opts.dataDir ?? process.env.AIMUX_DATA_DIR ?? defaultDataDir());
  const inDataDir = configPathIn(dataDir);
  const config =
    opts.config !== undefined ? await loadConfigFile(resolve(opts.config), process.env) : existsSync(inDataDir) ? await loadConfigFile(inDataDir, process.env) : builtInConfig();
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return { dataDir, config, url: `http://${host}:${opts.port ?? config.server.port}` };
}

/** True when an aimux proxy answers `GET <url>/health` within `timeoutMs`. */
export async function proxyIsRunning(url: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    const body = (await res.json()) as { status?: unknown; version?: unknown };
    return body.status === 'ok' && typeof body.version === 'string';
  } catch {
    return false;
  }
}

/** The model a tool should ask for when the user named none: the model of the first default target. */
export function defaultModel(config: AimuxConfig): string | undefined {
  return config.routing.classes.default.targets[0]?.model;
}
