import { BREAKER_DEFAULTS } from '../routing/retry-policy';
import type { ProviderBreakerConfig, ProviderCapabilities, ProviderQuirks, ProviderTimeouts, ServerConfig } from './types';

/** Every configuration default in one table. README.md documents the same values. */
export const CONFIG_DEFAULTS = {
  server: {
    host: '127.0.0.1',
    port: 4141,
    maxBodyBytes: 32 * 1024 * 1024,
    shutdownGraceMs: 10_000,
    pingIntervalMs: 10_000,
  } satisfies ServerConfig,
  provider: {
    enabled: true,
    weight: 1,
    maxConcurrent: 0,
    queueSize: 8,
    timeouts: { connectMs: 10_000, firstByteMs: 60_000, idleMs: 120_000, responseMs: 300_000 } satisfies ProviderTimeouts,
    quirks: { reasoningField: 'reasoning_content', echoReasoning: false, maxTokensField: 'max_tokens', streaming: true } satisfies ProviderQuirks,
    breaker: BREAKER_DEFAULTS satisfies ProviderBreakerConfig,
  },
  routing: {
    longContextThreshold: 60_000,
    sessionAffinity: true,
    maxAttempts: 6,
    deadlineMs: 300_000,
  },
} as const;

export function defaultCapabilities(protocol: 'anthropic' | 'openai' | 'synthetic'): ProviderCapabilities {
  return { tools: true, vision: true, thinking: protocol !== 'openai', maxContextTokens: 0 };
}

/** The built-in provider a first `aimux serve` answers from. */
export const SYNTHETIC_PROVIDER_ID = 'synthetic';
export const SYNTHETIC_MODELS = ['synthetic-1'] as const;
