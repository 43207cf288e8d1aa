import type { ProviderPreset } from './schema';

/** DeepInfra's OpenAI-compatible endpoint (models named `org/Model`). */
export const deepinfra = {
  id: 'deepinfra',
  name: 'DeepInfra',
  protocol: 'openai',
  baseUrl: 'https://api.deepinfra.com/v1/openai',
  auth: 'bearer',
  modelsEndpoint: '/models',
  docsUrl: 'https://docs.deepinfra.com/chat/overview',
  pricingUrl: 'https://deepinfra.com/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'deepseek-ai/DeepSeek-V4-Flash-0731',
      name: 'DeepSeek V4 Flash (0731)',
      contextWindow: 1_048_576,
      maxOutputTokens: 1_048_576,
      capabilities: { tools: true, vision: false, thinking: true },
      pricing: { input: 0.06, output: 0.18, cacheRead: 0.015 },
    },
    {
      id: 'deepseek-ai/DeepSeek-V4-Pro-0813',
      name: 'DeepSeek V4 Pro (0813)',
      contextWindow: 1_048_576,
      maxOutputTokens: 393_216,
      capabilities: { tools: true, vision: false, thinking: true },
      pricing: { input: 1.3, output: 2.6, cacheRead: 0.1 },
    },
    {
      id: 'moonshotai/Kimi-K3',
      name: 'Kimi K3',
      contextWindow: 1_048_576,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 2.85, output: 14.25, cacheRead: 0.285 },
    },
    {
      id: 'zai-org/GLM-5.2',
      name: 'GLM-5.2',
      contextWindow: 1_048_576,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: false, thinking: true },
      pricing: { input: 0.75, output: 2.4, cacheRead: 0.14 },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_048_576 },
  notes:
    'Keys have no recognisable shape, so there is no key pattern. A card or prepayment is required before any request succeeds. ' +
    'Output limits for DeepSeek V4 Pro, Kimi K3 and GLM-5.2 are the model makers\' (DeepInfra lists only context). ' +
    'An Anthropic-format endpoint exists at https://api.deepinfra.com/anthropic.',
} as const satisfies ProviderPreset;
