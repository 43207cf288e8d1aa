import type { ProviderPreset } from './schema';

/** Mistral AI (La Plateforme). */
export const mistral = {
  id: 'mistral',
  name: 'Mistral',
  protocol: 'openai',
  baseUrl: 'https://api.mistral.ai/v1',
  auth: 'bearer',
  modelsEndpoint: '/models',
  docsUrl: 'https://docs.mistral.ai/getting-started/models/',
  pricingUrl: 'https://mistral.ai/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'mistral-medium-2604',
      name: 'Mistral Medium 3.5',
      contextWindow: 262_144,
      maxOutputTokens: 262_144,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 1.5, output: 7.5 },
    },
    {
      id: 'devstral-2512',
      name: 'Devstral 2',
      contextWindow: 262_144,
      maxOutputTokens: 262_144,
      capabilities: { tools: true, vision: false, thinking: false },
      pricing: { input: 0.4, output: 2 },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 262_144 },
  notes:
    'Mistral Medium 3.5 (alias mistral-medium-latest) merges the Medium, Magistral and Devstral lines and is the recommended coding model; ' +
    'Devstral 2 remains available. Mistral publishes no separate output limit, so it is the context window. Keys have no recognisable shape.',
} as const satisfies ProviderPreset;
