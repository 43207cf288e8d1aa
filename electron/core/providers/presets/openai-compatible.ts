import type { ProviderPreset } from './schema';

/** Any other server that speaks OpenAI Chat Completions: vLLM, llama.cpp, LiteLLM, a company gateway... */
export const openaiCompatible = {
  id: 'openai-compatible',
  name: 'OpenAI-compatible (custom)',
  protocol: 'openai',
  baseUrl: '{baseUrl}',
  params: [{ name: 'baseUrl', label: 'Base URL (the part before /chat/completions, usually ending in /v1)', example: 'https://llm.example.com/v1' }],
  auth: 'bearer',
  modelsEndpoint: '/models',
  docsUrl: 'https://platform.openai.com/docs/api-reference/chat',
  checked: '2026-12-02',
  models: [],
  notes: 'Set the model ids your server serves; the live model list (GET /models) shows them when the server has one.',
} as const satisfies ProviderPreset;
