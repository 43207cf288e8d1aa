/**
 * The provider presets: one pure-data file per provider, validated against `schema.ts` by the
 * tests (nothing is parsed at import time). A config provider will name one with
 * `"preset": "<id>"` and override any field. `docs/presets.md` is generated from this list.
 */
import { anthropic } from './anthropic';
import { anthropicCompatible } from './anthropic-compatible';
import { azureOpenai } from './azure-openai';
import { cerebras } from './cerebras';
import { deepinfra } from './deepinfra';
import { deepseek } from './deepseek';
import { deepseekAnthropic } from './deepseek-anthropic';
import { fireworks } from './fireworks';
import { gemini } from './gemini';
import { groq } from './groq';
import { keyMatchesPattern } from './key-pattern';
import { lmstudio } from './lmstudio';
import { minimax } from './minimax';
import { mistral } from './mistral';
import { moonshot } from './moonshot';
import { ollama } from './ollama';
import { openai } from './openai';
import { openaiCompatible } from './openai-compatible';
import { openrouter } from './openrouter';
import { qwen } from './qwen';
import type { ProviderPreset } from './schema';
import { synthetic } from './synthetic';
import { together } from './together';
import { xai } from './xai';
import { zai } from './zai';
import { zaiAnthropic } from './zai-anthropic';
import { zhipu } from './zhipu';

export { baseUrlPlaceholders, fillBaseUrl } from './base-url';
export { compileKeyPattern, keyMatchesPattern } from './key-pattern';
export { providerPresetSchema } from './schema';
export type { KeyPattern, ModelPricing, PresetAuthStyle, PresetModel, PresetParam, PresetProtocol, PresetQuirks, ProviderPreset } from './schema';

/** Every preset, in a stable order: hosted providers by popularity with coding agents, then local, generic, built-in. */
export const PROVIDER_PRESETS: readonly ProviderPreset[] = Object.freeze([
  anthropic,
  openai,
  openrouter,
  deepseek,
  deepseekAnthropic,
  zai,
  zaiAnthropic,
  zhipu,
  minimax,
  moonshot,
  qwen,
  cerebras,
  groq,
  together,
  fireworks,
  deepinfra,
  mistral,
  xai,
  gemini,
  azureOpenai,
  ollama,
  lmstudio,
  openaiCompatible,
  anthropicCompatible,
  synthetic,
]);

export function findPreset(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}

/**
 * Presets whose id, name, or a model's id or name contains the query, case-insensitively, in
 * `PROVIDER_PRESETS` order. An empty (or blank) query returns every preset.
 */
export function searchPresets(query: string): readonly ProviderPreset[] {
  const q = query.trim().toLowerCase();
  if (q === '') return PROVIDER_PRESETS;
  const has = (s: string | undefined) => s !== undefined && s.toLowerCase().includes(q);
  return PROVIDER_PRESETS.filter((p) => has(p.id) || has(p.name) || p.models.some((m) => has(m.id) || has(m.name)));
}

/**
 * Presets whose key pattern the key matches: for a warning such as "this looks like an OpenAI
 * key" when it is added to another provider. Never a refusal; the key is neither kept nor reported.
 */
export function presetsMatchingKey(key: string): readonly ProviderPreset[] {
  return PROVIDER_PRESETS.filter((p) => p.keyPattern !== undefined && keyMatchesPattern(key, p.keyPattern));
}
