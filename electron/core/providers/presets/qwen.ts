import type { ProviderPreset } from './schema';

/** Qwen on Alibaba Cloud Model Studio (DashScope), international (Singapore) endpoint. */
export const qwen = {
  id: 'qwen',
  name: 'Qwen (Alibaba Cloud Model Studio / DashScope)',
  protocol: 'openai',
  baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  auth: 'bearer',
  modelsEndpoint: '/models',
  docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/models',
  checked: '2026-12-02',
  models: [
    {
      id: 'qwen3.8-max',
      name: 'Qwen3.8 Max',
      contextWindow: 1_000_000,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 2, output: 6 },
    },
    {
      id: 'qwen3.7-plus',
      name: 'Qwen3.7 Plus',
      contextWindow: 1_000_000,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: true, thinking: true },
    },
    {
      id: 'qwen3-coder-plus',
      name: 'Qwen3 Coder Plus',
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: false, thinking: false },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_000_000 },
  quirks: { reasoningField: 'reasoning_content' },
  notes:
    'Qwen3.8 Max runs in thinking mode only and is priced flat across its context; most other Qwen models are priced by input-length tier, so none is recorded for them. ' +
    'Mainland China uses https://dashscope.aliyuncs.com/compatible-mode/v1 (keys are per region). ' +
    'An Anthropic-format endpoint exists at https://dashscope-intl.aliyuncs.com/apps/anthropic.',
} as const satisfies ProviderPreset;
