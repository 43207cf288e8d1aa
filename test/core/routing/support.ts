/** Builders and fakes for the routing tests: config objects, a manual clock with timers, a seeded random. */
import { CONFIG_DEFAULTS } from '../../../electron/core/config/defaults';
import type { AimuxConfig, ApiKey, ProviderConfig, RoutingConfig, Target, TargetList } from '../../../electron/core/config/types';
import { ProxyError } from '../../../electron/core/errors';
import type { CoreEvent } from '../../../electron/core/metrics/events';
import { createRouter, type RouterDeps } from '../../../electron/core/routing/router';
import type { AttemptContext, RequestFeatures, Schedule } from '../../../electron/core/routing/types';

export const T0 = 1_700_000_000_000;

/** A clock that only moves when told to, with timers that fire as it passes them. */
export function manualTime(start = T0) {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const schedule: Schedule = (fn, ms) => {
    const id = ++seq;
    timers.set(id, { at: now + ms, fn });
    return () => void timers.delete(id);
  };
  return {
    clock: { now: () => now },
    schedule,
    pendingTimers: () => timers.size,
    advance(ms: number) {
      const target = now + ms;
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const e of timers) if (e[1].at <= target && (next === undefined || e[1].at < next[1].at)) next = e;
        if (next === undefined) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = target;
    },
  };
}

/** mulberry32: a small, fast, seeded PRNG, uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function keys(providerId: string, n: number, valuePrefix = 'secret'): ApiKey[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${providerId}#${i}`, hint: `sk-…${i}${i}${i}${i}`, value: `${valuePrefix}-${providerId}-${i}-XYZ` }));
}

export function provider(id: string, over: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id,
    protocol: 'anthropic',
    baseUrl: `http://${id}.invalid`,
    auth: 'x-api-key',
    apiKeys: keys(id, 1),
    models: ['m'],
    headers: {},
    enabled: true,
    weight: 1,
    maxConcurrent: 0,
    queueSize: 8,
    timeouts: { ...CONFIG_DEFAULTS.provider.timeouts },
    capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 0, webSearch: true },
    quirks: { ...CONFIG_DEFAULTS.provider.quirks, thinkTags: false },
    breaker: { ...CONFIG_DEFAULTS.provider.breaker },
    ...over,
  };
}

/** `"a/m"` → { providerId: 'a', model: 'm' }. */
export function list(strategy: TargetList['strategy'], ...targets: string[]): TargetList {
  return { strategy, targets: targets.map(parseTarget) };
}

export function parseTarget(s: string): Target {
  const i = s.indexOf('/');
  return { providerId: s.slice(0, i), model: s.slice(i + 1) };
}

export function routing(over: Partial<RoutingConfig> = {}): RoutingConfig {
  return {
    classes: { default: list('failover', 'a/m', 'b/m') },
    longContextThreshold: 60_000,
    modelMap: [],
    sessionAffinity: true,
    maxAttempts: 6,
    deadlineMs: 300_000,
    ...over,
  };
}

export function config(providers: ProviderConfig[], r: Partial<RoutingConfig> = {}): AimuxConfig {
  return {
    source: 'test',
    // Built directly, not from a document: the router never reads `doc`.
    doc: { providers: [], routing: { default: [] as unknown as [string] } },
    server: { ...CONFIG_DEFAULTS.server, host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, shutdownGraceMs: 1000 },
    security: CONFIG_DEFAULTS.security,
    providers,
    routing: routing(r),
    observability: { enabled: true, requestLog: { maxRows: 100_000, maxAgeDays: 30 }, captureBodies: false, captureMaxBytes: 65_536 },
  };
}

export function features(over: Partial<RequestFeatures> = {}): RequestFeatures {
  return { model: 'claude-opus-5-5', hasImages: false, thinking: false, webSearch: false, usesTools: false, estimatedInputTokens: 1000, ...over };
}

// Upstream failures as the pipeline reports them.
export const httpError = (status: number, opts: { retryAfterMs?: number; providerId?: string } = {}) =>
  new ProxyError('UPSTREAM_HTTP', `upstream answered ${status}`, status >= 500 ? 502 : status, { upstreamStatus: status, ...opts });
export const connectRefused = () => new ProxyError('UPSTREAM_NETWORK', 'connection refused', 502);
export const firstByteTimeout = () => new ProxyError('UPSTREAM_FIRST_BYTE_TIMEOUT', 'no response before the first-byte timeout', 504);

export type Behaviour = (ctx: AttemptContext) => unknown;

/**
 * A router on a manual clock, and an attempt function driven by per-provider (or per-key) behaviours.
 * `calls` records `provider/model@keyId` per attempt; by default an attempt succeeds with `ok:<provider>`.
 */
export function harness(cfg: AimuxConfig, opts: { seed?: number; deps?: Partial<RouterDeps> } = {}) {
  const time = manualTime();
  const events: CoreEvent[] = [];
  const router = createRouter({ config: cfg, clock: time.clock, random: seeded(opts.seed ?? 1), emit: (e) => events.push(e), schedule: time.schedule, ...opts.deps });
  const behaviours = new Map<string, Behaviour>();
  const calls: string[] = [];
  const attempt = async (ctx: AttemptContext) => {
    calls.push(`${ctx.target.providerId}/${ctx.target.model}@${ctx.key?.id ?? '-'}`);
    const b = (ctx.key && behaviours.get(ctx.key.id)) ?? behaviours.get(ctx.target.providerId);
    if (b) return b(ctx);
    return `ok:${ctx.target.providerId}`;
  };
  /** Decides and executes one request; releases the slot at once unless `hold` is set. */
  const run = async (f: Partial<RequestFeatures> = {}, o: { hold?: boolean; signal?: AbortSignal } = {}) => {
    const feats = features(f);
    const decision = router.decide(feats);
    const res = await router.execute({ features: feats, decision, signal: o.signal ?? new AbortController().signal }, attempt);
    if (!o.hold) res.ctx.release();
    return res;
  };
  /** Like run, but returns the thrown error (and fails the test when nothing was thrown). */
  const fail = async (f: Partial<RequestFeatures> = {}, o: { signal?: AbortSignal } = {}): Promise<ProxyError> => {
    try {
      await run(f, o);
    } catch (err) {
      return err as ProxyError;
    }
    throw new Error('expected the request to fail');
  };
  const on = (who: string, b: Behaviour) => behaviours.set(who, b);
  const clear = () => behaviours.clear();
  return { time, events, router, calls, attempt, run, fail, on, clear, takeCalls: () => calls.splice(0) };
}

/** Throws the given error (for behaviours). */
export const throws = (err: () => Error): Behaviour => () => {
  throw err();
};

/** Lets every pending promise callback run (one macrotask turn; no timers, no sleeping). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
