import type { ProviderPreset } from './schema';

/** OpenRouter: one key, hundreds of models, each named `vendor/model`. */
export const openrouter = {
  id: 'openrouter',
  name: 'OpenRouter',
  protocol: 'openai',
  baseUrl: 'https://openrouter.ai/api/v1',
  auth: 'bearer',
  keyPattern: { source: '^sk-or-v1-[0-9a-f]{64}$' },
  modelsEndpoint: '/models',
  docsUrl: 'https://openrouter.ai/docs',
  pricingUrl: 'https://openrouter.ai/models',
  checked: '2026-12-02',
  models: [
    {
      id: 'anthropic/claude-sonnet-5',
      name: 'Claude Sonnet 5',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, thinking: true },
    },
    {
      id: 'moonshotai/kimi-k3',
      name: 'Kimi K3',
      contextWindow: 1_048_576,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: true, thinking: true },
    },
    {
      id: 'google/gemini-3.1-pro-preview',
      name: 'Gemini 3.1 Pro Preview',
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: true, thinking: true },
    },
    {
      id: 'openai/gpt-5.4',
      name: 'GPT-5.4',
      contextWindow: 1_050_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, thinking: true },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true },
  quirks: { reasoningField: 'reasoning' },
  notes:
    'Prices are the upstream provider\'s and change often; the live model list (GET /models, no key needed) carries them. ' +
    'OpenRouter may answer 200 with an error object in the body, which aimux counts as a failed attempt.',
} as const satisfies ProviderPreset;
