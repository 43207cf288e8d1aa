import type { ProviderPreset } from './schema';

/** xAI's Grok API. */
export const xai = {
  id: 'xai',
  name: 'xAI',
  protocol: 'openai',
  baseUrl: 'https://api.x.ai/v1',
  auth: 'bearer',
  keyPattern: { source: '^xai-[A-Za-z0-9_]{40,}$' },
  modelsEndpoint: '/models',
  docsUrl: 'https://docs.x.ai/developers/grok-4-6',
  pricingUrl: 'https://docs.x.ai/docs/models',
  checked: '2026-12-02',
  models: [
    {
      id: 'grok-4.6',
      name: 'Grok 4.6',
      contextWindow: 500_000,
      maxOutputTokens: 500_000,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 2, output: 6 },
    },
    {
      id: 'grok-4.3',
      name: 'Grok 4.3',
      contextWindow: 1_000_000,
      maxOutputTokens: 30_000,
      capabilities: { tools: true, vision: true, thinking: true },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_000_000 },
  notes:
    'Grok 4.6 has no separate output limit (bounded by its context); input over 204,800 tokens is billed at twice the rate. ' +
    'Set the x-grok-conv-id header per conversation for reliable prompt-cache hits. grok-4.3 price not recorded (not in the stored docs).',
} as const satisfies ProviderPreset;
