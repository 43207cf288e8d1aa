import { describe, expect, it } from 'vitest';
import {
  baseUrlPlaceholders,
  compileKeyPattern,
  fillBaseUrl,
  findPreset,
  PROVIDER_PRESETS,
  presetsMatchingKey,
  providerPresetSchema,
  searchPresets,
  type ProviderPreset,
} from '../../../electron/core/providers/presets/index';

/** The providers issue 15 names; each must have a preset under this id. */
const REQUIRED_IDS = [
  'anthropic',
  'openai',
  'openrouter',
  'deepseek',
  'deepseek-anthropic',
  'zai',
  'zai-anthropic',
  'zhipu',
  'minimax',
  'moonshot',
  'qwen',
  'cerebras',
  'groq',
  'together',
  'fireworks',
  'deepinfra',
  'mistral',
  'xai',
  'gemini',
  'azure-openai',
  'ollama',
  'lmstudio',
  'openai-compatible',
  'anthropic-compatible',
  'synthetic',
];

/** Deterministic filler so sample keys are stable and never contain another provider's marker by chance. */
function filler(length: number, alphabet: string, seed: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const URLSAFE = `${ALNUM}_-`;

/** A made-up key in the documented shape of each provider whose keys have one. */
const SAMPLE_KEYS: Record<string, string> = {
  anthropic: `sk-ant-api03-${filler(93, URLSAFE, 1)}AA`,
  openai: `sk-proj-${filler(74, URLSAFE, 2)}T3BlbkFJ${filler(74, URLSAFE, 3)}`,
  openrouter: `sk-or-v1-${filler(64, '0123456789abcdef', 4)}`,
  cerebras: `csk-${filler(48, 'abcdefghijklmnopqrstuvwxyz0123456789', 5)}`,
  groq: `gsk_${filler(52, ALNUM, 6)}`,
  together: `tgp_v1_${filler(43, URLSAFE, 7)}`,
  fireworks: `fw_${filler(24, ALNUM, 8)}`,
  xai: `xai-${filler(80, ALNUM, 9)}`,
  gemini: `AIzaSy${filler(33, URLSAFE, 10)}`,
};

const withPattern = PROVIDER_PRESETS.filter((p): p is ProviderPreset & { keyPattern: NonNullable<ProviderPreset['keyPattern']> } => p.keyPattern !== undefined);

function exampleValues(p: ProviderPreset): Record<string, string> {
  return Object.fromEntries((p.params ?? []).map((x) => [x.name, x.example ?? 'example']));
}

describe('provider presets', () => {
  it.each(PROVIDER_PRESETS.map((p) => [p.id, p] as const))('%s validates against the preset schema', (_id, preset) => {
    const result = providerPresetSchema.safeParse(preset);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('has unique ids and every provider the issue names', () => {
    const ids = PROVIDER_PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(REQUIRED_IDS.filter((id) => !ids.includes(id))).toEqual([]);
    expect(ids.length).toBeGreaterThanOrEqual(24);
  });

  it('keeps a stable order and an immutable list', () => {
    expect(PROVIDER_PRESETS.slice(0, 3).map((p) => p.id)).toEqual(['anthropic', 'openai', 'openrouter']);
    expect(PROVIDER_PRESETS.at(-1)!.id).toBe('synthetic');
    expect(Object.isFrozen(PROVIDER_PRESETS)).toBe(true);
  });

  it('every hosted preset records its docs, the check date, and models with sane limits', () => {
    for (const p of PROVIDER_PRESETS) {
      expect(p.checked, p.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const m of p.models) {
        expect(m.contextWindow, `${p.id}/${m.id}`).toBeGreaterThan(0);
        expect(m.maxOutputTokens, `${p.id}/${m.id}`).toBeGreaterThan(0);
        expect(m.maxOutputTokens, `${p.id}/${m.id}`).toBeLessThanOrEqual(m.contextWindow);
      }
      if (!p.local && !p.params && p.protocol !== 'synthetic') expect(p.models.length, p.id).toBeGreaterThanOrEqual(1);
    }
  });

  it('base URLs are http(s) URLs without query or trailing slash once placeholders are filled in', () => {
    for (const p of PROVIDER_PRESETS) {
      if (p.protocol === 'synthetic') {
        expect(p.baseUrl).toBe('');
        continue;
      }
      const url = new URL(fillBaseUrl(p.baseUrl, exampleValues(p)));
      expect(['http:', 'https:'], p.id).toContain(url.protocol);
      expect(url.search, p.id).toBe('');
      expect(p.baseUrl.endsWith('/'), p.id).toBe(false);
      if (p.local) expect(url.hostname, p.id).toBe('127.0.0.1');
      else expect(url.protocol, p.id).toBe('https:');
    }
  });

  it('the Azure preset is a deployment URL template with an api-version and the api-key header', () => {
    const azure = findPreset('azure-openai')!;
    expect(baseUrlPlaceholders(azure.baseUrl)).toEqual(['resource', 'deployment']);
    expect(fillBaseUrl(azure.baseUrl, { resource: 'acme', deployment: 'gpt' })).toBe('https://acme.openai.azure.com/openai/deployments/gpt');
    expect(azure.query?.['api-version']).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(azure.auth).toBe('api-key');
  });

  it('key patterns compile and match their own provider’s sample key and no other provider’s', () => {
    expect(withPattern.map((p) => p.id).filter((id) => !(id in SAMPLE_KEYS))).toEqual([]);
    for (const p of withPattern) {
      const re = compileKeyPattern(p.keyPattern);
      for (const [owner, key] of Object.entries(SAMPLE_KEYS)) {
        const ownerPattern = findPreset(owner)!.keyPattern!;
        const samePattern = ownerPattern.source === p.keyPattern.source && ownerPattern.flags === p.keyPattern.flags;
        expect(re.test(key), `${p.id} pattern vs ${owner} key`).toBe(owner === p.id || samePattern);
      }
    }
  });

  it('keys of unrecognisable shape (and DeepSeek-style sk-<hex>) match no pattern', () => {
    for (const key of [`sk-${filler(32, '0123456789abcdef', 11)}`, filler(32, ALNUM, 12), 'not-a-key', '']) {
      expect(presetsMatchingKey(key), key).toEqual([]);
    }
    expect(presetsMatchingKey(`  ${SAMPLE_KEYS.groq!}\n`).map((p) => p.id)).toEqual(['groq']);
    expect(presetsMatchingKey(SAMPLE_KEYS.anthropic!).map((p) => p.id)).toEqual(['anthropic']);
  });

  it('declares the quirks providers need', () => {
    expect(findPreset('deepseek')!.quirks).toMatchObject({ echoReasoning: true, reasoningField: 'reasoning_content' });
    expect(findPreset('moonshot')!.quirks).toMatchObject({ echoReasoning: true });
    expect(findPreset('openrouter')!.quirks).toMatchObject({ reasoningField: 'reasoning' });
    expect(findPreset('openai')!.quirks).toMatchObject({ maxTokensField: 'max_completion_tokens' });
  });

  it('searchPresets finds by name and by model id, case-insensitively, in list order', () => {
    expect(searchPresets('Moonshot Kimi').map((p) => p.id)).toEqual(['moonshot']);
    expect(searchPresets('moonshot').map((p) => p.id)).toEqual(['openrouter', 'moonshot', 'together', 'deepinfra']);
    expect(searchPresets('lm studio').map((p) => p.id)).toEqual(['lmstudio']);
    expect(searchPresets('CLAUDE-OPUS-5-5').map((p) => p.id)).toEqual(['anthropic']);
    expect(searchPresets('glm-5.2').map((p) => p.id)).toEqual(['zai', 'zai-anthropic', 'zhipu', 'together', 'deepinfra']);
    expect(searchPresets('deepseek').map((p) => p.id)).toEqual(['deepseek', 'deepseek-anthropic', 'together', 'deepinfra']);
    expect(searchPresets('  ')).toBe(PROVIDER_PRESETS);
    expect(searchPresets('no-such-provider-or-model')).toEqual([]);
  });

  it('findPreset returns the preset or undefined', () => {
    expect(findPreset('gemini')?.name).toContain('Gemini');
    expect(findPreset('Gemini')).toBeUndefined();
    expect(findPreset('')).toBeUndefined();
  });
});
