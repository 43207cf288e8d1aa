/**
 * The failover executor: sends one client request to its targets, one attempt at a time, until one
 * commits (first byte) or the candidates, `maxAttempts` or the deadline run out.
 *
 * Per target, in strategy order (the session's pinned target first when affinity applies), it skips:
 * unknown or disabled providers; targets without vision when the request has images (unless no enabled
 * target in the list has vision: translation then replaces the images); without tools when it uses tools;
 * without `capabilities.webSearch` when it offers a server tool (web_search, web_fetch; when every target was
 * skipped for that, a 400 naming the tool); with
 * a non-zero `maxContextTokens` below the estimate; providers cooling after a 503/529 Retry-After; open
 * breakers; providers whose keys are all cooling or rejected; providers whose concurrency slots and queue
 * are full (overflow). Key-scoped failures (429, 401/403) retry the same target with its next key;
 * provider-scoped ones (5xx, timeouts, network) move to the next target; non-retryable ones are thrown
 * at once. Nothing waits for Retry-After: it only cools the key or provider that sent it.
 *
 * When nothing is left: the last upstream error is rethrown (the client sees the 429/503 the upstream
 * gave); with no attempt at all, NO_HEALTHY_PROVIDER (503, `retryAfterMs` = when the first skipped
 * provider is ready), or a 400 "prompt is too long" when every target was too small for the request.
 * The deadline gives DEADLINE_EXCEEDED (504) carrying the last upstream error message.
 */
import type { ProviderConfig, RoutingConfig, Target, TargetList } from '../config/types';
import { ProxyError, asProxyError } from '../errors';
import type { EmitFn, SkipReason } from '../metrics/events';
import type { AffinityEntry, AffinityTable } from './affinity';
import { classifyFailure } from './failure-classifier';
import { targetKey, type LatencyTracker } from './latency';
import type { ProviderRuntime } from './provider-state';
import { KEY_DEFAULTS, RETRY_DEFAULTS } from './retry-policy';
import type { StateStore, ProviderRecord } from './state-store';
import { orderTargets } from './strategies';
import type { StrategyInputs } from './strategies';
import type { AttemptContext, Clock, Random, RequestFeatures, RouteDecision, Schedule } from './types';

export interface ExecuteRequest {
  features: RequestFeatures;
  decision: RouteDecision;
  /** The client's signal: aborts when the client goes away. */
  signal: AbortSignal;
  /**
   * The caller's controller behind `signal`, if it has one: the executor then uses it for the
   * attempts (aborting it at the deadline) instead of creating a second one and listening.
   */
  controller?: AbortController;
  requestId?: string;
}

export interface ExecuteResult<T> {
  value: T;
  /** Attempts made, the committed one included (`x-aimux-attempts`). */
  attempts: number;
  ctx: AttemptContext;
}

export type AttemptFn<T> = (ctx: AttemptContext) => Promise<T>;

/** What the executor reads from the router; `routing` and `providers` change on config updates. */
export interface ExecutorEnv {
  clock: Clock;
  random: Random;
  emit: EmitFn;
  schedule: Schedule;
  routing: RoutingConfig;
  providers: ReadonlyMap<string, ProviderRuntime>;
  providerState: StateStore<ProviderRecord>;
  affinity: AffinityTable;
  targetLatency: LatencyTracker;
  providerLatency: LatencyTracker;
  rotations: WeakMap<TargetList, number>;
  explorationRate: number | undefined;
}

/** The context the executor hands out, with what a late failure needs (router.recordLateFailure). */
export interface ExecutorAttemptContext extends AttemptContext {
  readonly requestId: string | undefined;
  affinityKey: string | undefined;
}

/** A model's own capabilities (from its preset or `modelInfo`) narrow its provider's. */
function capabilitiesOf(p: ProviderConfig, model: string): ProviderConfig['capabilities'] {
  const own = p.modelInfo?.[model]?.capabilities;
  return own === undefined ? p.capabilities : { ...p.capabilities, ...own };
}

