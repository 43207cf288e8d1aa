/**
 * Where the app's API comes from. One process owns a data dir at a time (runtime.json says which):
 *
 *   another aimux (serve or a second app on the same data) is alive and answers /health
 *        → remote: the app uses that process's API over HTTP with the admin token from the data
 *          dir, and says so; it never writes the config itself. Desktop-only operations stay local.
 *   nobody owns the data dir
 *        → local: the app builds the service with the desktop secret store and starts the proxy.
 *          A start that fails (the port is taken) leaves the service up in the error state, so
 *          the tray and the dashboard can say what happened and the settings can be changed.
 */
import type { ApiClient, ApiHandlers } from '../../shared/api/client';
import { API_METHODS } from '../../shared/api/contract';
import { isApiError } from '../../shared/api/errors';
import type { Logger, SecretStore } from '../core/deps';
import type { AimuxService, AimuxServiceOptions } from '../core/service/types';
import type { RuntimeInfo } from '../core/service/runtime-file';
import type { DesktopHandlers } from './desktop-settings';
import type { EventSource } from './ipc/forward-events';

export interface Backend {
  handlers: ApiHandlers;
  events: EventSource;
  /** Set when another process runs the proxy and the app uses its API. */
  remote?: RuntimeInfo;
  /** Requests running or queued in this process's proxy. */
  inFlight(): number;
  onRequestFinished(listener: () => void): () => void;
  /** Stops this process's proxy (absent when remote). */
  stop?: (graceMs: number) => Promise<{ forced: number }>;
  graceMs: number;
}

export interface BackendDeps {
  dataDir: string;
  findRunning(dataDir: string): Promise<RuntimeInfo | undefined>;
  createService(options: AimuxServiceOptions): Promise<AimuxService>;
  secretStore: SecretStore;
  desktop: DesktopHandlers;
  /** The admin token of the process that owns the data dir. */
  readAdminToken(): Promise<string | undefined>;
  createHttpClient(options: { baseUrl: string; token: () => string | undefined; actor: 'ui' }): ApiClient;
  logger: Logger;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Handlers that forward every operation to a client (the running aimux's HTTP API). A call refused
 * as UNAUTHORIZED (the admin token was rotated meanwhile) re-reads the token and is tried once more.
 */
export function handlersFromClient(client: ApiClient, local: Partial<ApiHandlers>, refreshToken: () => Promise<boolean> = async () => false): ApiHandlers {
  const out: Record<string, unknown> = {};
  for (const name of API_METHODS) {
    const call = (input: unknown) => (client[name] as (i: unknown) => Promise<unknown>)(input);
    out[name] =
      local[name] ??
      (async (input: unknown) => {
        try {
          return await call(input);
        } catch (err) {
          if (isApiError(err) && err.code === 'UNAUTHORIZED' && (await refreshToken())) return call(input);
          throw err;
        }
      });
  }
  return out as ApiHandlers;
}

export const REMOTE_GRACE_MS = 0;

export async function openBackend(deps: BackendDeps): Promise<Backend> {
  const running = await deps.findRunning(deps.dataDir);
  if (running) {
    let token = await deps.readAdminToken();
    const client = deps.createHttpClient({ baseUrl: running.url, token: () => token, actor: 'ui' });
    const refreshToken = async () => {
      const next = await deps.readAdminToken();
      const changed = next !== token;
      token = next;
      return changed;
    };
    deps.logger.info(`aimux already runs for ${deps.dataDir} (pid ${running.pid}, ${running.mode}) at ${running.url}; the app uses its API`);
    return {
      handlers: handlersFromClient(client, deps.desktop, refreshToken),
      events: client,
      remote: running,
      inFlight: () => 0,
      onRequestFinished: () => () => {},
      graceMs: REMOTE_GRACE_MS,
    };
  }

  const service = await deps.createService({
    dataDir: deps.dataDir,
    mode: 'desktop',
    secretStore: deps.secretStore,
    desktop: deps.desktop,
    logger: deps.logger,
    ...(deps.env ? { env: deps.env } : {}),
  });
  try {
    const status = await service.start();
    deps.logger.info(`aimux ${status.version} listening on ${status.url} (data dir ${deps.dataDir})`);
  } catch (err) {
    deps.logger.error(`the proxy did not start: ${service.status().error ?? (err as Error).message}`);
  }
  return {
    handlers: service.api,
    events: service,
    inFlight: () => service.core.health().providers.reduce((n, p) => n + p.inFlight + p.queued, 0),
    onRequestFinished: (listener) => service.core.on('request.finished', () => listener()),
    stop: (graceMs) => service.stop(graceMs),
    graceMs: service.core.config().server.shutdownGraceMs,
  };
}
