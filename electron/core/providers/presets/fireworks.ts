import type { ProviderPreset } from './schema';

/** Fireworks AI serverless inference (models named `accounts/fireworks/models/<id>`). */
export const fireworks = {
  id: 'fireworks',
  name: 'Fireworks AI',
  protocol: 'openai',
  baseUrl: 'https://api.fireworks.ai/inference/v1',
  auth: 'bearer',
  keyPattern: { source: '^fw_[A-Za-z0-9]{20,}$' },
  modelsEndpoint: '/models',
  docsUrl: 'https://docs.fireworks.ai',
  pricingUrl: 'https://docs.fireworks.ai/serverless/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'accounts/fireworks/models/kimi-k3',
      name: 'Kimi K3',
      contextWindow: 1_048_576,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: true, thinking: true },
    },
    {
      id: 'accounts/fireworks/models/glm-5p3',
      name: 'GLM-5.3',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: false, thinking: true },
    },
    {
      id: 'accounts/fireworks/models/gpt-oss-120b',
      name: 'OpenAI gpt-oss-120b',
      contextWindow: 131_072,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: false, thinking: true },
      pricing: { input: 0.15, output: 0.6, cacheRead: 0.015 },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_048_576 },
  notes:
    'Limits are the model makers\' published ones (Kimi K3 output capped at its 131,072 default); Fireworks may deploy a model with less. ' +
    'Prices for Kimi K3 and GLM-5.3 were not in the stored pricing page. Models on the roster are sometimes "not deployed" (404): check the live list.',
} as const satisfies ProviderPreset;
