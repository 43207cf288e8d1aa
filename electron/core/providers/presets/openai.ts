import type { ProviderPreset } from './schema';

/** OpenAI over Chat Completions (the Responses API is a separate protocol). */
export const openai = {
  id: 'openai',
  name: 'OpenAI',
  protocol: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  auth: 'bearer',
  // Project, service-account and legacy user keys all carry the "T3BlbkFJ" marker.
  keyPattern: { source: '^sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]*T3BlbkFJ[A-Za-z0-9_-]*$' },
  modelsEndpoint: '/models',
  docsUrl: 'https://developers.openai.com/api/docs/models',
  pricingUrl: 'https://developers.openai.com/api/docs/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'gpt-6.2-astra',
      name: 'GPT-6.2 Astra',
      contextWindow: 1_050_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: false, vision: true, thinking: true },
      pricing: { input: 8, output: 40, cacheRead: 0.4 },
    },
    {
      id: 'gpt-6.2-sol',
      name: 'GPT-6.2 Sol',
      contextWindow: 1_050_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: false, vision: true, thinking: true },
      pricing: { input: 2, output: 10 },
    },
    {
      id: 'gpt-6-luna',
      name: 'GPT-6 Luna',
      contextWindow: 1_050_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: false, vision: true, thinking: true },
      pricing: { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 },
    },
    {
      id: 'gpt-5.5',
      name: 'GPT-5.5',
      contextWindow: 1_050_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 5, output: 30, cacheRead: 0.5 },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_050_000 },
  quirks: { maxTokensField: 'max_completion_tokens' },
  notes:
    'GPT-6 models accept function tools only on the Responses API; on Chat Completions a request with tools is refused, ' +
    'so they are marked tools: false here. GPT-6 requests over 272K input tokens cost 2x input and 1.5x output. ' +
    'Reasoning models take max_completion_tokens and reject a non-default temperature while reasoning.',
} as const satisfies ProviderPreset;
