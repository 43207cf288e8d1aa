import type { ProviderPreset } from './schema';

/** Any other server that speaks the Anthropic Messages API (the ANTHROPIC_BASE_URL convention). */
export const anthropicCompatible = {
  id: 'anthropic-compatible',
  name: 'Anthropic-compatible (custom)',
  protocol: 'anthropic',
  baseUrl: '{baseUrl}',
  params: [{ name: 'baseUrl', label: 'Base URL (the value you would give ANTHROPIC_BASE_URL, before /v1/messages)', example: 'https://llm.example.com/anthropic' }],
  auth: 'x-api-key',
  docsUrl: 'https://platform.claude.com/docs/en/api/messages',
  checked: '2026-12-02',
  models: [],
  notes: 'Servers that document ANTHROPIC_AUTH_TOKEN rather than ANTHROPIC_API_KEY expect the bearer auth style.',
} as const satisfies ProviderPreset;
