import type { ProviderPreset } from './schema';

/** GroqCloud (LPU inference), OpenAI-compatible. */
export const groq = {
  id: 'groq',
  name: 'Groq',
  protocol: 'openai',
  baseUrl: 'https://api.groq.com/openai/v1',
  auth: 'bearer',
  keyPattern: { source: '^gsk_[A-Za-z0-9]{52}$' },
  modelsEndpoint: '/models',
  docsUrl: 'https://console.groq.com/docs/models',
  pricingUrl: 'https://groq.com/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'openai/gpt-oss-120b',
      name: 'OpenAI gpt-oss-120b',
      contextWindow: 131_072,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: false, thinking: true },
    },
    {
      id: 'openai/gpt-oss-20b',
      name: 'OpenAI gpt-oss-20b',
      contextWindow: 131_072,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: false, thinking: true },
    },
  ],
  capabilities: { tools: true, vision: false, thinking: true, maxContextTokens: 131_072 },
  // With reasoning_format "parsed" (the default for these models) Groq returns message.reasoning.
  quirks: { reasoningField: 'reasoning' },
  notes:
    'The Llama 3.x, Gemma 2 and Mixtral models were retired in August 2026. qwen/qwen3.8-27b (131K context) is the only ' +
    'vision model; its output limit is not published, so it is not listed. Prices are not recorded: the stored pricing page is out of date.',
} as const satisfies ProviderPreset;
