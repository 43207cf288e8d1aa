import type { ProviderPreset } from './schema';

/** A local LM Studio server (OpenAI-compatible endpoint on its default port). */
export const lmstudio = {
  id: 'lmstudio',
  name: 'LM Studio',
  protocol: 'openai',
  baseUrl: 'http://127.0.0.1:1234/v1',
  auth: 'none',
  modelsEndpoint: '/models',
  docsUrl: 'https://lmstudio.ai/docs/developer/openai-compat/chat-completions',
  checked: '2026-12-02',
  models: [],
  local: true,
  notes: 'Start the server in LM Studio (Developer tab, or lms server start); the live model list shows the models you have downloaded. No key is needed.',
} as const satisfies ProviderPreset;
