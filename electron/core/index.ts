/**
 * createCore: the composition root of the proxy. Plain Node; everything from outside (config,
 * clock, logger, randomness) comes in as a parameter. The Electron shell and `aimux serve` are two
 * callers of this one function.
 */
import { randomBytes } from 'node:crypto';
import type { HealthResponse, StorageHealthView } from '../../shared/health';
import type { AimuxConfig, ProviderConfig } from './config/types';
import { createEmitter } from './metrics/events';
import type { CoreEmitter } from './metrics/events';
import { HttpUpstream } from './providers/upstream';
import { createPoolRegistry } from './providers/pools';
import type { PoolRegistry } from './providers/pools';
import type { Upstream } from './providers/upstream';
import { SyntheticUpstream } from './providers/synthetic/index';
import { createExchangeFactory } from './proxy/exchanges';
import { createIdSource } from './proxy/ids';
import { createResponseStore } from './proxy/response-store';
import type { Clock, CoreRuntime, CoreState, Logger } from './proxy/runtime';
import { createRouter } from './routing/router';
import { createApp, healthBody } from './server/app';
import type { Mount } from './server/app';
import { createHttpServer } from './server/http-server';
import { interfaceAddresses, isWildcard } from './security/bind-policy';

export interface CoreOptions {
  config: AimuxConfig;
  /** Signs the reasoning items of Responses answers (config/install-secret.ts); default: random per process. */
  installSecret?: Uint8Array;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  /** Handlers that own a path prefix on the same port (the management API, the dashboard). */
  mounts?: readonly Mount[];
  /** See `CoreRuntime.internalToken`. */
  internalToken?: string;
  /** See `CoreRuntime.proxyToken`. */
  proxyToken?: () => string | undefined;
  /** The history's storage state, reported in GET /health. */
  storageHealth?: () => StorageHealthView;
}

export interface CoreHandle {
  /** Starts listening; resolves with the base URL, e.g. http://127.0.0.1:4141. */
  listen(host?: string, port?: number): Promise<string>;
  /** Stops accepting, lets in-flight requests finish within `graceMs`, closes upstream pools. */
  close(graceMs?: number): Promise<{ forced: number }>;
  /** Subscribes to core events ('*' for all); returns an unsubscribe function. */
  on: CoreEmitter['on'];
  health(): HealthResponse;
  readonly url: string | undefined;
  /** The config new requests run on. */
  config(): AimuxConfig;
  /**
   * Applies a new config to new requests at once; requests in flight finish on the one they started
   * with. Health state (breakers, key cooldowns, latency) carries over for unchanged providers.
   */
  applyConfig(config: AimuxConfig): void;
  /** Paused: the proxy routes answer 503 in the client's shape; the mounted API keeps working. */
  setPaused(paused: boolean): void;
  readonly paused: boolean;
}

export const SILENT_LOGGER: Logger = { info() {}, warn() {}, error() {} };

function createUpstream(p: ProviderConfig, pools: PoolRegistry): Upstream {
  return p.protocol === 'synthetic' ? new SyntheticUpstream(p) : new HttpUpstream(p, pools);
}

/** An upstream's connection pool can be kept when what it connects to is unchanged. */
function sameConnection(a: ProviderConfig, b: ProviderConfig): boolean {
  return a.protocol === b.protocol && a.baseUrl === b.baseUrl && a.timeouts.connectMs === b.timeouts.connectMs;
}

export function createCore(options: CoreOptions): CoreHandle {
  const clock = options.clock ?? { now: () => Date.now() };
  const random = options.random ?? Math.random;
  const logger = options.logger ?? SILENT_LOGGER;
  const emitter = createEmitter();
  const ids = createIdSource(clock);
  const config = options.config;
  const responses = { store: createResponseStore(config.server.responseStoreSize), secret: options.installSecret ?? randomBytes(32) };
  const runtime: CoreRuntime = {
    clock,
    logger,
    emit: emitter.emit,
    exchangeFor: createExchangeFactory(ids, responses),
    newRequestId: ids.request,
    responses,
    paused: false,
  };
  if (options.internalToken !== undefined) runtime.internalToken = options.internalToken;
  if (options.proxyToken !== undefined) runtime.proxyToken = options.proxyToken;
  if (options.storageHealth !== undefined) runtime.storageHealth = options.storageHealth;
  /** Connection pools by origin, shared by the providers on it (providers/pools.ts). */
  const pools = createPoolRegistry();
  let state: CoreState = {
    config,
    router: createRouter({ config, clock, random, emit: emitter.emit }),
    providers: new Map(config.providers.map((p) => [p.id, p])),
    upstreams: new Map(config.providers.map((p) => [p.id, createUpstream(p, pools)])),
    startedAt: clock.now(),
    countTokensUnsupported: new Set(),
  };
  /** Pools replaced by a config change; closed once their requests finish (undici's close waits). */
  const retiring = new Set<Promise<void>>();
  const scope = () => ({ runtime, state });
  const http = createHttpServer(createApp(scope, options.mounts), (err) => logger.error('request handler failed', err), config.server.limits);
  let url: string | undefined;

  const applyConfig = (next: AimuxConfig) => {
    const prev = state;
    const upstreams = new Map<string, Upstream>();
    for (const p of next.providers) {
      const old = prev.providers.get(p.id);
      const kept = old && sameConnection(old, p) ? prev.upstreams.get(p.id) : undefined;
      upstreams.set(p.id, kept ?? createUpstream(p, pools));
    }
    for (const [id, u] of prev.upstreams) {
      if (upstreams.get(id) === u) continue;
      const closing = u.close().catch((err: unknown) => logger.warn(`closing the old pool of "${id}": ${(err as Error).message}`));
      retiring.add(closing);
      void closing.finally(() => retiring.delete(closing));
    }
    prev.router.updateConfig(next);
    state = {
      config: next,
      router: prev.router,
      providers: new Map(next.providers.map((p) => [p.id, p])),
      upstreams,
      startedAt: prev.startedAt,
      // What a provider could not count is remembered while its config stands.
      countTokensUnsupported: new Set(),
    };
  };

  return {
    async listen(host = state.config.server.host, port = state.config.server.port) {
      const addr = await http.listen(host, port);
      runtime.boundHost = host;
      if (isWildcard(host)) runtime.localAddresses = interfaceAddresses();
      const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      url = `http://${h}:${addr.port}`;
      return url;
    },
    async close(graceMs = state.config.server.shutdownGraceMs) {
      const result = await http.close(graceMs);
      await Promise.all([...state.upstreams.values()].map((u) => u.close()));
      await Promise.all(retiring);
      return result;
    },
    on: emitter.on,
    health: () => healthBody(scope()),
    get url() {
      return url;
    },
    config: () => state.config,
    applyConfig,
    setPaused(paused) {
      runtime.paused = paused;
    },
    get paused() {
      return runtime.paused;
    },
  };
}
