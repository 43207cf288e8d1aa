/**
 * How the CLI finds a running aimux and its proxy token. One place, so that a runtime file written by the
 * running proxy (planned) can replace the guess later.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AimuxConfig } from '../config/types';

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:4141';

/** Where aimux should answer: `AIMUX_URL`, else the config's server host and port. */
export function configuredProxyUrl(config: AimuxConfig | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (env.AIMUX_URL) return env.AIMUX_URL.replace(/\/+$/, '');
  if (!config) return DEFAULT_PROXY_URL;
  const { host, port } = config.server;
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** True when an aimux answers `GET /health` at `url` within `timeoutMs`. */
export async function proxyAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
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
    const token = readFileSync(join(dataDir, 'proxy-token'), 'utf8').trim();
    return token === '' ? undefined : token;
  } catch {
    return undefined;
  }
}
