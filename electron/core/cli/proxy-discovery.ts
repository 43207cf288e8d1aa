/**
 * Finding the aimux proxy a helper command (`aimux codex`, `aimux setup codex`, `aimux claude`)
 * points a tool at: the aimux that owns the data dir (its runtime file), else one answering on the
 * configured address, else one started in this process for as long as the command runs.
 */
import { configPathIn } from '../config/paths';
import { createConfigStore } from '../config/store';
import type { AimuxConfig } from '../config/types';
import { SILENT_LOGGER } from '../index';
import { createKeyringSecretStore } from '../secrets/keyring-store';
import { createAimuxService } from '../service/create-service';
import { findRunning } from '../service/runtime-file';
import { PROXY_TOKEN_FILE, tokenFile } from '../security/token-file';
import { resolveDataDir } from './common';

export interface LocalSetup {
  dataDir: string;
  config: AimuxConfig;
  /** Where the proxy for this data dir listens (or would): `http://host:port`. */
  url: string;
  /** The proxy token clients must present, when one is set. */
  proxyToken?: string;
}

/** The data dir and config `aimux serve` would use with the same options and environment. */
export async function localSetup(opts: { dataDir?: string | undefined } = {}): Promise<LocalSetup> {
  const dataDir = resolveDataDir(opts.dataDir);
  const running = await findRunning(dataDir);
  const store = createConfigStore({ path: configPathIn(dataDir), env: process.env, secrets: createKeyringSecretStore(), logger: SILENT_LOGGER });
  const config = await store.load();
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const proxyToken = await tokenFile(dataDir, PROXY_TOKEN_FILE).read();
  return { dataDir, config, url: running?.url ?? `http://${host}:${config.server.port}`, ...(proxyToken ? { proxyToken } : {}) };
}

/** True when an aimux proxy answers `GET <url>/health` within `timeoutMs`. */
export async function proxyIsRunning(url: string, timeoutMs = 1500, proxyToken?: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs), ...(proxyToken ? { headers: { authorization: `Bearer ${proxyToken}` } } : {}) });
    if (!res.ok) return false;
    const body = (await res.json()) as { status?: unknown; version?: unknown };
    return body.status === 'ok' && typeof body.version === 'string';
  } catch {
    return false;
  }
}

export interface ProxyForSession {
  url: string;
  config: AimuxConfig;
  /** True when this process started it (it stops with `stop()`). */
  started: boolean;
  /** The proxy token the tool must present, when one is set. */
  proxyToken?: string;
  stop(): Promise<void>;
}

/** The running proxy, or a headless one started here (on any free port if the configured one is taken). */
export async function ensureProxy(opts: { dataDir?: string | undefined; tool: string }): Promise<ProxyForSession> {
  const setup = await localSetup(opts);
  const token = setup.proxyToken ? { proxyToken: setup.proxyToken } : {};
  if (await proxyIsRunning(setup.url, 1500, setup.proxyToken)) return { url: setup.url, config: setup.config, started: false, ...token, stop: async () => {} };
  const make = (port?: number) =>
    createAimuxService({ dataDir: setup.dataDir, mode: 'headless', secretStore: createKeyringSecretStore(), logger: SILENT_LOGGER, ...(port !== undefined ? { port } : {}) });
  let service = await make();
  try {
    await service.start();
  } catch {
    // The configured port is taken by something that is not aimux: any free port will do for this run.
    await service.stop(0);
    service = await make(0);
    await service.start();
  }
  const url = service.status().url!;
  process.stderr.write(`aimux: started a proxy for this ${opts.tool} session on ${url}\n`);
  return { url, config: service.core.config(), started: true, ...token, stop: async () => void (await service.stop(1000)) };
}

/** The model a tool should ask for when the user named none: the model of the first default target. */
export function defaultModel(config: AimuxConfig): string | undefined {
  return config.routing.classes.default.targets[0]?.model;
}
