/**
 * The validated, resolved configuration the core runs on.
 *
 * The JSON file (documented in README.md) is checked by `schema.ts` and turned into these types:
 * defaults are filled in, `env:` key references are resolved, and every route target is parsed
 * into `{ providerId, model }`. Nothing downstream re-validates.
 */

/** Wire protocol a provider speaks. `synthetic` is the built-in, in-process provider. */
export type ProviderProtocol = 'anthropic' | 'openai' | 'synthetic';

/** Client-facing protocol of an incoming request. */
export type ClientProtocol = 'anthropic' | 'openai';

export type AuthStyle = 'x-api-key' | 'bearer';

export interface ProviderTimeouts {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From request sent until the response headers arrive. */
  firstByteMs: number;
  /** Longest silence allowed between two body chunks. */
  idleMs: number;
  /** Whole answer of a non-streaming upstream call (only made when `quirks.streaming` is false). */
  responseMs: number;
}

export interface ProviderCapabilities {
  tools: boolean;
  vision: boolean;
  /** anthropic: accepts `thinking`; openai: accepts `reasoning_effort`. */
  thinking: boolean;
  /** Largest input the provider's models take; 0 = unknown (never skipped for size). */
  maxContextTokens: number;
}

/** Declared differences between OpenAI-compatible hosts that the shared adapter understands. */
export interface ProviderQuirks {
  /**
   * Field in which the provider returns reasoning and, when `echoReasoning` is set, wants it back on
   * earlier assistant turns (DeepSeek: `reasoning_content`; OpenRouter: `reasoning`).
   */
  reasoningField: 'reasoning_content' | 'reasoning';
  /** Send earlier assistant thinking back to the provider in `reasoningField`. */
  echoReasoning: boolean;
  /** Name of the output-token limit field (`max_completion_tokens` for OpenAI's o-series / GPT-5). */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /**
   * The provider can stream. aimux then asks it for a stream for every request, non-streaming ones
   * included, and assembles the client's answer, so `firstByteMs` and `idleMs` guard both kinds.
   * false: non-streaming client requests go upstream non-streaming, bounded by `timeouts.responseMs`.
   */
  streaming: boolean;
}

/** Circuit breaker thresholds of one provider (routing/circuit-breaker.ts explains each). */
export interface ProviderBreakerConfig {
  failureThreshold: number;
  errorRateThreshold: number;
  windowMs: number;
  minSamples: number;
  cooldownMs: number;
  halfOpenMaxProbes: number;
  halfOpenSuccessesToClose: number;
}

export interface ApiKey {
  /** Stable, non-secret identifier: `<providerId>#<index>`. Used in logs, events and metrics. */
  id: string;
  /** Non-secret hint for people: `sk-…a1b2`. */
  hint: string;
  /** The secret. Never logged, never put in an error message or an event. */
  value: string;
}

export interface ProviderConfig {
  id: string;
  protocol: ProviderProtocol;
  /** Without trailing slash. Empty for `synthetic`. */
  baseUrl: string;
  auth: AuthStyle;
  apiKeys: ApiKey[];
  models: string[];
  /** Extra static headers sent upstream (non-secret). */
  headers: Record<string, string>;
  enabled: boolean;
  weight: number;
  /** 0 = unlimited. */
  maxConcurrent: number;
  /** Requests allowed to wait for a slot when `maxConcurrent` is reached; past it they overflow. */
  queueSize: number;
  timeouts: ProviderTimeouts;
  capabilities: ProviderCapabilities;
  quirks: ProviderQuirks;
  breaker: ProviderBreakerConfig;
}

export interface Target {
  providerId: string;
  model: string;
}

export type RouteStrategy = 'failover' | 'round-robin' | 'weighted' | 'least-latency' | 'least-busy';

export interface TargetList {
  targets: Target[];
  strategy: RouteStrategy;
}

export const REQUEST_CLASSES = ['default', 'background', 'thinking', 'vision', 'longContext', 'webSearch'] as const;
export type RequestClass = (typeof REQUEST_CLASSES)[number];

export interface ModelMapEntry {
  /** The glob as written, e.g. `claude-*haiku*`. */
  pattern: string;
  /** Either a class whose list is used, or a list of its own. */
  route: { kind: 'class'; class: RequestClass } | { kind: 'targets'; list: TargetList };
}

export interface RoutingConfig {
  /** One list per class; `default` is always present. */
  classes: Partial<Record<RequestClass, TargetList>> & { default: TargetList };
  longContextThreshold: number;
  /** In file order; the first matching pattern wins. */
  modelMap: ModelMapEntry[];
  /** Keep a client session on the same target and key while healthy. */
  sessionAffinity: boolean;
  /** Most upstream attempts for one client request (keys and targets together). */
  maxAttempts: number;
  /** Total time budget for all attempts before the first byte reaches the client. */
  deadlineMs: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  maxBodyBytes: number;
  /** In-flight requests get this long to finish on SIGINT/SIGTERM. */
  shutdownGraceMs: number;
  /** A translated stream that is silent this long gets an SSE `ping`. */
  pingIntervalMs: number;
}

export interface AimuxConfig {
  /** Where the config came from, for messages: a file path or `built-in default`. */
  source: string;
  server: ServerConfig;
  providers: ProviderConfig[];
  routing: RoutingConfig;
}