const sameTarget = (a: Target, b: AffinityEntry) => a.providerId === b.providerId && a.model === b.model;

export async function executeWithFailover<T>(env: ExecutorEnv, req: ExecuteRequest, attempt: AttemptFn<T>): Promise<ExecuteResult<T>> {
  const { features, decision, signal, requestId } = req;
  const { clock, routing, providers, emit } = env;
  const affinityKey =
    routing.sessionAffinity && decision.list.strategy === 'failover' && features.sessionId !== undefined
      ? `${decision.class}\u0000${features.sessionId}`
      : undefined;
  const pinned = affinityKey === undefined ? undefined : env.affinity.get(affinityKey);
  const ordered = orderCandidates(env, decision.list, pinned);
  const needVision =
    features.hasImages &&
    ordered.some((t) => {
      const p = providers.get(t.providerId)?.config;
      return p !== undefined && p.enabled && capabilitiesOf(p, t.model).vision;
    });

  // One signal for every attempt: the client's abort, plus the deadline until the response commits.
  const own = req.controller;
  const ac = own ?? new AbortController();
  const onClientAbort = () => ac.abort(signal.reason);
  if (own === undefined) {
    if (signal.aborted) ac.abort(signal.reason);
    else signal.addEventListener('abort', onClientAbort, { once: true });
  }
  // With a shared controller, an abort is the client's unless the deadline fired it.
  const clientAborted = () => signal.aborted && !deadlineHit;
  const deadlineAt = routing.deadlineMs > 0 ? clock.now() + routing.deadlineMs : Infinity;
  let deadlineHit = false;
  const cancelDeadline =
    deadlineAt < Infinity
      ? env.schedule(() => {
          deadlineHit = true;
          ac.abort(new ProxyError('DEADLINE_EXCEEDED', 'request deadline reached', 504));
        }, routing.deadlineMs)
      : () => {};

  let attempts = 0;
  let lastError: ProxyError | undefined;
  let earliestReady = Infinity;
  let committed = false;
  const skips: string[] = [];
  const skipped: SkipReason[] = [];
  let largestContext = 0;

  const skip = (t: Target, reason: SkipReason, readyAt?: number) => {
    skipped.push(reason);
    skips.push(`${t.providerId}/${t.model} (${reason})`);
    if (readyAt !== undefined && readyAt < earliestReady) earliestReady = readyAt;
    emit({ type: 'target.skipped', at: clock.now(), requestId, providerId: t.providerId, model: t.model, reason });
  };
  const deadlineError = () => {
    const last = lastError ? `; last error: ${lastError.message}` : '';
    return new ProxyError('DEADLINE_EXCEEDED', `no response within the ${routing.deadlineMs} ms deadline after ${attempts} attempt(s)${last}`, 504, {
      cause: lastError,
      providerId: lastError?.providerId,
    });
  };
  const stopIfDone = () => {
    if (deadlineHit || clock.now() >= deadlineAt) {
      deadlineHit = true;
      throw deadlineError();
    }
    if (clientAborted()) throw new ProxyError('CLIENT_CLOSED', 'request aborted by the client', 499);
  };

  try {
    targets: for (const target of ordered) {
      const rt = providers.get(target.providerId);
      if (rt === undefined) {
        skip(target, 'unknown-provider');
        continue;
      }
      const caps = capabilitiesOf(rt.config, target.model);
      const now = clock.now();
      const coolingUntil = env.providerState.get(rt.config.id)?.coolingUntil ?? 0;
      if (!rt.config.enabled) skip(target, 'disabled');
      else if (needVision && !caps.vision) skip(target, 'no-vision');
      else if (features.usesTools && !caps.tools) skip(target, 'no-tools');
      else if (features.serverTool !== undefined && !caps.webSearch) skip(target, 'no-web-search');
      else if (caps.maxContextTokens > 0 && features.estimatedInputTokens > caps.maxContextTokens) {
        largestContext = Math.max(largestContext, caps.maxContextTokens);
        skip(target, 'context-too-large');
      } else if (coolingUntil > now) skip(target, 'provider-cooling', coolingUntil);
      else if (rt.breaker.state === 'open') skip(target, 'breaker-open', rt.breaker.reopensAt);
      else {
        let preferredKeyId = pinned !== undefined && sameTarget(target, pinned) ? pinned.keyId : undefined;
        for (;;) {
          if (attempts >= routing.maxAttempts) break targets;
          stopIfDone();
          const pick = rt.keys.pick(preferredKeyId);
          if (pick !== undefined && 'coolingUntil' in pick) {
            skip(target, 'keys-unavailable', pick.coolingUntil);
            break;
          }
          const slot = await rt.limiter.acquire(ac.signal);
          if (slot === 'aborted') stopIfDone();
          if (slot === 'overflow' || slot === 'aborted') {
            skip(target, 'overflow');
            break;
          }
          if (!rt.breaker.canAttempt()) {
            slot();
            skip(target, 'breaker-open', rt.breaker.reopensAt);
            break;
          }
          attempts++;
          const startedAt = clock.now();
          const ctx: ExecutorAttemptContext = { target, provider: rt.config, key: pick, attemptNumber: attempts, signal: ac.signal, startedAt, committedAt: undefined, release: slot, requestId, affinityKey: undefined };
          const keyId = pick?.id;
          emit({ type: 'attempt.started', at: startedAt, requestId, attempt: attempts, providerId: target.providerId, model: target.model, keyId });
          let value: T;
          try {
            value = await attempt(ctx);
          } catch (thrown) {
            slot();
            const err = asProxyError(thrown);
            const f = classifyFailure(err);
            const end = clock.now();
            const kind = deadlineHit && f.kind === 'aborted' ? 'timeout' : f.kind;
            emit({
              type: 'attempt.failed',
              at: end,
              requestId,
              attempt: attempts,
              providerId: target.providerId,
              model: target.model,
              keyId,
              kind,
              status: err.upstreamStatus ?? err.httpStatus,
              errorCode: err.code,
              retryable: f.retryable,
              late: false,
              durationMs: end - startedAt,
            });
            if (f.countsForBreaker) rt.breaker.recordFailure();
            else rt.breaker.release();
            if (f.retryable) {
              // A real upstream answer, even one that raced our own abort: remember and act on it.
              lastError = err;
              if (affinityKey !== undefined && pinned !== undefined && sameTarget(target, pinned)) env.affinity.break(affinityKey);
              if (f.scope === 'key' && pick !== undefined) {
                if (f.kind === 'rate_limited') rt.keys.reportRateLimited(pick.id, err.retryAfterMs);
                else rt.keys.reportRejected(pick.id);
              } else {
                coolProvider(env, rt.config.id, f.kind === 'rate_limited' ? (err.retryAfterMs ?? KEY_DEFAULTS.minCooldownMs) : err.retryAfterMs);
              }
            }
            if (deadlineHit) throw deadlineError();
            if (clientAborted()) throw err.code === 'CLIENT_CLOSED' ? err : new ProxyError('CLIENT_CLOSED', 'request aborted by the client', 499, { cause: err });
            if (!f.retryable) throw err;
            if (f.scope === 'key' && pick !== undefined) {
              preferredKeyId = undefined;
              continue; // the same target with its next key
            }
            break; // the next target
          }
          committed = true;
          // From here the caller owns the slot; releasing it also stops following the client's signal.
          ctx.release = () => {
            slot();
            if (own === undefined) signal.removeEventListener('abort', onClientAbort);
          };
          const now = clock.now();
          const ttfbMs = now - startedAt;
          ctx.committedAt = now;
          rt.breaker.recordSuccess();
          if (pick !== undefined) rt.keys.reportSuccess(pick.id);
          env.targetLatency.record(keyOf(target), ttfbMs);
          env.providerLatency.record(target.providerId, ttfbMs);
          if (affinityKey !== undefined) env.affinity.set(affinityKey, { providerId: target.providerId, model: target.model, keyId });
          ctx.affinityKey = affinityKey;
          emit({ type: 'attempt.succeeded', at: now, requestId, attempt: attempts, providerId: target.providerId, model: target.model, keyId, ttfbMs });
          return { value, attempts, ctx };
        }
      }
    }
    stopIfDone();
    if (lastError !== undefined) throw lastError;
    if (skipped.length > 0 && skipped.every((r) => r === 'context-too-large')) {
      throw new ProxyError(
        'BAD_REQUEST',
        `prompt is too long: ~${features.estimatedInputTokens} estimated tokens > ${largestContext} maximum of every target for class ${decision.class}`,
        400,
      );
    }
    if (skipped.length > 0 && skipped.every((r) => r === 'no-web-search')) {
      const tool = features.serverTool ?? 'web_search';
      throw new ProxyError(
        'TRANSLATION_UNSUPPORTED',
        `server tool "${tool}" needs a target that runs it (capabilities.webSearch); none in class ${decision.class} does: ${skips.join(', ')}. Route the webSearch class to an Anthropic-protocol provider.`,
        400,
      );
    }
    const ready = earliestReady < Infinity ? Math.max(0, earliestReady - clock.now()) : undefined;
    const why = skips.length ? skips.join(', ') : 'the list is empty';
    throw new ProxyError('NO_HEALTHY_PROVIDER', `no healthy target for class ${decision.class}: ${why}`, 503, ready === undefined ? {} : { retryAfterMs: ready });
  } finally {
    cancelDeadline();
    if (!committed && own === undefined) signal.removeEventListener('abort', onClientAbort);
  }
}

