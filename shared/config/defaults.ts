/**
 * Every configuration default in one table. The zod schema (schema.ts) publishes them in the JSON
 * Schema, the core fills them in, the dashboard shows them as placeholders; README.md documents them.
 */

export const CONFIG_VERSION = 2;

export const REQUEST_CLASSES = ['default', 'background', 'thinking', 'vision', 'longContext', 'webSearch'] as const;
export type RequestClass = (typeof REQUEST_CLASSES)[number];

/** `openai-responses`: OpenAI's Responses API (`{baseUrl}/responses`), for Responses clients (passthrough). */
export const PROVIDER_PROTOCOLS = ['anthropic', 'openai', 'openai-responses', 'synthetic'] as const;
export type ProviderProtocol = (typeof PROVIDER_PROTOCOLS)[number];

export const AUTH_STYLES = ['x-api-key', 'bearer', 'api-key'] as const;
export type AuthStyle = (typeof AUTH_STYLES)[number];

export const SECRET_SCAN_MODES = ['off', 'warn', 'redact'] as const;
export type SecretScanMode = (typeof SECRET_SCAN_MODES)[number];

export const ROUTE_STRATEGIES = ['failover', 'round-robin', 'weighted', 'least-latency', 'least-busy'] as const;
export type RouteStrategy = (typeof ROUTE_STRATEGIES)[number];

export const CONFIG_DEFAULTS = {
  server: {
    host: '127.0.0.1',
    port: 4141,
    maxBodyBytes: 32 * 1024 * 1024,
    shutdownGraceMs: 10_000,
    pingIntervalMs: 10_000,
    /** Responses API: recent responses kept in memory for `previous_response_id` (0 = none). */
    responseStoreSize: 200,
    /** Web pages (exact `scheme://host[:port]`) allowed to call the proxy routes from a browser; none by default. */
    allowedOrigins: [] as readonly string[],
    /** Bounds on client connections against floods and slowloris (SECURITY.md); they apply on restart. */
    limits: {
      maxHeaderBytes: 32 * 1024,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 300_000,
      idleTimeoutMs: 30_000,
      maxConnections: 256,
      maxRequestsPerConnection: 1000,
    },
  },
  security: {
    /** Secrets found in what is sent upstream: `off`, `warn` (recorded in the request log), `redact` (replaced before sending). */
    secretScan: 'warn' as SecretScanMode,
  },
  provider: {
    enabled: true,
    weight: 1,
    maxConcurrent: 0,
    queueSize: 8,
    timeouts: { connectMs: 10_000, firstByteMs: 60_000, idleMs: 120_000, responseMs: 300_000 },
    quirks: {
      reasoningField: 'reasoning_content',
      echoReasoning: false,
      maxTokensField: 'max_tokens',
      textToolCalls: false,
      stripSchemaKeywords: [] as string[],
      streaming: true,
    },
    /** Circuit breaker thresholds (routing/circuit-breaker.ts explains each). */
    breaker: {
      /** Consecutive failures that open the breaker. */
      failureThreshold: 5,
      /** Failure ratio in the window that opens the breaker (with at least `minSamples` outcomes). */
      errorRateThreshold: 0.5,
      windowMs: 60_000,
      minSamples: 10,
      /** Open → half-open after this long. */
      cooldownMs: 30_000,
      /** Concurrent probe requests allowed while half-open. */
      halfOpenMaxProbes: 1,
      /** Successful probes that close it again. */
      halfOpenSuccessesToClose: 2,
    },
  },
  routing: {
    longContextThreshold: 60_000,
    sessionAffinity: true,
    maxAttempts: 6,
    deadlineMs: 300_000,
  },
  observability: {
    enabled: true,
    requestLog: { maxRows: 100_000, maxAgeDays: 30 },
    captureBodies: false,
    captureMaxBytes: 64 * 1024,
  },
} as const;

/** Capabilities a provider is assumed to have unless its preset or config says otherwise. */
export function defaultCapabilities(protocol: ProviderProtocol): {
  tools: boolean;
  vision: boolean;
  thinking: boolean;
  maxContextTokens: number;
  webSearch: boolean;
} {
  return { tools: true, vision: true, thinking: protocol !== 'openai', maxContextTokens: 0, webSearch: protocol === 'anthropic' };
}

/**
 * Quirk defaults. `thinkTags` is on for openai providers (self-hosted reasoning models write `<think>` into the
 * text) and off for anthropic ones, whose answers then pass through byte for byte.
 */
export function defaultQuirks(protocol: ProviderProtocol) {
  const d = CONFIG_DEFAULTS.provider.quirks;
  return { ...d, stripSchemaKeywords: [...d.stripSchemaKeywords], thinkTags: protocol === 'openai' };
}

/** Default auth header style per protocol. */
export function defaultAuth(protocol: ProviderProtocol): AuthStyle {
  return protocol === 'anthropic' ? 'x-api-key' : 'bearer';
}

/** The built-in provider a first `aimux serve` answers from. */
export const SYNTHETIC_PROVIDER_ID = 'synthetic';
export const SYNTHETIC_MODELS = ['synthetic-1'] as const;

/** `provider/model`, split at the first `/` (model ids may contain `/`). */
export function parseTarget(s: string): { providerId: string; model: string } | undefined {
  const slash = s.indexOf('/');
  if (slash <= 0 || slash === s.length - 1) return undefined;
  return { providerId: s.slice(0, slash), model: s.slice(slash + 1) };
}

/** `sk-ant-…a1b2`: enough for a person to tell keys apart, useless to anyone else. */
export function keyHint(value: string): string {
  if (value.length >= 16) return `${value.slice(0, 3)}…${value.slice(-4)}`;
  if (value.length >= 8) return `…${value.slice(-2)}`;
  return '…';
}
