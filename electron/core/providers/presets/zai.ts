import type { PresetModel, ProviderPreset } from './schema';

/** Z.ai's GLM models, served on both its OpenAI-format and Anthropic-format endpoints. */
export const ZAI_MODELS = [
  {
    id: 'glm-5.3',
    name: 'GLM-5.3',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: { tools: true, vision: false, thinking: true },
    pricing: { input: 1.4, output: 4.4, cacheRead: 0.26 },
  },
  {
    id: 'glm-5.3-flash',
    name: 'GLM-5.3-Flash',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: { tools: true, vision: true, thinking: true },
    pricing: { input: 0.15, output: 0.5, cacheRead: 0.03 },
  },
  {
    id: 'glm-5.2',
    name: 'GLM-5.2',
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: { tools: true, vision: false, thinking: true },
    pricing: { input: 1.4, output: 4.4, cacheRead: 0.26 },
  },
  {
    id: 'glm-5.1',
    name: 'GLM-5.1',
    contextWindow: 200_000,
    maxOutputTokens: 128_000,
    capabilities: { tools: true, vision: false, thinking: true },
    pricing: { input: 1.4, output: 4.4, cacheRead: 0.26 },
  },
] as const satisfies readonly PresetModel[];

export const ZAI_DOCS = {
  docsUrl: 'https://docs.z.ai/guides/overview/quick-start',
  pricingUrl: 'https://docs.z.ai/guides/overview/pricing',
} as const;

/** Z.ai (international) pay-as-you-go, OpenAI format. */
export const zai = {
  id: 'zai',
  name: 'Z.ai GLM',
  protocol: 'openai',
  baseUrl: 'https://api.z.ai/api/paas/v4',
  auth: 'bearer',
  modelsEndpoint: '/models',
  ...ZAI_DOCS,
  checked: '2026-12-02',
  models: ZAI_MODELS,
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_000_000 },
  quirks: { reasoningField: 'reasoning_content' },
  notes:
    'GLM Coding Plan subscriptions use https://api.z.ai/api/coding/paas/v4 instead. ' +
    'GLM-5.3 always reasons; only GLM-5.3-Flash among these reads images.',
} as const satisfies ProviderPreset;