/** `provider/model` of a target, made once per target object (targets come from the config). */
const targetKeys = new WeakMap<Target, string>();
function keyOf(t: Target): string {
  let k = targetKeys.get(t);
  if (k === undefined) targetKeys.set(t, (k = targetKey(t.providerId, t.model)));
  return k;
}

/** What the strategies read, made once per executor env rather than per request. */
const strategyInputs = new WeakMap<ExecutorEnv, StrategyInputs>();
function inputsOf(env: ExecutorEnv): StrategyInputs {
  let inputs = strategyInputs.get(env);
  if (inputs === undefined) {
    inputs = {
      random: env.random,
      weightOf: (id) => env.providers.get(id)?.config.weight ?? 0,
      latencyOf: (t) => env.targetLatency.get(keyOf(t)),
      inFlightOf: (id) => env.providers.get(id)?.limiter.inFlight ?? 0,
      nextRotation: (l) => {
        const n = env.rotations.get(l) ?? 0;
        env.rotations.set(l, n + 1);
        return n;
      },
      explorationRate: env.explorationRate,
    };
    strategyInputs.set(env, inputs);
  }
  return inputs;
}

function orderCandidates(env: ExecutorEnv, list: TargetList, pinned: AffinityEntry | undefined): Target[] {
  const ordered = orderTargets(list, inputsOf(env));
  if (pinned !== undefined) {
    const i = ordered.findIndex((t) => sameTarget(t, pinned));
    if (i > 0) ordered.unshift(...ordered.splice(i, 1));
  }
  return ordered;
}

/** A provider-scoped failure that named a wait (503/529 Retry-After, or a keyless 429) cools the provider. */
function coolProvider(env: ExecutorEnv, providerId: string, retryAfterMs: number | undefined): void {
  if (retryAfterMs === undefined || retryAfterMs <= 0) return;
  const until = env.clock.now() + Math.min(retryAfterMs, RETRY_DEFAULTS.retryAfterMaxMs);
  const prev = env.providerState.get(providerId)?.coolingUntil ?? 0;
  if (until > prev) env.providerState.set(providerId, { coolingUntil: until });
}
