/**
 * Events out of the core. Routing and the server emit them; metrics, the request log and live views
 * subscribe. Nothing here imports routing or metrics code: this file is the contract between them.
 *
 * Events never carry secrets: keys appear as their id (`<providerId>#<index>`), never their value.
 * Every event has `at` (the injected clock's `now()`) and, when the emitter knows it, `requestId`.
 */
import type { ClientProtocol, RequestClass } from '../config/types';
import type { ProxyErrorCode } from '../errors';

/** How an upstream attempt failed (routing/failure-classifier.ts decides). */
export type FailureKind = 'rate_limited' | 'auth' | 'server' | 'overloaded' | 'timeout' | 'network' | 'client' | 'aborted';

/** Why the executor passed over a target without trying it. */
export type SkipReason =
  | 'unknown-provider'
  | 'disabled'
  | 'breaker-open'
  | 'provider-cooling'
  | 'keys-unavailable'
  | 'no-vision'
  | 'no-tools'
  | 'no-web-search'
  | 'context-too-large'
  | 'overflow';

interface EventBase {
  at: number;
  requestId?: string;
}

export interface RouteDecidedEvent extends EventBase {
  type: 'route.decided';
  class: RequestClass;
  via: 'explicit' | 'model-map' | 'class';
  reason: string;
  /** The model the client asked for. */
  model: string;
  /** Candidate targets as `providerId/model`, before ordering. */
  targets: readonly string[];
  estimatedInputTokens: number;
}

interface AttemptBase extends EventBase {
  /** 1-based, across keys and targets. */
  attempt: number;
  providerId: string;
  model: string;
  keyId?: string;
}

export interface AttemptStartedEvent extends AttemptBase {
  type: 'attempt.started';
}

export interface AttemptFailedEvent extends AttemptBase {
  type: 'attempt.failed';
  kind: FailureKind;
  /** The upstream's HTTP status for UPSTREAM_HTTP, otherwise the status aimux would answer. */
  status: number;
  errorCode: ProxyErrorCode;
  retryable: boolean;
  /** True when the failure came after the response was committed (mid-stream). */
  late: boolean;
  durationMs: number;
}

export interface AttemptSucceededEvent extends AttemptBase {
  type: 'attempt.succeeded';
  ttfbMs: number;
}

export interface TargetSkippedEvent extends EventBase {
  type: 'target.skipped';
  providerId: string;
  model: string;
  reason: SkipReason;
}

/** What the outgoing secret scan found in a request (security); types and places, never the secret. */
export interface SecretScanResult {
  action: 'warned' | 'redacted';
  findings: Array<{ type: string; where: string }>;
}

export interface RequestFinishedEvent extends EventBase {
  type: 'request.finished';
  clientProtocol?: ClientProtocol;
  /** The model the client asked for (absent when the body could not be read). */
  clientModel?: string;
  /** The client asked for a stream. */
  stream?: boolean;
  /** Status the client saw (for a stream that failed after its first byte: the status aimux assigned to the failure). */
  status: number;
  latencyMs: number;
  /** From arrival until the answer committed (first byte to the client); absent when nothing was committed. */
  ttfbMs?: number;
  /** Input tokens billed at the input price: the prompt minus cache reads and cache writes. */
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** The token counts are aimux's estimates (the upstream reported none). */
  usageEstimated?: boolean;
  attempts: number;
  class?: RequestClass;
  /** Why this class (route.decided's reason, e.g. `model-map claude-*haiku*`). */
  classReason?: string;
  providerId?: string;
  model?: string;
  /** The key of the committed attempt (its id, never its value). */
  keyId?: string;
  /** When the committed attempt started (the injected clock); absent when no attempt committed. */
  attemptStartedAt?: number;
  /** The committed attempt's time to its upstream's first byte (attempt.succeeded's `ttfbMs`). */
  attemptTtfbMs?: number;
  errorCode?: ProxyErrorCode;
  /** The error's message as the client saw it (aimux's and upstreams' messages never carry keys). */
  errorMessage?: string;
  /** Translation notes (`x-aimux-notes`). */
  notes?: string[];
  secretScan?: SecretScanResult;
  /** Only with debug capture on (`observability.captureBodies`): the bodies, capped, key values and key-shaped strings redacted. */
  capture?: { request?: string; response?: string; truncated: boolean };
}

export type CoreEvent =
  | RouteDecidedEvent
  | AttemptStartedEvent
  | AttemptFailedEvent
  | AttemptSucceededEvent
  | TargetSkippedEvent
  | RequestFinishedEvent;

export type CoreEventType = CoreEvent['type'];
export type CoreEventOf<T extends CoreEventType> = Extract<CoreEvent, { type: T }>;

/** What producers are given: a plain function, so tests can pass `(e) => events.push(e)`. */
export type EmitFn = (event: CoreEvent) => void;

interface Typed {
  type: string;
}

export interface Emitter<E extends Typed> {
  /** Subscribes to one event type, or to all with `'*'`; returns the unsubscribe function. */
  on<T extends E['type']>(type: T, listener: (event: Extract<E, { type: T }>) => void): () => void;
  on(type: '*', listener: (event: E) => void): () => void;
  emit(event: E): void;
  /** Lets a producer skip building an expensive event nobody listens to. */
  hasListeners(type?: E['type']): boolean;
}

export type CoreEmitter = Emitter<CoreEvent>;

export interface EmitterOptions<E extends Typed> {
  /** A listener threw. Default: ignored, so a metrics bug never fails a request. */
  onListenerError?: (error: unknown, event: E) => void;
}

/** A tiny typed emitter (CoreEvent by default). With no listeners, `emit` is one comparison. */
export function createEmitter<E extends Typed = CoreEvent>(options: EmitterOptions<E> = {}): Emitter<E> {
  type Listener = (event: E) => void;
  const byType = new Map<string, Set<Listener>>();
  let count = 0;
  const onError = options.onListenerError;

  const call = (set: Set<Listener> | undefined, event: E) => {
    if (set === undefined) return;
    for (const fn of set) {
      try {
        fn(event);
      } catch (err) {
        onError?.(err, event);
      }
    }
  };

  const on = (type: string, listener: Listener) => {
    let set = byType.get(type);
    if (set === undefined) byType.set(type, (set = new Set()));
    if (!set.has(listener)) {
      set.add(listener);
      count++;
    }
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      if (set.delete(listener)) count--;
      if (set.size === 0 && byType.get(type) === set) byType.delete(type);
    };
  };

  return {
    on: on as Emitter<E>['on'],
    emit(event) {
      if (count === 0) return;
      call(byType.get(event.type), event);
      call(byType.get('*'), event);
    },
    hasListeners(type) {
      if (type === undefined) return count > 0;
      return byType.has(type) || byType.has('*');
    },
  };
}
