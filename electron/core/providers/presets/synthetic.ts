import type { ProviderPreset } from './schema';

/** The built-in, in-process provider (config/defaults.ts): no network, no key, both protocols. */
export const synthetic = {
  id: 'synthetic',
  name: 'Synthetic (built-in)',
  protocol: 'synthetic',
  baseUrl: '',
  auth: 'none',
  docsUrl: 'README.md#the-synthetic-provider',
  checked: '2026-12-02',
  models: [
    {
      id: 'synthetic-1',
      name: 'Synthetic 1',
      // Nominal: the synthetic provider has no limits of its own.
      contextWindow: 1_000_000,
      maxOutputTokens: 1_000_000,
      capabilities: { tools: true, vision: true, thinking: true },
      pricing: { input: 0, output: 0 },
    },
  ],
  // maxContextTokens 0 = unknown: never skipped for size, as the core's default for it.
  capabilities: { tools: true, vision: true, thinking: true, maxContextTokens: 0 },
  local: true,
  notes: 'Answers deterministically from the request (quotes, tool calls, reasoning blocks); the default with no config and a test double.',
} as const satisfies ProviderPreset;
