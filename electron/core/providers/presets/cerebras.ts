import type { ProviderPreset } from './schema';

/** Cerebras Inference (wafer-scale, very fast open-weight models). */
export const cerebras = {
  id: 'cerebras',
  name: 'Cerebras',
  protocol: 'openai',
  baseUrl: 'https://api.cerebras.ai/v1',
  auth: 'bearer',
  keyPattern: { source: '^csk-[a-z0-9]{40,}$' },
  modelsEndpoint: '/models',
  docsUrl: 'https://inference-docs.cerebras.ai/models/overview',
  pricingUrl: 'https://www.cerebras.ai/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'gpt-oss-120b',
      name: 'OpenAI gpt-oss-120b',
      contextWindow: 131_072,
      maxOutputTokens: 40_960,
      capabilities: { tools: true, vision: false, thinking: true },
      pricing: { input: 0.35, output: 0.75 },
    },
  ],
  capabilities: { tools: true, vision: false, thinking: true, maxContextTokens: 131_072 },
  notes:
    'The free tier limits context to 65,536 tokens. The model roster is small and changes often ' +
    '(qwen-3.8-27b was listed in late 2026 without published limits); the live model list is authoritative.',
} as const satisfies ProviderPreset;
