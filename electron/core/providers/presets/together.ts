import type { ProviderPreset } from './schema';

/** Together AI serverless inference (open-weight models named `org/Model`). */
export const together = {
  id: 'together',
  name: 'Together AI',
  protocol: 'openai',
  baseUrl: 'https://api.together.xyz/v1',
  auth: 'bearer',
  keyPattern: { source: '^tgp_v1_[A-Za-z0-9_-]{20,}$' },
  modelsEndpoint: '/models',
  docsUrl: 'https://docs.together.ai/docs/serverless/models',
  pricingUrl: 'https://www.together.ai/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'zai-org/GLM-5.2',
      name: 'GLM-5.2',
      contextWindow: 262_144,
      maxOutputTokens: 164_000,
      capabilities: { tools: true, vision: false, thinking: true },
    },
    {
      id: 'moonshotai/Kimi-K2.7-Code',
      name: 'Kimi K2.7 Code',
      contextWindow: 262_144,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: false, thinking: true },
    },
    {
      id: 'MiniMaxAI/MiniMax-M3',
      name: 'MiniMax M3',
      contextWindow: 524_288,
      maxOutputTokens: 250_000,
      capabilities: { tools: true, vision: true, thinking: true },
    },
    {
      id: 'deepseek-ai/DeepSeek-V4-Pro',
      name: 'DeepSeek V4 Pro',
      contextWindow: 512_000,
      maxOutputTokens: 384_000,
      capabilities: { tools: true, vision: false, thinking: true },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 524_288 },
  notes:
    'Together serves hosted models with its own (often lower) context limits than the model makers publish; the limits here are Together\'s as of mid-2026. ' +
    'Prices are not recorded: the stored catalog predates the current roster. Older keys are 64 hex digits; newer ones start with tgp_v1_. ' +
    'https://api.together.ai/v1 is the same service.',
} as const satisfies ProviderPreset;
