/**
 * The validated, resolved configuration the core runs on.
 *
 * The JSON file (documented in README.md) is checked by `schema.ts` and turned into these types:
 * defaults are filled in, `env:` key references are resolved, and every route target is parsed
 * into `{ providerId, model }`. Nothing downstream re-validates.
 */

import type { ConfigDoc } from '../../../shared/config/schema';
import type { BreakerSettingsView } from '../../../shared/health';
import type { AuthStyle, ProviderProtocol, RequestClass, RouteStrategy, SecretScanMode } from '../../../shared/config/defaults';

/** Wire protocol a provider speaks (`synthetic` is the built-in, in-process provider), its auth header style. */
export type { AuthStyle, ProviderProtocol, RequestClass, RouteStrategy, SecretScanMode };
export { REQUEST_CLASSES } from '../../../shared/config/defaults';

/** Client-facing protocol of an incoming request: Anthropic Messages, OpenAI Chat Completions, OpenAI Responses. */
export type ClientProtocol = 'anthropic' | 'openai' | 'responses';


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
  /**
   * Runs Anthropic server tools (`web_search_…`, `web_fetch_…`): a request offering one goes only to targets
   * with this set. Default true for anthropic, false for openai and synthetic.
   */
  webSearch: boolean;
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
   * `<think>…</think>` / `<thinking>…</thinking>` at the start of text output becomes a thinking block
   * (translate/normalize/). Default true for openai, false for anthropic (whose answers then stay raw passthrough).
   */
  thinkTags: boolean;
  /**
   * Tool calls written as text (`<tool_call>…</tool_call>`, fenced JSON) become tool_use blocks when the request
   * offered a tool of that name. Default false.
   */
  textToolCalls: boolean;
  /** JSON-schema keywords the provider rejects, removed from tool schemas before sending (e.g. `$schema`). Default []. */
  stripSchemaKeywords: string[];
  /**
   * The provider can stream. aimux then asks it for a stream for every request, non-streaming ones
   * included, and assembles the client's answer, so `firstByteMs` and `idleMs` guard both kinds.
   * false: non-streaming client requests go upstream non-streaming, bounded by `timeouts.responseMs`.
   */
  streaming: boolean;
}

/** Circuit breaker thresholds of one provider, as `/health` shows them (shared/health.ts explains each). */
export type ProviderBreakerConfig = BreakerSettingsView;

export interface ApiKey {
  /**
   * Stable, non-secret identifier, used in logs, events and metrics: `<providerId>#<account suffix>`
   * for keys in the secret store, `<providerId>#<index>` for env references and literal keys.
   */
  id: string;
  /** Non-secret hint for people: `sk-…a1b2`. */
  hint: string;
  /** The secret. Never logged, never put in an error message or an event. */
  value: string;
  /** Where the value came from; `ref` is the non-secret reference (`env:NAME`, `keychain:<account>`). */
  source?: 'env' | 'keychain' | 'literal';
  ref?: string;
}

/** What aimux knows about one model (from its preset, overridden by the provider's `modelInfo`). */
export interface ModelInfo {
  contextWindow?: number;
  maxOutputTokens?: number;
  /** USD per million tokens. */
  pricing?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  /** What this model can do, where it differs from the provider (a model without tools on a host that has them). */
  capabilities?: { tools?: boolean; vision?: boolean; thinking?: boolean };
}

export interface ProviderConfig {
  id: string;
  /** Display name (the preset's, or the id). */
  name?: string;
  /** The preset this provider was built from. */
  preset?: string;
  protocol: ProviderProtocol;
  /** Without trailing slash. Empty for `synthetic`. */
  baseUrl: string;
  /** Fixed query parameters added to every upstream request (Azure's `api-version`). */
  query?: Readonly<Record<string, string>>;
  /** Per-model limits and prices, by model id. */
  modelInfo?: Readonly<Record<string, ModelInfo>>;
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


export interface TargetList {
  targets: Target[];
  strategy: RouteStrategy;
}


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
  /** Responses API: how many recent responses are kept in memory for `previous_response_id` (0 = none). */
  responseStoreSize: number;
  /** Web page origins allowed to call the proxy routes from a browser (exact `scheme://host[:port]`). */
  allowedOrigins: readonly string[];
  limits: ServerLimits;
}

/** Bounds on client connections (server/http-server.ts); they apply when the server starts. */
export interface ServerLimits {
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  /** 0 = unlimited. */
  maxRequestsPerConnection: number;
}

export interface SecurityConfig {
  /** What the outgoing secret scan does (security/secret-scan.ts). */
  secretScan: SecretScanMode;
}

export interface ObservabilityConfig {
  /** Metrics, the request log and live request events; false: none are kept (the audit log still is). */
  enabled: boolean;
  requestLog: { maxRows: number; maxAgeDays: number };
  /** Debug capture: request and response bodies, redacted and capped, in the request log. */
  captureBodies: boolean;
  captureMaxBytes: number;
}

export interface AimuxConfig {
  /** Where the config came from, for messages: a file path or `built-in default`. */
  source: string;
  /** The document as written (current version, validated, defaults not filled in): what the API edits and saves. */
  doc: ConfigDoc;
  /** Set when the file was in an older format (migrated in memory, written in the new form on the next save). */
  migratedFrom?: number;
  server: ServerConfig;
  security: SecurityConfig;
  providers: ProviderConfig[];
  routing: RoutingConfig;
  observability: ObservabilityConfig;
}
