import { DEEPSEEK_DOCS, DEEPSEEK_MODELS } from './deepseek';
import type { ProviderPreset } from './schema';

/** DeepSeek's Anthropic-format endpoint (`https://api.deepseek.com/anthropic/v1/messages`). */
export const deepseekAnthropic = {
  id: 'deepseek-anthropic',
  name: 'DeepSeek (Anthropic endpoint)',
  protocol: 'anthropic',
  baseUrl: 'https://api.deepseek.com/anthropic',
  auth: 'x-api-key',
  ...DEEPSEEK_DOCS,
  checked: '2026-12-02',
  models: DEEPSEEK_MODELS,
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_048_576 },
} as const satisfies ProviderPreset;
