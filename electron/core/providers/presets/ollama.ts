import type { ProviderPreset } from './schema';

/** A local Ollama server (OpenAI-compatible endpoint on its default port). */
export const ollama = {
  id: 'ollama',
  name: 'Ollama',
  protocol: 'openai',
  baseUrl: 'http://127.0.0.1:11434/v1',
  auth: 'none',
  modelsEndpoint: '/models',
  docsUrl: 'https://docs.ollama.com/openai',
  checked: '2026-12-02',
  models: [],
  local: true,
  notes:
    'Models are whatever you have pulled (ollama pull <model>); the live model list shows them. Ollama\'s default context ' +
    'is small: raise num_ctx (or OLLAMA_CONTEXT_LENGTH) for coding agents. No key is needed.',
} as const satisfies ProviderPreset;
