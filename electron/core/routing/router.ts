/**
 * The router: classification, the failover executor and the per-provider health state, behind one
 * object built from injected time, randomness and an event sink. No I/O: the caller's `attempt`
 * function does the sending.
 *
 * Contract with the caller (the upstream pipeline):
 * 1. `decide(features)` once per request (emits `route.decided`);
 * 2. `execute({ features, decision, signal }, attempt)`: `attempt(ctx)` sends to `ctx.target` with
 *    `ctx.key`, honours `ctx.signal`, and resolves once the response is committed (first byte) or throws
 *    a ProxyError. Time to first byte is measured around it;
 * 3. when the committed response has ended, `ctx.release()` (frees the concurrency slot); if it fails
 *    after commit, `recordLateFailure(ctx, err)` instead (counts for the breaker, breaks affinity, releases,
 *    never retries).
 */
import type { AimuxConfig, TargetList } from '../config/types';
import { asProxyError } from '../errors';
import type { EmitFn } from '../metrics/events';
import { createAffinityTable, type AffinityOptions } from './affinity';
import type { BreakerOptions, BreakerState } from './circuit-breaker';
import { createClassifier, type Classifier } from './classify';
import { executeWithFailover, type AttemptFn, type ExecuteRequest, type ExecuteResult, type ExecutorAttemptContext, type ExecutorEnv } from './executor';
import { classifyFailure } from './failure-classifier';
import type { KeySnapshot } from './key-pool';
import { createLatencyTracker, targetKey } from './latency';
import { createProviderRuntime, updateProviderRuntime, type ProviderRuntime, type ProviderRuntimeDeps } from './provider-state';
import { createMemoryRoutingState, type RoutingState } from './state-store';
import type { AttemptContext, Clock, Random, RequestFeatures, RouteDecision, Schedule } from './types';

export type { AttemptContext, Clock, Random, RequestFeatures, RouteDecision, Schedule } from './types';
export type { AttemptFn, ExecuteRequest, ExecuteResult } from './executor';

export interface RouterDeps {
  config: AimuxConfig;
  clock: Clock;
  random: Random;
  emit: EmitFn;
  /** Timer for the request deadline. Default: `setTimeout`, unref'd. Tests pass one driven by their clock. */
  schedule?: Schedule;
  /** Shared state (key cooldowns, breakers, provider cooldowns). Default: in memory. */
  state?: RoutingState;
  affinity?: AffinityOptions;
  /** least-latency exploration share; default LATENCY_DEFAULTS.explorationRate. */
  explorationRate?: number;
}

export interface ProviderHealth {
  id: string;
  enabled: boolean;
  breaker: BreakerState;
  /** The breaker's thresholds in effect (config `breaker`, defaults filled in). */
  breakerSettings: BreakerOptions;
  inFlight: number;
  queued: number;
  /** EWMA time to first byte; null before the first success. */
  latencyEwmaMs: number | null;
  /** Set while the provider cools after a 503/529 Retry-After. */
  coolingUntil?: number;
  keys: KeySnapshot[];
}

export interface Router {
  decide(features: RequestFeatures, requestId?: string): RouteDecision;
  execute<T>(request: ExecuteRequest, attempt: AttemptFn<T>): Promise<ExecuteResult<T>>;
  recordLateFailure(ctx: AttemptContext, err: unknown): void;
  health(): ProviderHealth[];
  updateConfig(config: AimuxConfig): void;
}

const defaultSchedule: Schedule = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

/** A list's targets as `provider/model`, made once per list (lists come from the config). */
const listNames = new WeakMap<TargetList, readonly string[]>();
function targetNames(list: TargetList): readonly string[] {
  let names = listNames.get(list);
  if (names === undefined) listNames.set(list, (names = list.targets.map((t) => targetKey(t.providerId, t.model))));
  return names;
}

export function createRouter(deps: RouterDeps): Router {
  const { clock, emit } = deps;
  const state = deps.state ?? createMemoryRoutingState();
  const runtimeDeps: ProviderRuntimeDeps = { clock, random: deps.random, state };
  const providers = new Map<string, ProviderRuntime>();
  let providerIds: ReadonlySet<string> = new Set();
  let classifier: Classifier;

  const env: ExecutorEnv = {
    clock,
    random: deps.random,
    emit,
    schedule: deps.schedule ?? defaultSchedule,
    routing: deps.config.routing,
    providers,
    providerState: state.providers,
    affinity: createAffinityTable(clock, deps.affinity),
    targetLatency: createLatencyTracker(),
    providerLatency: createLatencyTracker(),
    rotations: new WeakMap<TargetList, number>(),
    explorationRate: deps.explorationRate,
  };

  const applyConfig = (config: AimuxConfig) => {
    const seen = new Set<string>();
    for (const p of config.providers) {
      seen.add(p.id);
      const rt = providers.get(p.id);
      if (rt === undefined) providers.set(p.id, createProviderRuntime(p, runtimeDeps));
      else if (!updateProviderRuntime(rt, p, runtimeDeps)) {
        env.providerLatency.delete(p.id);
        for (const m of p.models) env.targetLatency.delete(targetKey(p.id, m));
      }
    }
    for (const [id, rt] of providers) {
      if (seen.has(id)) continue;
      providers.delete(id);
      rt.keys.update([]);
      state.breakers.delete(id);
      state.providers.delete(id);
      env.providerLatency.delete(id);
    }
    providerIds = seen;
    classifier = createClassifier(config.routing);
    env.routing = config.routing;
  };
  applyConfig(deps.config);

  return {
    decide(features, requestId) {
      const decision = classifier(features, providerIds);
      emit({
        type: 'route.decided',
        at: clock.now(),
        requestId,
        class: decision.class,
        via: decision.via,
        reason: decision.reason,
        model: features.model,
        targets: targetNames(decision.list),
        estimatedInputTokens: features.estimatedInputTokens,
      });
      return decision;
    },

    execute: (request, attempt) => executeWithFailover(env, request, attempt),

    recordLateFailure(ctx, thrown) {
      const err = asProxyError(thrown);
      const f = classifyFailure(err);
      const info = ctx as Partial<ExecutorAttemptContext>;
      const now = clock.now();
      emit({
        type: 'attempt.failed',
        at: now,
        requestId: info.requestId,
        attempt: ctx.attemptNumber,
        providerId: ctx.target.providerId,
        model: ctx.target.model,
        keyId: ctx.key?.id,
        kind: f.kind,
        status: err.upstreamStatus ?? err.httpStatus,
        errorCode: err.code,
        retryable: false,
        late: true,
        durationMs: now - ctx.startedAt,
      });
      if (f.countsForBreaker) providers.get(ctx.provider.id)?.breaker.recordFailure();
      if (f.kind !== 'aborted' && f.kind !== 'client' && info.affinityKey !== undefined) env.affinity.break(info.affinityKey);
      ctx.release();
    },

    health() {
      const now = clock.now();
      return [...providers.values()].map((rt) => {
        const h: ProviderHealth = {
          id: rt.config.id,
          enabled: rt.config.enabled,
          breaker: rt.breaker.state,
          breakerSettings: { ...rt.breaker.options },
          inFlight: rt.limiter.inFlight,
          queued: rt.limiter.queued,
          latencyEwmaMs: env.providerLatency.get(rt.config.id) ?? null,
          keys: rt.keys.snapshot(),
        };
        const cooling = state.providers.get(rt.config.id)?.coolingUntil;
        if (cooling !== undefined && cooling > now) h.coolingUntil = cooling;
        return h;
      });
    },

    updateConfig: applyConfig,
  };
}
