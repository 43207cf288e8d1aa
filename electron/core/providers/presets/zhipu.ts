import type { ProviderPreset } from './schema';

/** Zhipu BigModel, the mainland-China platform for the GLM models (keys are not interchangeable with Z.ai's). */
export const zhipu = {
  id: 'zhipu',
  name: 'Zhipu BigModel',
  protocol: 'openai',
  baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
  auth: 'bearer',
  modelsEndpoint: '/models',
  docsUrl: 'https://docs.bigmodel.cn',
  pricingUrl: 'https://open.bigmodel.cn/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'glm-5.3',
      name: 'GLM-5.3',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: false, thinking: true },
    },
    {
      id: 'glm-5.2',
      name: 'GLM-5.2',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: false, thinking: true },
    },
    {
      id: 'glm-5.1',
      name: 'GLM-5.1',
      contextWindow: 200_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: false, thinking: true },
    },
  ],
  capabilities: { tools: true, vision: false, thinking: true, maxContextTokens: 1_000_000 },
  quirks: { reasoningField: 'reasoning_content' },
  notes:
    'Prices are published in CNY only, so none are recorded. The Anthropic-format endpoint is https://open.bigmodel.cn/api/anthropic; ' +
    'the GLM Coding Plan uses https://open.bigmodel.cn/api/coding/paas/v4.',
} as const satisfies ProviderPreset;
