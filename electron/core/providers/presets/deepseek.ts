import type { PresetModel, ProviderPreset } from './schema';

/** DeepSeek's models, served on both its OpenAI-format and Anthropic-format endpoints. */
export const DEEPSEEK_MODELS = [
  {
    id: 'deepseek-v4-pro',
    name: 'DeepSeek V4 Pro',
    contextWindow: 1_048_576,
    maxOutputTokens: 393_216,
    capabilities: { tools: true, vision: false, thinking: true },
  },
  {
    id: 'deepseek-flash',
    name: 'DeepSeek Flash (V4.1 Flash)',
    contextWindow: 1_048_576,
    maxOutputTokens: 393_216,
    capabilities: { tools: true, vision: true, thinking: true },
  },
] as const satisfies readonly PresetModel[];

export const DEEPSEEK_DOCS = {
  docsUrl: 'https://api-docs.deepseek.com',
  pricingUrl: 'https://api-docs.deepseek.com/quick_start/pricing',
  notes:
    'No price is recorded: DeepSeek bills peak and off-peak hours at different rates and changed its tariff twice in 2026; see the pricing page. ' +
    'deepseek-chat and deepseek-reasoner still answer as aliases of deepseek-flash (thinking off / on); deepseek-v4-flash was retired in September 2026. ' +
    'Keys look like sk- and 32 hex digits, which other providers share, so there is no key pattern.',
} as const;

/** DeepSeek's OpenAI-format endpoint (`https://api.deepseek.com/chat/completions`). */
export const deepseek = {
  id: 'deepseek',
  name: 'DeepSeek',
  protocol: 'openai',
  baseUrl: 'https://api.deepseek.com',
  auth: 'bearer',
  modelsEndpoint: '/models',
  ...DEEPSEEK_DOCS,
  checked: '2026-12-02',
  models: DEEPSEEK_MODELS,
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_048_576 },
  // Thinking mode needs earlier reasoning_content sent back on tool-call turns.
  quirks: { reasoningField: 'reasoning_content', echoReasoning: true },
} as const satisfies ProviderPreset;
