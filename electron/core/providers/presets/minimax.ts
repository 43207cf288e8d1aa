import type { ProviderPreset } from './schema';

/** MiniMax (international platform) over its recommended Anthropic-format endpoint. */
export const minimax = {
  id: 'minimax',
  name: 'MiniMax',
  protocol: 'anthropic',
  baseUrl: 'https://api.minimax.io/anthropic',
  auth: 'x-api-key',
  docsUrl: 'https://platform.minimax.io/docs/guides/quickstart',
  pricingUrl: 'https://platform.minimax.io/docs/guides/pricing-paygo',
  checked: '2026-12-02',
  models: [
    {
      id: 'MiniMax-M3',
      name: 'MiniMax M3',
      contextWindow: 1_000_000,
      maxOutputTokens: 524_288,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 0.3, output: 1.2, cacheRead: 0.06 },
    },
    {
      id: 'MiniMax-M2.7',
      name: 'MiniMax M2.7',
      contextWindow: 204_800,
      maxOutputTokens: 204_800,
      capabilities: { tools: true, vision: false, thinking: true },
      pricing: { input: 0.3, output: 1.2, cacheRead: 0.06, cacheWrite: 0.375 },
    },
    {
      id: 'MiniMax-M2.7-highspeed',
      name: 'MiniMax M2.7 Highspeed',
      contextWindow: 204_800,
      maxOutputTokens: 204_800,
      capabilities: { tools: true, vision: false, thinking: true },
      pricing: { input: 0.6, output: 2.4, cacheRead: 0.06, cacheWrite: 0.375 },
    },
  ],
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_000_000 },
  notes:
    'MiniMax-M3 prices are for requests up to 512K input tokens; longer requests cost 2x. ' +
    'The OpenAI-format endpoint is https://api.minimax.io/v1; accounts registered in China use api.minimaxi.com. ' +
    'Token Plan subscription keys are not interchangeable with pay-as-you-go keys.',
} as const satisfies ProviderPreset;
