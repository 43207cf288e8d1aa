import type { ProviderPreset } from './schema';
import { ZAI_DOCS, ZAI_MODELS } from './zai';

/** Z.ai's Anthropic-format endpoint, the one its Claude Code guide uses (ANTHROPIC_AUTH_TOKEN: bearer). */
export const zaiAnthropic = {
  id: 'zai-anthropic',
  name: 'Z.ai GLM (Anthropic endpoint)',
  protocol: 'anthropic',
  baseUrl: 'https://api.z.ai/api/anthropic',
  auth: 'bearer',
  ...ZAI_DOCS,
  checked: '2026-12-02',
  models: ZAI_MODELS,
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 1_000_000 },
  notes: 'Serves both pay-as-you-go and GLM Coding Plan keys.',
} as const satisfies ProviderPreset;
