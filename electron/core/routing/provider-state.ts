/**
 * The live routing state of one provider: its config, breaker, key pool and concurrency limiter.
 * A config update keeps all of it when the provider's endpoint (protocol + base URL) is unchanged; keys
 * keep their own state by identity (see key-pool.ts). The breaker takes the provider's `breaker`
 * thresholds, and new ones on every config update.
 */
import type { ProviderConfig } from '../config/types';
import { CircuitBreaker } from './circuit-breaker';
import { createLimiter, type Limiter } from './concurrency';
import { KeyPool } from './key-pool';
import type { RoutingState } from './state-store';
import type { Clock, Random } from './types';

export interface ProviderRuntime {
  config: ProviderConfig;
  breaker: CircuitBreaker;
  keys: KeyPool;
  limiter: Limiter;
}

export interface ProviderRuntimeDeps {
  clock: Clock;
  random: Random;
  state: RoutingState;
}

export function createProviderRuntime(config: ProviderConfig, deps: ProviderRuntimeDeps): ProviderRuntime {
  return {
    config,
    breaker: new CircuitBreaker(deps.clock, { ...config.breaker, store: deps.state.breakers, key: config.id }),
    keys: new KeyPool(config.apiKeys, deps.clock, deps.random, { store: deps.state.keys }),
    limiter: createLimiter({ maxConcurrent: config.maxConcurrent, queueSize: config.queueSize }),
  };
}

/** True when the provider's health history still applies to the new config. */
function sameEndpoint(a: ProviderConfig, b: ProviderConfig): boolean {
  return a.protocol === b.protocol && a.baseUrl === b.baseUrl;
}

/** Applies a new config to a provider's runtime in place. Returns false when its state was reset. */
export function updateProviderRuntime(rt: ProviderRuntime, config: ProviderConfig, deps: ProviderRuntimeDeps): boolean {
  const kept = sameEndpoint(rt.config, config);
  if (!kept) {
    deps.state.breakers.delete(config.id);
    deps.state.providers.delete(config.id);
    rt.breaker = new CircuitBreaker(deps.clock, { ...config.breaker, store: deps.state.breakers, key: config.id });
  } else {
    rt.breaker.update(config.breaker);
  }
  rt.config = config;
  rt.keys.update(config.apiKeys);
  rt.limiter.update({ maxConcurrent: config.maxConcurrent, queueSize: config.queueSize });
  return kept;
}
