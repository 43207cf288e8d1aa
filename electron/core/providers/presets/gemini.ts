import type { ProviderPreset } from './schema';

/** Google's Gemini API through its OpenAI-compatible endpoint (AI Studio keys). */
export const gemini = {
  id: 'gemini',
  name: 'Google Gemini (OpenAI-compatible endpoint)',
  protocol: 'openai',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
  auth: 'bearer',
  keyPattern: { source: '^AIza[0-9A-Za-z_-]{35}$' },
  modelsEndpoint: '/models',
  docsUrl: 'https://ai.google.dev/gemini-api/docs/openai',
  pricingUrl: 'https://ai.google.dev/gemini-api/docs/pricing',
  checked: '2026-12-02',
  models: [
    {
      id: 'gemini-3.8-flash',
      name: 'Gemini 3.8 Flash',
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 0.75, output: 3.75, cacheRead: 0.075 },
    },
    {
      id: 'gemini-3.1-pro-preview',
      name: 'Gemini 3.1 Pro Preview',
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 2, output: 12, cacheRead: 0.2 },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_048_576 },
  notes:
    'Gemini 3.8 Flash prices are a promotion through 2026-12-31; from 2027-01-01 they double ($1.50 in, $7.50 out). ' +
    'Gemini 3.1 Pro prices are for prompts up to 200K tokens (longer: $4 in, $18 out). Thinking accepts low, medium and high.',
} as const satisfies ProviderPreset;
