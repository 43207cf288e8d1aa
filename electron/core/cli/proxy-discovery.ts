/**
 * Finding the aimux proxy a helper command (`aimux claude`, `aimux codex`, the setup commands) points
 * a tool at: the aimux that owns the data dir (its runtime file), else one answering at `AIMUX_URL` or
 * the configured address, else one started in this process for as long as the command runs. The proxy
 * token clients must send comes from here too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AimuxConfig } from '../config/types';
import { SILENT_LOGGER } from '../index';
import { createKeyringSecretStore } from '../secrets/keyring-store';
import { PROXY_TOKEN_FILE } from '../security/token-file';
import { createAimuxService } from '../service/create-service';
import { findRunning } from '../service/runtime-file';
import { loadUserConfig, resolveDataDir } from './user-config';

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:4141';

/** Where aimux should answer: `AIMUX_URL`, else the config's server host and port. */
export function configuredProxyUrl(config: AimuxConfig | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (env.AIMUX_URL) return env.AIMUX_URL.replace(/\/+$/, '');
  if (!config) return DEFAULT_PROXY_URL;
  const { host, port } = config.server;
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** True when an aimux answers `GET <url>/health` within `timeoutMs` (presenting the proxy token, which /health requires when set). */
export async function proxyAnswers(url: string, proxyToken?: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs), ...(proxyToken ? { headers: { authorization: `Bearer ${proxyToken}` } } : {}) });
    if (res.status !== 200) return false;
    const body = (await res.json()) as { status?: unknown; version?: unknown };
    return body.status === 'ok' && typeof body.version === 'string';
  } catch {
    return false;
  }
}

/** The proxy token clients must send: `AIMUX_PROXY_TOKEN`, else `<data-dir>/proxy-token`; undefined when none is set. */
export function readProxyToken(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AIMUX_PROXY_TOKEN) return env.AIMUX_PROXY_TOKEN;
  try {
    const token = readFileSync(join(dataDir, PROXY_TOKEN_FILE), 'utf8').trim();
    return token === '' ? undefined : token;
  } catch {
    return undefined;
  }
}

export interface LocalSetup {
  dataDir: string;
  /** Undefined when the config cannot be read (it matters only if this command must serve itself). */
  config: AimuxConfig | undefined;
  configError?: unknown;
  /** Where the proxy for this data dir listens (or would): `http://host:port`. */
  url: string;
  /** The proxy token clients must present, when one is set. */
  proxyToken?: string;
}

/** The data dir and config `aimux serve` would use with the same options and environment. */
export async function localSetup(opts: { dataDir?: string | undefined } = {}): Promise<LocalSetup> {
  const dataDir = resolveDataDir(opts.dataDir);
  const running = await findRunning(dataDir);
  const loaded = await loadUserConfig(dataDir).then(
    (config) => ({ config }),
    (configError: unknown) => ({ config: undefined, configError }),
  );
  const proxyToken = readProxyToken(dataDir);
  return { dataDir, ...loaded, url: running?.url ?? configuredProxyUrl(loaded.config), ...(proxyToken ? { proxyToken } : {}) };
}

export interface ProxyForSession {
  url: string;
  dataDir: string;
  config: AimuxConfig | undefined;
  /** True when this process started it (it stops with `stop()`). */
  started: boolean;
  /** The proxy token the tool must present, when one is set. */
  proxyToken?: string;
  stop(): Promise<void>;
}

/** The running proxy, or a headless one started here (on any free port if the wanted one is taken). */
export async function ensureProxy(opts: { dataDir?: string | undefined; tool: string }): Promise<ProxyForSession> {
  const setup = await localSetup(opts);
  const token = setup.proxyToken ? { proxyToken: setup.proxyToken } : {};
  if (await proxyAnswers(setup.url, setup.proxyToken)) return { url: setup.url, dataDir: setup.dataDir, config: setup.config, started: false, ...token, stop: async () => {} };
  if (!setup.config) throw setup.configError;
  // Serve where the tool was going to look (AIMUX_URL or the configured address), on loopback.
  const wanted = new URL(setup.url);
  const port = Number(wanted.port || 80);
  const make = (p: number) => createAimuxService({ dataDir: setup.dataDir, mode: 'headless', secretStore: createKeyringSecretStore(), logger: SILENT_LOGGER, port: p });
  let service = await make(port);
  try {
    await service.start();
  } catch {
    // The wanted port is taken by something that is not aimux: any free port will do for this run.
    await service.stop(0);
    service = await make(0);
    await service.start();
  }
  const url = service.status().url!;
  process.stderr.write(`aimux: no proxy answered at ${setup.url}; serving this ${opts.tool} session on ${url}\n`);
  return { url, dataDir: setup.dataDir, config: service.core.config(), started: true, ...token, stop: async () => void (await service.stop(1000)) };
}

/** The model a tool should ask for when the user named none: the model of the first default target. */
export function defaultModel(config: AimuxConfig | undefined): string | undefined {
  return config?.routing.classes.default.targets[0]?.model;
}
