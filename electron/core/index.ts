/**
 * createCore: the composition root of the proxy. Plain Node; everything from outside (config,
 * clock, logger, randomness) comes in as a parameter. The Electron shell and `aimux serve` are two
 * callers of this one function.
 */
import type { HealthResponse } from '../../shared/health';
import type { AimuxConfig, ProviderConfig } from './config/types';
import { createEmitter } from './metrics/events';
import type { CoreEmitter } from './metrics/events';
import { HttpUpstream } from './providers/upstream';
import type { Upstream } from './providers/upstream';
import { SyntheticUpstream } from './providers/synthetic/index';
import { createExchangeFactory } from './proxy/exchanges';
import { createIdSource } from './proxy/ids';
import type { Clock, CoreRuntime, CoreState, Logger } from './proxy/runtime';
import { createRouter } from './routing/router';
import { createApp, healthBody } from './server/app';
import { createHttpServer } from './server/http-server';

export interface CoreOptions {
  config: AimuxConfig;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
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
}

export const SILENT_LOGGER: Logger = { info() {}, warn() {}, error() {} };

function createUpstream(p: ProviderConfig): Upstream {
  return p.protocol === 'synthetic' ? new SyntheticUpstream(p) : new HttpUpstream(p);
}

export function createCore(options: CoreOptions): CoreHandle {
  const clock = options.clock ?? { now: () => Date.now() };
  const random = options.random ?? Math.random;
  const logger = options.logger ?? SILENT_LOGGER;
  const emitter = createEmitter();
  const ids = createIdSource(clock);
  const runtime: CoreRuntime = { clock, logger, emit: emitter.emit, exchangeFor: createExchangeFactory(ids), newRequestId: ids.request };
  const config = options.config;
  const state: CoreState = {
    config,
    router: createRouter({ config, clock, random, emit: emitter.emit }),
    providers: new Map(config.providers.map((p) => [p.id, p])),
    upstreams: new Map(config.providers.map((p) => [p.id, createUpstream(p)])),
    startedAt: clock.now(),
    countTokensUnsupported: new Set(),
  };
  const scope = () => ({ runtime, state });
  const http = createHttpServer(createApp(scope), (err) => logger.error('request handler failed', err));
  let url: string | undefined;

  return {
    async listen(host = config.server.host, port = config.server.port) {
      const addr = await http.listen(host, port);
      const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      url = `http://${h}:${addr.port}`;
      return url;
    },
    async close(graceMs = config.server.shutdownGraceMs) {
      const result = await http.close(graceMs);
      await Promise.all([...state.upstreams.values()].map((u) => u.close()));
      return result;
    },
    on: emitter.on,
    health: () => healthBody(scope()),
    get url() {
      return url;
    },
  };
}
