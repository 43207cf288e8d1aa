import type { ProviderPreset } from './schema';

/** Anthropic's own API. Prices: base input, 5-minute cache write, cache hit, output. */
export const anthropic = {
  id: 'anthropic',
  name: 'Anthropic',
  protocol: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  auth: 'x-api-key',
  keyPattern: { source: '^sk-ant-[A-Za-z0-9_-]{20,}$' },
  modelsEndpoint: '/v1/models',
  docsUrl: 'https://platform.claude.com/docs/en/about-claude/models/overview',
  pricingUrl: 'https://platform.claude.com/docs/en/about-claude/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'claude-fable-5-2',
      name: 'Claude Fable 5.2',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 8, output: 40, cacheRead: 0.2, cacheWrite: 10 },
    },
    {
      id: 'claude-opus-5-5',
      name: 'Claude Opus 5.5',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5 },
    },
    {
      id: 'claude-sonnet-5-5',
      name: 'Claude Sonnet 5.5',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 },
    },
    {
      id: 'claude-haiku-5-5',
      name: 'Claude Haiku 5.5',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_000_000 },
  notes:
    'Claude Haiku 5.5 prices are for prompts up to 100,000 tokens; a longer prompt is billed at 5x on every token of that request. ' +
    'Fable always thinks (adaptive thinking cannot be disabled); since Opus 4.7 and Sonnet 5, Claude models reject a non-default temperature, top_p or top_k.',
} as const satisfies ProviderPreset;
