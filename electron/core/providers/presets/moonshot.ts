import type { ProviderPreset } from './schema';

/** Moonshot AI's Kimi API (platform.kimi.ai, international). */
export const moonshot = {
  id: 'moonshot',
  name: 'Moonshot Kimi',
  protocol: 'openai',
  baseUrl: 'https://api.moonshot.ai/v1',
  auth: 'bearer',
  modelsEndpoint: '/models',
  docsUrl: 'https://platform.kimi.ai/docs/models',
  pricingUrl: 'https://platform.kimi.ai/docs/pricing/chat',
  checked: '2026-12-02',
  models: [
    {
      id: 'kimi-k3',
      name: 'Kimi K3',
      contextWindow: 1_048_576,
      maxOutputTokens: 1_048_576,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3 },
    },
    {
      id: 'kimi-k2.6',
      name: 'Kimi K2.6',
      contextWindow: 262_144,
      maxOutputTokens: 262_144,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 0.95, output: 4, cacheRead: 0.16 },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_048_576 },
  // Thinking models want their earlier reasoning_content back on tool-call turns.
  quirks: { reasoningField: 'reasoning_content', echoReasoning: true },
  notes:
    'Kimi K3 always thinks, is unlocked after a first top-up, and defaults max_completion_tokens to 131072. ' +
    'Its cache write price is for a 5-minute TTL (1 hour: $6). Keys from other regional Kimi platforms are rejected here. ' +
    'An Anthropic-format endpoint exists at https://api.moonshot.ai/anthropic.',
} as const satisfies ProviderPreset;
